"""Security keys and passkeys (WebAuthn) as a second factor, beside the authenticator app.

The checks of the ceremonies (signature, origin, relying party, challenge, user presence) are
py_webauthn's; this module keeps what a server must keep itself: a challenge is made for one
ceremony of one person, lives a few minutes and is used once (it is taken out of the session
before it is checked); the signature counter only goes up, and a key whose counter went back
is refused and logged, because that is what a cloned key looks like.

A browser offers WebAuthn only for a host name over HTTPS (or `localhost`), never for a bare
IP address: `available()` says so, and the pages then offer the app only.
"""

import ipaddress
import json
import time

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ervaring.accounts.models import Staff
from ervaring.accounts.security import notify
from ervaring.accounts.security.models import SecurityKey
from ervaring.accounts.services import log_event

CHALLENGE_SECONDS = 5 * 60
REGISTER, AUTHENTICATE = "ervaring_webauthn_register", "ervaring_webauthn_authenticate"
MAX_KEYS = 10
MAX_NAME = 60


class KeyError_(Exception):
    """The key was refused; the message says why in Dutch."""


def available() -> bool:
    """Can a browser use keys on this installation (a host name, not an IP address)?"""
    host = settings.WEBAUTHN_RP_ID
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return bool(host)
    return False


def keys_of(staff: Staff) -> list[SecurityKey]:
    return list(SecurityKey.objects.filter(user=staff, confirmed=True).order_by("created_at"))


def registration_options(staff: Staff, session: dict) -> str:
    """The options for `navigator.credentials.create`, as JSON; the challenge is kept."""
    from webauthn import generate_registration_options, options_to_json
    from webauthn.helpers.structs import (
        AuthenticatorSelectionCriteria,
        PublicKeyCredentialDescriptor,
        ResidentKeyRequirement,
        UserVerificationRequirement,
    )

    options = generate_registration_options(
        rp_id=settings.WEBAUTHN_RP_ID,
        rp_name="Ervaring",
        user_name=staff.get_username(),
        user_id=str(staff.pk).encode(),
        user_display_name=staff.get_full_name() or staff.get_username(),
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.DISCOURAGED,
            user_verification=UserVerificationRequirement.PREFERRED,
        ),
        exclude_credentials=[
            PublicKeyCredentialDescriptor(id=_bytes(key.credential_id)) for key in keys_of(staff)
        ],
    )
    _keep_challenge(session, REGISTER, staff, options.challenge)
    return options_to_json(options)


def register(staff: Staff, session: dict, credential: str, name: str) -> SecurityKey:
    """Check the browser's answer to the registration and store the key (logged, mailed)."""
    from webauthn import verify_registration_response
    from webauthn.helpers.exceptions import InvalidRegistrationResponse

    challenge = _take_challenge(session, REGISTER, staff)
    name = " ".join(name.split())[:MAX_NAME] or "Beveiligingssleutel"
    if len(keys_of(staff)) >= MAX_KEYS:
        raise KeyError_(f"U hebt al {MAX_KEYS} sleutels. Verwijder er eerst een.")
    try:
        verified = verify_registration_response(
            credential=_parse(credential),
            expected_challenge=challenge,
            expected_rp_id=settings.WEBAUTHN_RP_ID,
            expected_origin=settings.WEBAUTHN_ORIGIN,
        )
    except InvalidRegistrationResponse as error:
        raise KeyError_("De sleutel kon niet worden vastgelegd. Probeer het opnieuw.") from error
    credential_id = _text(verified.credential_id)
    if SecurityKey.objects.filter(credential_id=credential_id).exists():
        raise KeyError_("Deze sleutel is al vastgelegd.")
    with transaction.atomic():
        key = SecurityKey.objects.create(
            user=staff,
            name=name,
            confirmed=True,
            credential_id=credential_id,
            public_key=verified.credential_public_key,
            sign_count=verified.sign_count,
            transports=_transports(credential),
        )
        log_event(
            "staff.security_key_added",
            organisation=staff.organisation,
            actor=staff,
            target=staff.get_username(),
            key=name,
        )
    notify.send_security_notice(staff, "security_key_added")
    return key


