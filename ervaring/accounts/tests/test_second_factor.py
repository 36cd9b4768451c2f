"""A second factor for staff (issue 11): TOTP with recovery codes, required by default for
beheerder and onderzoeker, configurable per organisation, and nobody logged in half-way."""

import base64
import hashlib
import re

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from ervaring.accounts.models import AuditEvent, RecoveryCode, SecondFactorPolicy
from ervaring.accounts.tests.factories import OrganisationFactory, StaffFactory
from ervaring.accounts.tests.helpers import PASSWORD, give_app, log_in, totp

pytestmark = pytest.mark.django_db
HOME = reverse("accounts:profile")
CODE = re.compile(r"<code>([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})</code>")


def is_logged_in(client) -> bool:
    return client.get(HOME).status_code == 200


def test_a_beheerder_sets_up_an_app_before_being_logged_in_and_sees_recovery_codes_once(client):
    beheerder = StaffFactory(beheerder=True, username="bea")
    response = log_in(client, "bea")
    assert response["Location"] == reverse("accounts:second-factor-setup")
    assert not is_logged_in(client)
    page = client.get(reverse("accounts:second-factor-setup")).content.decode()
    assert 'src="data:image/svg+xml' in page
    device = TOTPDevice.objects.get(user=beheerder, confirmed=False)
    # The key shown for typing is the device's key in base 32 (checked independently).
    shown = re.search(r'<code class="secret">([A-Z2-7 ]+)</code>', page).group(1)
    assert base64.b32decode(shown.replace(" ", "")).hex() == device.key
    wrong = client.post(reverse("accounts:second-factor-setup"), {"code": "000000"})
    assert "Deze code klopt niet" in wrong.content.decode() and not is_logged_in(client)
    done = client.post(reverse("accounts:second-factor-setup"), {"code": totp(device.key)})
    assert done["Location"] == reverse("accounts:recovery-codes")
    sheet = client.get(reverse("accounts:recovery-codes")).content.decode()
    codes = CODE.findall(sheet)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert client.get(reverse("accounts:recovery-codes")).status_code == 302  # shown once
    stored = set(RecoveryCode.objects.values_list("code_hash", flat=True))
    assert not any(c.replace("-", "") in h for c in codes for h in stored)
    assert stored == {hashlib.sha256(c.replace("-", "").encode()).hexdigest() for c in codes}
    assert is_logged_in(client)
    assert AuditEvent.objects.filter(action="staff.second_factor_set_up", actor=beheerder).exists()


@pytest.mark.parametrize(
    ("policy", "role", "required"),
    [
        (SecondFactorPolicy.MANAGEMENT, "beheerder", True),
        (SecondFactorPolicy.MANAGEMENT, "onderzoeker", True),
        (SecondFactorPolicy.MANAGEMENT, "professional", False),
        (SecondFactorPolicy.MANAGEMENT, "invoerder", False),
        (SecondFactorPolicy.EVERYONE, "professional", True),
        (SecondFactorPolicy.EVERYONE, "invoerder", True),
        (SecondFactorPolicy.OPTIONAL, "beheerder", False),
    ],
)
def test_the_organisation_decides_who_must_have_a_second_factor(client, policy, role, required):
    org = OrganisationFactory(second_factor_policy=policy)
    traits = {role: True} if role != "onderzoeker" else {}
    StaffFactory(organisation=org, username="iemand", **traits)
    response = log_in(client, "iemand")
    if required:
        assert response["Location"] == reverse("accounts:second-factor-setup")
        assert not is_logged_in(client)
    else:
        assert response["Location"] == reverse("accounts:home")
        assert is_logged_in(client)


def test_the_default_policy_is_beheerder_and_onderzoeker():
    assert OrganisationFactory().second_factor_policy == SecondFactorPolicy.MANAGEMENT


