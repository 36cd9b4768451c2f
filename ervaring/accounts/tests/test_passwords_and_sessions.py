"""Passwords (the validators on every way in; change and reset by e-mail) and sessions
(inactivity, a working day at most, log out everywhere), issue 11."""

import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from ervaring.accounts import services
from ervaring.accounts.models import AuditEvent, Role, Staff
from ervaring.accounts.security import sessions
from ervaring.accounts.tests.factories import OrganisationFactory, StaffFactory
from ervaring.accounts.tests.helpers import PASSWORD, log_in

pytestmark = pytest.mark.django_db
HOME = reverse("accounts:profile")
STRONG = "lente-kastanje-fiets-42"


@pytest.fixture
def piet():
    org = OrganisationFactory(second_factor_policy="vrijwillig")
    return StaffFactory(
        organisation=org, professional=True, username="piet", email="piet@example.org"
    )


def logged_in_client(username: str) -> Client:
    client = Client()
    assert log_in(client, username).status_code == 302
    return client


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("kort-wachtw", "minstens 12 tekens"),
        ("839201746352", "alleen cijfers"),
        ("password123456", "te algemeen"),
        ("janssen-beheer", "lijkt te veel op"),
    ],
)
def test_create_staff_refuses_a_weak_password_in_dutch_and_creates_nobody(password, message):
    org = OrganisationFactory()
    with pytest.raises(ValidationError) as refused:
        services.create_staff(org, "janssen-beheer", password, Role.BEHEERDER)
    assert message in " ".join(refused.value.messages)
    assert not Staff.objects.filter(username="janssen-beheer").exists()


def test_create_staff_accepts_a_strong_password():
    staff = services.create_staff(OrganisationFactory(), "bea", STRONG, Role.BEHEERDER)
    assert staff.check_password(STRONG)


def test_changing_the_password_checks_the_rules_and_ends_other_sessions(piet):
    here, elsewhere = logged_in_client("piet"), logged_in_client("piet")
    url = reverse("accounts:password-change")
    weak = here.post(
        url,
        {
            "old_password": PASSWORD,
            "new_password1": "administrator",
            "new_password2": "administrator",
        },
    )
    assert "te algemeen" in weak.content.decode()
    wrong_old = here.post(
        url, {"old_password": "fout", "new_password1": STRONG, "new_password2": STRONG}
    )
    assert wrong_old.status_code == 200
    done = here.post(
        url, {"old_password": PASSWORD, "new_password1": STRONG, "new_password2": STRONG}
    )
    assert done["Location"] == HOME
    assert here.get(HOME).status_code == 200
    assert elsewhere.get(HOME).status_code == 302
    piet.refresh_from_db()
    assert piet.check_password(STRONG)
    assert AuditEvent.objects.filter(action="staff.password_changed", actor=piet).count() == 1
    (notice,) = mail.outbox  # ASVS 2.2.3: the person hears of it
    assert notice.to == ["piet@example.org"]
    assert "uw wachtwoord is gewijzigd" in notice.body and "Was u dit niet?" in notice.body


def test_a_password_reset_by_e_mail_sets_a_valid_password_and_does_not_log_in(client, piet):
    sent = client.post(reverse("accounts:password-reset"), {"email": "piet@example.org"})
    assert sent["Location"] == reverse("accounts:password-reset-sent")
    (message,) = mail.outbox
    assert message.subject == "Nieuw wachtwoord voor Ervaring"
    assert "Kies een nieuw wachtwoord via deze link" in message.body
    link = re.search(r"http://testserver(/account/wachtwoord/nieuw/\S+)", message.body).group(1)
    form_url = client.get(link)["Location"]  # Django swaps the token for a session marker
    weak = client.post(form_url, {"new_password1": "pietjepuk", "new_password2": "pietjepuk"})
    assert weak.status_code == 200 and "minstens 12 tekens" in weak.content.decode()
    done = client.post(form_url, {"new_password1": STRONG, "new_password2": STRONG})
    assert done["Location"] == reverse("accounts:password-reset-complete")
    assert client.get(HOME).status_code == 302  # not logged in by the reset
    assert log_in(client, "piet").status_code == 200  # the old password no longer works
    piet.refresh_from_db()
    assert piet.check_password(STRONG)
    assert "werkt niet meer" in client.get(link, follow=True).content.decode()
    assert AuditEvent.objects.filter(action="staff.password_reset", target="piet").exists()
    assert "nieuw wachtwoord gekozen" in mail.outbox[-1].body


