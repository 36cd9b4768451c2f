"""Failed staff logins are slowed down per account, per address and per pair, without letting
anyone lock a real person out (issue 11). Budgets: 5 per account and address, 10 per account
from untrusted browsers, 30 per address, then one per 60 seconds (the settings' defaults)."""

import re

import pytest
from django.urls import reverse

from ervaring.accounts import auth_views
from ervaring.accounts.models import AuditEvent, LoginBudget
from ervaring.accounts.security import throttle
from ervaring.accounts.tests.factories import OrganisationFactory, StaffFactory
from ervaring.accounts.tests.helpers import PASSWORD

pytestmark = pytest.mark.django_db
LOGIN = reverse("accounts:login")
HOME = reverse("accounts:profile")


@pytest.fixture
def now(monkeypatch):
    """The throttle's clock, moved by the test."""
    moment = {"t": 1_800_000_000.0}
    monkeypatch.setattr(throttle, "clock", lambda: moment["t"])
    return moment


@pytest.fixture
def hashes(monkeypatch):
    """How many password checks ran (each costs a full hash, also for unknown usernames)."""
    calls = []
    real = auth_views.authenticate

    def counting(*args, **kwargs):
        calls.append(kwargs.get("username"))
        return real(*args, **kwargs)

    monkeypatch.setattr(auth_views, "authenticate", counting)
    return calls


@pytest.fixture
def piet():
    org = OrganisationFactory(second_factor_policy="vrijwillig")
    return StaffFactory(organisation=org, professional=True, username="piet")


def page_text(response, username: str) -> str:
    """The page without the username typed and the (random) CSRF token."""
    html = response.content.decode().replace(username, "X")
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def attempt(client, username, password, address="192.0.2.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def test_after_five_wrong_passwords_the_next_attempt_waits_and_costs_no_hash(
    client, piet, now, hashes
):
    for _ in range(5):
        assert attempt(client, "piet", "fout").status_code == 200
    refused = attempt(client, "piet", PASSWORD)
    assert refused.status_code == 429
    assert "Probeer het over 60 seconden opnieuw" in refused.content.decode()
    assert len(hashes) == 5  # the refused attempt was not checked
    assert client.get(HOME).status_code == 302
    now["t"] += 30
    assert "over 30 seconden" in attempt(client, "piet", PASSWORD).content.decode()
    now["t"] += 30  # attempts while waiting did not make the wait longer
    assert attempt(client, "piet", PASSWORD).status_code == 302
    assert client.get(HOME).status_code == 200


def test_a_right_password_gives_its_attempt_back(client, piet, now):
    for _ in range(4):
        attempt(client, "piet", "fout")
    assert attempt(client, "piet", PASSWORD).status_code == 302
    client.post(reverse("accounts:logout"))
    del client.cookies[throttle.TRUSTED_COOKIE]  # count as a new browser again
    assert attempt(client, "piet", "fout").status_code == 200  # the fifth failure, checked
    assert attempt(client, "piet", "fout").status_code == 429


def test_many_addresses_slow_the_account_down_but_not_the_persons_own_browser(
    client, django_user_model, piet, now
):
    own = client
    assert attempt(own, "piet", PASSWORD).status_code == 302  # an earlier login here
    own.post(reverse("accounts:logout"))
    from django.test import Client

    attacker = Client()
    for i in range(10):  # two wrong passwords from each of five addresses
        attacker_address = f"198.51.100.{i // 2}"
        assert attempt(attacker, "piet", "fout", attacker_address).status_code == 200
    assert attempt(attacker, "piet", "fout", "198.51.100.99").status_code == 429
    stranger = Client()  # the real person on a new computer waits too (at most a minute) ...
    assert attempt(stranger, "piet", PASSWORD, "203.0.113.5").status_code == 429
    # ... but on the browser where they logged in before, they get in at once.
    assert attempt(own, "piet", PASSWORD, "203.0.113.5").status_code == 302
    assert own.get(HOME).status_code == 200


