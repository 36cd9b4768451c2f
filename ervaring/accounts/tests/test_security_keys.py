"""Security keys (WebAuthn) as a second factor, checked with a key made in the test: the
authenticator below follows the WebAuthn Level 2 spec (authenticator data, "none"
attestation, ES256 signatures over authData || SHA-256(clientDataJSON)) with a real P-256 key
from `cryptography`, so py_webauthn verifies real signatures, and every refusal is a real one.
"""

import base64
import hashlib
import json
import struct

import cbor2
import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from django.core import mail

from ervaring.accounts.models import AuditEvent, SecurityKey
from ervaring.accounts.tests.factories import StaffFactory
from ervaring.accounts.tests.helpers import PASSWORD, give_app, log_in, next_code

pytestmark = pytest.mark.django_db
RP_ID, ORIGIN = "ervaring.example", "https://ervaring.example"
UP, UV, AT = 0x01, 0x04, 0x40


def b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


class Authenticator:
    """A security key: one P-256 key pair, a credential id and a signature counter."""

    def __init__(self) -> None:
        self.private = ec.generate_private_key(ec.SECP256R1())
        self.credential_id = hashlib.sha256(str(id(self)).encode()).digest()
        self.counter = 0

    def cose_key(self) -> bytes:
        numbers = self.private.public_key().public_numbers()
        return cbor2.dumps(
            {
                1: 2,
                3: -7,
                -1: 1,
                -2: numbers.x.to_bytes(32, "big"),
                -3: numbers.y.to_bytes(32, "big"),
            }
        )

    def client_data(self, kind: str, challenge: str, origin: str) -> bytes:
        data = {"type": kind, "challenge": challenge, "origin": origin, "crossOrigin": False}
        return json.dumps(data).encode()

    def create(self, options: dict, origin: str = ORIGIN) -> str:
        attested = (
            bytes(16) + struct.pack(">H", len(self.credential_id)) + self.credential_id
        ) + self.cose_key()
        auth_data = (
            hashlib.sha256(options["rp"]["id"].encode()).digest()
            + bytes([UP | UV | AT])
            + struct.pack(">I", self.counter)
            + attested
        )
        attestation = cbor2.dumps({"fmt": "none", "attStmt": {}, "authData": auth_data})
        client_data = self.client_data("webauthn.create", options["challenge"], origin)
        return json.dumps(
            {
                "id": b64url(self.credential_id),
                "rawId": b64url(self.credential_id),
                "type": "public-key",
                "clientExtensionResults": {},
                "response": {
                    "clientDataJSON": b64url(client_data),
                    "attestationObject": b64url(attestation),
                    "transports": ["usb"],
                },
            }
        )

    def get(self, options: dict, origin: str = ORIGIN, counter: int | None = None) -> str:
        self.counter = self.counter + 1 if counter is None else counter
        auth_data = (
            hashlib.sha256(options["rpId"].encode()).digest()
            + bytes([UP | UV])
            + struct.pack(">I", self.counter)
        )
        client_data = self.client_data("webauthn.get", options["challenge"], origin)
        signed = auth_data + hashlib.sha256(client_data).digest()
        signature = self.private.sign(signed, ec.ECDSA(hashes.SHA256()))
        return json.dumps(
            {
                "id": b64url(self.credential_id),
                "rawId": b64url(self.credential_id),
                "type": "public-key",
                "clientExtensionResults": {},
                "response": {
                    "clientDataJSON": b64url(client_data),
                    "authenticatorData": b64url(auth_data),
                    "signature": b64url(signature),
                },
            }
        )


@pytest.fixture(autouse=True)
def relying_party(settings):
    settings.WEBAUTHN_RP_ID, settings.WEBAUTHN_ORIGIN = RP_ID, ORIGIN


@pytest.fixture
def bea(client):
    """A beheerder logged in with her app (a verified login may add a key)."""
    person = StaffFactory(beheerder=True, username="bea", email="bea@example.org")
    log_in(client, "bea", give_app(person))
    return person


def add_key(client, key: Authenticator, name: str = "YubiKey blauw"):
    options = client.post("/account/sleutels/opties/").json()
    return client.post("/account/sleutels/", {"name": name, "credential": key.create(options)})


def password_step(client, username: str = "bea") -> None:
    client.logout()
    answer = client.post("/account/inloggen/", {"username": username, "password": PASSWORD})
    assert answer["Location"] == "/account/inloggen/tweede-factor/"