def authentication_options(staff: Staff, session: dict) -> str:
    """The options for `navigator.credentials.get` with this person's keys, as JSON."""
    from webauthn import generate_authentication_options, options_to_json
    from webauthn.helpers.structs import (
        PublicKeyCredentialDescriptor,
        UserVerificationRequirement,
    )

    options = generate_authentication_options(
        rp_id=settings.WEBAUTHN_RP_ID,
        allow_credentials=[
            PublicKeyCredentialDescriptor(id=_bytes(key.credential_id)) for key in keys_of(staff)
        ],
        user_verification=UserVerificationRequirement.PREFERRED,
    )
    _keep_challenge(session, AUTHENTICATE, staff, options.challenge)
    return options_to_json(options)


def authenticate(staff: Staff, session: dict, credential: str) -> SecurityKey:
    """Check the browser's signed answer with the person's stored key; return the key."""
    from webauthn import verify_authentication_response
    from webauthn.helpers.exceptions import InvalidAuthenticationResponse

    challenge = _take_challenge(session, AUTHENTICATE, staff)
    answer = _parse(credential)
    with transaction.atomic():
        key = (
            SecurityKey.objects.select_for_update()
            .filter(user=staff, confirmed=True, credential_id=str(answer.get("id", "")))
            .first()
        )
        if key is None:
            raise KeyError_("Deze sleutel hoort niet bij uw account.")
        try:
            verified = verify_authentication_response(
                credential=answer,
                expected_challenge=challenge,
                expected_rp_id=settings.WEBAUTHN_RP_ID,
                expected_origin=settings.WEBAUTHN_ORIGIN,
                credential_public_key=bytes(key.public_key),
                credential_current_sign_count=key.sign_count,
            )
        except InvalidAuthenticationResponse as error:
            if "sign count" not in str(error).lower():
                raise KeyError_("De sleutel werd niet herkend. Probeer het opnieuw.") from error
            verified = None
        else:
            key.sign_count, key.last_used_at = verified.new_sign_count, timezone.now()
            key.save(update_fields=["sign_count", "last_used_at"])
    if verified is None:
        # Written after the key's transaction, so the warning stays although login fails.
        log_event(
            "staff.security_key_refused",
            organisation=staff.organisation,
            actor_label=staff.get_username(),
            target=staff.get_username(),
            key=key.name,
            reason="teller ging terug",
        )
        raise KeyError_(
            "Deze sleutel lijkt gekopieerd (de teller ging terug) en is geweigerd. "
            "Log in met uw app of een herstelcode en neem contact op met de beheerder."
        )
    return key


def remove(staff: Staff, pk: int) -> str:
    """Forget one of the person's own keys (logged, mailed); return its name."""
    key = SecurityKey.objects.filter(user=staff, pk=pk).first()
    if key is None:
        raise KeyError_("Deze sleutel bestaat niet (meer).")
    with transaction.atomic():
        key.delete()
        log_event(
            "staff.security_key_removed",
            organisation=staff.organisation,
            actor=staff,
            target=staff.get_username(),
            key=key.name,
        )
    notify.send_security_notice(staff, "security_key_removed")
    return key.name


def _keep_challenge(session: dict, purpose: str, staff: Staff, challenge: bytes) -> None:
    session[purpose] = {"user": staff.pk, "challenge": _text(challenge), "at": time.time()}


def _take_challenge(session: dict, purpose: str, staff: Staff) -> bytes:
    """The challenge for this ceremony, removed from the session: usable exactly once."""
    kept = session.pop(purpose, None)
    if (
        not isinstance(kept, dict)
        or kept.get("user") != staff.pk
        or time.time() - kept.get("at", 0) > CHALLENGE_SECONDS
    ):
        raise KeyError_("Dit verzoek is verlopen of al gebruikt. Probeer het opnieuw.")
    return _bytes(kept["challenge"])


def _parse(credential: str) -> dict:
    try:
        parsed = json.loads(credential)
    except (TypeError, ValueError) as error:
        raise KeyError_("Het antwoord van de sleutel is onleesbaar.") from error
    if not isinstance(parsed, dict):
        raise KeyError_("Het antwoord van de sleutel is onleesbaar.")
    return parsed


def _transports(credential: str) -> list[str]:
    found = _parse(credential).get("response", {}).get("transports", [])
    return [str(t) for t in found][:6] if isinstance(found, list) else []


def _text(raw: bytes) -> str:
    from webauthn.helpers import bytes_to_base64url

    return bytes_to_base64url(raw)


def _bytes(text: str) -> bytes:
    from webauthn.helpers import base64url_to_bytes

    return base64url_to_bytes(text)