def test_a_trusted_browser_cookie_for_another_account_or_forged_counts_for_nothing(
    client, piet, now
):
    StaffFactory(organisation=piet.organisation, professional=True, username="ria")
    attempt(client, "ria", PASSWORD)
    client.post(reverse("accounts:logout"))
    cookie = client.cookies[throttle.TRUSTED_COOKIE].value
    assert throttle.read_trusted_browser(cookie, "piet") is None
    assert throttle.read_trusted_browser("nep:waarde", "piet") is None
    assert throttle.read_trusted_browser(cookie, "RIA ")


def test_one_address_trying_many_accounts_is_slowed_down(client, now, hashes):
    for i in range(30):
        assert attempt(client, f"naam{i}", "fout").status_code == 200
    assert attempt(client, "naam99", "fout").status_code == 429
    assert len(hashes) == 30
    from django.test import Client

    assert attempt(Client(), "naam99", "fout", "192.0.2.2").status_code == 200


def test_an_unknown_username_gets_the_same_answer_wait_and_hash_as_a_wrong_password(
    client, piet, now, hashes
):
    from django.test import Client

    other = Client()
    for _ in range(5):
        known = attempt(client, "piet", "fout", "192.0.2.1")
        unknown = attempt(other, "pjet", "fout", "192.0.2.7")
        assert known.status_code == unknown.status_code == 200
        assert page_text(known, "piet") == page_text(unknown, "pjet")
    known = attempt(client, "piet", "fout", "192.0.2.1")
    unknown = attempt(other, "pjet", "fout", "192.0.2.7")
    assert known.status_code == unknown.status_code == 429
    assert page_text(known, "piet") == page_text(unknown, "pjet")
    assert hashes.count("piet") == hashes.count("pjet") == 5


def test_a_wrong_password_of_a_known_account_is_in_its_organisations_audit_log(client, piet, now):
    attempt(client, "piet", "fout")
    attempt(client, "onbekend", "fout")
    events = AuditEvent.objects.filter(action="staff.login_failed").order_by("pk")
    assert [(e.organisation, e.target) for e in events] == [
        (piet.organisation, "piet"),
        (None, ""),  # the installation's log, without the typed name
    ]


def test_the_second_factor_step_has_its_own_budget(client, now):
    from ervaring.accounts.tests.helpers import give_app, totp

    person = StaffFactory(username="olaf")
    device = give_app(person)
    attempt(client, "olaf", PASSWORD)
    for _ in range(5):
        assert client.post(reverse("accounts:second-factor"), {"code": "000000"}).status_code == 200
    refused = client.post(reverse("accounts:second-factor"), {"code": totp(device.key)})
    assert refused.status_code == 429
    now["t"] += 60
    client.post(reverse("accounts:second-factor"), {"code": totp(device.key)})
    assert client.get(HOME).status_code == 200


def test_no_username_or_address_is_stored_and_full_budgets_are_forgotten(client, piet, now):
    attempt(client, "piet", "fout", "192.0.2.44")
    keys = list(LoginBudget.objects.values_list("key", flat=True))
    assert len(keys) == 3 and not any("piet" in k or "192.0.2" in k for k in keys)
    now["t"] += 61
    attempt(client, "ander", "fout", "192.0.2.45")
    assert LoginBudget.objects.count() == 3  # piet's budgets were back in full


@pytest.mark.django_db(transaction=True)
def test_simultaneous_wrong_passwords_are_counted_one_by_one(now):
    """Twelve attempts at the same moment from one address on one account: five checked."""
    import threading

    from django.db import connection

    budgets = throttle.login_budgets("piet", "192.0.2.50", None)
    barrier = threading.Barrier(12)
    outcomes = []

    def guess():
        try:
            barrier.wait()
            throttle.spend(budgets)
            outcomes.append("checked")
        except throttle.Throttled:
            outcomes.append("waits")
        finally:
            connection.close()

    threads = [threading.Thread(target=guess) for _ in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["checked"] * 5 + ["waits"] * 7