def test_whoever_set_up_an_app_gives_a_code_at_every_login_even_when_not_required(client):
    org = OrganisationFactory(second_factor_policy=SecondFactorPolicy.OPTIONAL)
    person = StaffFactory(organisation=org, professional=True, username="piet")
    device = give_app(person)
    response = client.post(reverse("accounts:login"), {"username": "piet", "password": PASSWORD})
    assert response["Location"] == reverse("accounts:second-factor")
    assert not is_logged_in(client)
    wrong = client.post(reverse("accounts:second-factor"), {"code": "123456"})
    assert "Deze code klopt niet" in wrong.content.decode() and not is_logged_in(client)
    client.post(reverse("accounts:second-factor"), {"code": totp(device.key)})
    assert is_logged_in(client)
    event = AuditEvent.objects.get(action="staff.logged_in")
    assert event.details == {"second_factor": "app"}


def test_a_code_cannot_be_used_twice(client):
    person = StaffFactory(username="olaf")
    device = give_app(person)
    log_in(client, "olaf", device)
    assert is_logged_in(client)
    client.post(reverse("accounts:logout"))
    again = log_in(client, "olaf", device)  # the same 30-second code
    assert "Deze code klopt niet" in again.content.decode() and not is_logged_in(client)


def test_a_recovery_code_logs_in_once_and_a_used_one_is_refused(client):
    from ervaring.accounts.security import second_factor

    person = StaffFactory(username="olaf")
    give_app(person)
    codes = second_factor.make_recovery_codes(person)
    log_in(client, "olaf")
    typed = codes[3].lower().replace("-", " ")  # case and spacing do not matter
    response = client.post(reverse("accounts:second-factor"), {"code": typed}, follow=True)
    assert is_logged_in(client)
    assert "nog 9 over" in response.content.decode()
    client.post(reverse("accounts:logout"))
    log_in(client, "olaf")
    client.post(reverse("accounts:second-factor"), {"code": codes[3]})
    assert not is_logged_in(client)


def test_the_second_step_expires_and_cannot_be_skipped(client, monkeypatch):
    from ervaring.accounts.security import login as login_flow

    person = StaffFactory(username="olaf")
    device = give_app(person)
    client.post(reverse("accounts:login"), {"username": "olaf", "password": PASSWORD})
    for page in (HOME, reverse("questionnaires:survey-list"), reverse("accounts:staff-list")):
        assert client.get(page).status_code in {302, 404}
        assert not is_logged_in(client)
    monkeypatch.setattr(login_flow, "PENDING_SECONDS", -1)
    client.post(reverse("accounts:second-factor"), {"code": totp(device.key)})
    assert not is_logged_in(client)


def test_a_second_factor_can_be_set_up_from_mijn_gegevens_when_not_required(client):
    org = OrganisationFactory(second_factor_policy=SecondFactorPolicy.OPTIONAL)
    person = StaffFactory(organisation=org, username="piet", professional=True)
    log_in(client, "piet")
    assert "Tweede factor instellen" in client.get(HOME).content.decode()
    client.get(reverse("accounts:second-factor-setup"))
    device = TOTPDevice.objects.get(user=person)
    client.post(reverse("accounts:second-factor-setup"), {"code": totp(device.key)})
    assert len(CODE.findall(client.get(reverse("accounts:recovery-codes")).content.decode())) == 10
    client.post(reverse("accounts:logout"))
    assert log_in(client, "piet")["Location"] == reverse("accounts:second-factor")


def test_a_beheerder_can_clear_a_lost_second_factor_and_it_is_logged(client):
    from ervaring.accounts.security import second_factor

    person = StaffFactory(username="olaf")
    beheerder = StaffFactory(organisation=person.organisation, beheerder=True)
    give_app(person)
    second_factor.make_recovery_codes(person)
    second_factor.remove(person, actor=beheerder)
    assert log_in(client, "olaf")["Location"] == reverse("accounts:second-factor-setup")
    event = AuditEvent.objects.get(action="staff.second_factor_removed")
    assert (event.actor, event.target) == (beheerder, "olaf")


def test_someone_with_only_the_password_cannot_set_up_a_new_app_instead(client):
    person = StaffFactory(username="olaf")
    give_app(person)
    log_in(client, "olaf")  # the password, then stop before the code
    setup = reverse("accounts:second-factor-setup")
    assert client.get(setup)["Location"] == reverse("accounts:second-factor")
    assert client.post(setup, {"code": "123456"})["Location"] == reverse("accounts:second-factor")
    assert TOTPDevice.objects.filter(user=person).count() == 1
    assert not is_logged_in(client)
