"""ASVS items of docs/security.md not checked by a behaviour test elsewhere: CSRF on the login
form, a new session key at login, and the security headers on the staff pages."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from ervaring.accounts.tests.factories import OrganisationFactory, StaffFactory
from ervaring.accounts.tests.helpers import PASSWORD, log_in

pytestmark = pytest.mark.django_db


def test_the_login_form_refuses_a_post_without_its_csrf_token():  # ASVS 4.2.2
    StaffFactory(username="olaf")
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("accounts:login"), {"username": "olaf", "password": PASSWORD})
    assert response.status_code == 403


def test_logging_in_gives_a_new_session_key_at_each_step(client):  # ASVS 3.2.1
    org = OrganisationFactory(second_factor_policy="vrijwillig")
    StaffFactory(organisation=org, username="piet", professional=True)
    session = client.session
    session["before"] = True
    session.save()
    before = client.cookies[settings.SESSION_COOKIE_NAME].value
    log_in(client, "piet")
    after = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert before != after


def test_staff_pages_send_the_security_headers(client):  # ASVS 14.4.3-14.4.7
    response = client.get(reverse("accounts:login"))
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Content-Type"] == "text/html; charset=utf-8"


def test_recovery_codes_are_not_kept_in_a_cache(client):  # ASVS 8.2.1
    from ervaring.accounts.security import second_factor
    from ervaring.accounts.tests.helpers import give_app

    person = StaffFactory(username="olaf")
    device = give_app(person)
    log_in(client, "olaf", device)
    session = client.session
    session["ervaring_recovery_codes"] = {
        "codes": second_factor.make_recovery_codes(person),
        "next": "",
    }
    session.save()
    assert client.get(reverse("accounts:recovery-codes"))["Cache-Control"] == "no-store"
