"""Django admin (issue 11): off unless enabled, and then only for a superuser whose login
used a second factor; its password-only login form is never offered."""

import importlib

import pytest
from django.urls import clear_url_caches

from ervaring import urls
from ervaring.accounts.models import Staff
from ervaring.accounts.tests.factories import StaffFactory
from ervaring.accounts.tests.helpers import PASSWORD, give_app, log_in

pytestmark = pytest.mark.django_db
ADMIN = "/django-admin/"


@pytest.fixture
def admin_enabled(settings):
    """Mount the admin as ERVARING_ADMIN=1 would (the URLconf reads it once at start)."""

    def mount(enabled: bool) -> None:
        settings.ADMIN_ENABLED = enabled
        importlib.reload(urls)
        clear_url_caches()

    yield mount
    settings.ADMIN_ENABLED = True
    importlib.reload(urls)
    clear_url_caches()


@pytest.fixture
def operator():
    return Staff.objects.create_superuser("operator", "op@example.org", PASSWORD)


def test_the_admin_does_not_exist_when_not_enabled(client, admin_enabled, operator):
    admin_enabled(False)
    device = give_app(operator)
    log_in(client, "operator", device)
    assert client.get(ADMIN).status_code == 404
    assert client.get(ADMIN + "login/").status_code == 404


def test_a_superuser_with_a_second_factor_gets_in(client, admin_enabled, operator):
    admin_enabled(True)
    device = give_app(operator)
    log_in(client, "operator", device)
    assert client.get(ADMIN).status_code == 200


def test_a_superuser_must_set_up_a_second_factor_first(client, admin_enabled, operator):
    admin_enabled(True)
    response = log_in(client, "operator")
    assert response["Location"].startswith("/account/tweede-factor/instellen/")
    landed = client.get(ADMIN, follow=True)
    assert landed.redirect_chain[-1][0].startswith("/account/inloggen/")


def test_a_superuser_session_without_a_second_factor_is_refused(client, admin_enabled, operator):
    admin_enabled(True)
    client.force_login(operator)  # as if a session were made some other way
    assert client.get(ADMIN, follow=True).status_code == 403


def test_staff_with_a_second_factor_but_no_superuser_is_refused(client, admin_enabled):
    admin_enabled(True)
    beheerder = StaffFactory(beheerder=True, username="bea", is_staff=True)
    log_in(client, "bea", give_app(beheerder))
    assert client.get(ADMIN, follow=True).status_code == 403


def test_the_admin_login_form_sends_everyone_to_the_two_step_login(client, admin_enabled):
    admin_enabled(True)
    response = client.get(ADMIN + "login/?next=/django-admin/")
    assert response["Location"] == "/account/inloggen/?next=/django-admin/"
    posted = client.post(ADMIN + "login/", {"username": "operator", "password": PASSWORD})
    assert posted.status_code == 302 and posted["Location"].startswith("/account/inloggen/")