def test_a_reset_for_an_unknown_address_looks_the_same_and_sends_nothing(client, piet):
    sent = client.post(reverse("accounts:password-reset"), {"email": "niemand@example.org"})
    assert sent["Location"] == reverse("accounts:password-reset-sent")
    assert mail.outbox == []


def test_reset_e_mails_from_one_address_are_limited(client, piet, monkeypatch):
    from ervaring.accounts.security import throttle

    monkeypatch.setattr(throttle, "clock", lambda: 1_800_000_000.0)
    url = reverse("accounts:password-reset")
    for _ in range(5):
        assert client.post(url, {"email": "piet@example.org"}).status_code == 302
    refused = client.post(url, {"email": "piet@example.org"})
    assert refused.status_code == 429 and "over 60 seconden" in refused.content.decode()
    assert len(mail.outbox) == 5
    other = Client(REMOTE_ADDR="192.0.2.99")
    assert other.post(url, {"email": "piet@example.org"}).status_code == 302


def test_log_out_everywhere_ends_every_session_of_the_account_only(piet):
    StaffFactory(organisation=piet.organisation, professional=True, username="ria")
    here, elsewhere, colleague = (
        logged_in_client("piet"),
        logged_in_client("piet"),
        logged_in_client("ria"),
    )
    response = here.post(reverse("accounts:logout-everywhere"))
    assert response["Location"] == reverse("accounts:login")
    assert here.get(HOME).status_code == 302
    assert elsewhere.get(HOME).status_code == 302
    assert colleague.get(HOME).status_code == 200
    assert logged_in_client("piet").get(HOME).status_code == 200  # logging in again works
    assert AuditEvent.objects.filter(action="staff.logged_out_everywhere").count() == 1


def test_a_staff_session_ends_after_thirty_minutes_without_a_request(piet, monkeypatch):
    moment = {"t": 1_800_000_000.0}
    monkeypatch.setattr(sessions, "clock", lambda: moment["t"])
    client = logged_in_client("piet")
    moment["t"] += 29 * 60
    assert client.get(HOME).status_code == 200
    moment["t"] += 29 * 60  # 58 minutes after login, 29 after the last request
    assert client.get(HOME).status_code == 200
    moment["t"] += 31 * 60
    response = client.get(HOME)
    assert response.status_code == 302 and response["Location"].startswith(
        reverse("accounts:login")
    )
    assert client.get(HOME).status_code == 302


def test_a_staff_session_ends_a_working_day_after_login_however_busy(piet, monkeypatch):
    moment = {"t": 1_800_000_000.0}
    monkeypatch.setattr(sessions, "clock", lambda: moment["t"])
    client = logged_in_client("piet")
    for _ in range(8 * 6 - 1):  # a request every ten minutes for almost eight hours
        moment["t"] += 10 * 60
        assert client.get(HOME).status_code == 200
    moment["t"] += 10 * 60 + 1
    assert client.get(HOME).status_code == 302


def test_createsuperuser_without_input_applies_the_password_rules(monkeypatch):
    from django.core.management import CommandError, call_command

    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "admin")
    with pytest.raises(CommandError, match="minstens 12 tekens"):
        call_command("createsuperuser", interactive=False, username="op", email="op@example.org")
    assert not Staff.objects.filter(username="op").exists()
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", STRONG)
    call_command("createsuperuser", interactive=False, username="op", email="op@example.org")
    assert Staff.objects.get(username="op").is_superuser


def test_a_session_without_the_login_stamps_is_ended(piet):
    client = logged_in_client("piet")
    session = client.session
    del session[sessions.LOGGED_IN_AT]
    session.save()
    assert client.get(HOME).status_code == 302