def test_a_key_is_added_and_then_logs_in_instead_of_the_app(client, bea):
    key = Authenticator()
    mail.outbox.clear()
    answer = add_key(client, key)
    assert answer.status_code == 200
    stored = SecurityKey.objects.get(user=bea)
    assert (stored.name, stored.transports) == ("YubiKey blauw", ["usb"])
    assert AuditEvent.objects.filter(action="staff.security_key_added", actor=bea).exists()
    assert "beveiligingssleutel toegevoegd" in mail.outbox[-1].body
    assert "YubiKey blauw" in client.get("/account/mijn-gegevens/").content.decode()

    password_step(client)
    page = client.get("/account/inloggen/tweede-factor/").content.decode()
    assert "Inloggen met uw beveiligingssleutel" in page
    options = client.post("/account/inloggen/sleutel/opties/").json()
    assert [c["id"] for c in options["allowCredentials"]] == [b64url(key.credential_id)]
    answer = client.post("/account/inloggen/sleutel/", {"credential": key.get(options)})
    assert answer.status_code == 200 and answer.json()["next"]
    event = AuditEvent.objects.filter(action="staff.logged_in", actor=bea).latest("pk")
    assert event.details["second_factor"] == "sleutel"
    stored.refresh_from_db()
    assert stored.sign_count == 1 and stored.last_used_at is not None
    assert client.get("/account/mijn-gegevens/").status_code == 200  # logged in


def test_a_replayed_answer_a_wrong_origin_and_a_cloned_key_are_refused(client, bea):
    key = Authenticator()
    add_key(client, key)
    password_step(client)
    options = client.post("/account/inloggen/sleutel/opties/").json()
    phished = key.get(options, origin="https://ervaring-inloggen.example")
    refused = client.post("/account/inloggen/sleutel/", {"credential": phished})
    assert refused.status_code == 400
    # The challenge went with that attempt: the same signed answer again is refused too.
    options_used = options
    again = client.post("/account/inloggen/sleutel/", {"credential": key.get(options_used)})
    assert "verlopen of al gebruikt" in again.json()["error"]
    # A good login at counter 5, then an answer with counter 3: what a cloned key does.
    options = client.post("/account/inloggen/sleutel/opties/").json()
    good = client.post("/account/inloggen/sleutel/", {"credential": key.get(options, counter=5)})
    assert good.status_code == 200
    password_step(client)
    options = client.post("/account/inloggen/sleutel/opties/").json()
    clone = client.post("/account/inloggen/sleutel/", {"credential": key.get(options, counter=3)})
    assert clone.status_code == 400 and "gekopieerd" in clone.json()["error"]
    assert AuditEvent.objects.filter(action="staff.security_key_refused").count() == 1
    assert client.get("/account/mijn-gegevens/").status_code == 302  # not logged in


def test_only_a_verified_login_adds_a_key_and_only_the_owner_removes_one(client, bea):
    key = Authenticator()
    add_key(client, key)
    stored = SecurityKey.objects.get(user=bea)
    other = StaffFactory(organisation=bea.organisation, username="olaf")
    give_app(other)
    client.force_login(other)  # the password only: no second factor used in this session
    assert client.post("/account/sleutels/opties/").status_code == 403
    assert client.post(f"/account/sleutels/{stored.pk}/verwijderen/").status_code == 302
    assert SecurityKey.objects.filter(pk=stored.pk).exists()
    log_in(client, "olaf", other.totpdevice_set.get())
    client.post(f"/account/sleutels/{stored.pk}/verwijderen/")
    assert SecurityKey.objects.filter(pk=stored.pk).exists()  # not olaf's key
    password_step(client, "bea")  # her app's next code: the first one was used up
    code = next_code(bea.totpdevice_set.get())
    client.post("/account/inloggen/tweede-factor/", {"code": code})
    client.post(f"/account/sleutels/{stored.pk}/verwijderen/")
    assert not SecurityKey.objects.filter(pk=stored.pk).exists()
    assert AuditEvent.objects.filter(action="staff.security_key_removed", actor=bea).exists()


def test_on_a_bare_ip_address_the_pages_offer_the_app_only(client, bea, settings):
    settings.WEBAUTHN_RP_ID, settings.WEBAUTHN_ORIGIN = "127.0.0.1", "http://127.0.0.1:8000"
    page = client.get("/account/mijn-gegevens/").content.decode()
    assert "niet op een IP-adres" in page and 'data-webauthn="register"' not in page
    assert client.post("/account/sleutels/opties/").status_code == 403
