"""The staff login page follows the error pattern of every other form: checked on the server
in Dutch (no browser bubble), a focused error summary at the top, "Fout: " in the title and the
fields marked invalid."""

import re

import pytest
from django.urls import reverse

from ervaring.accounts.tests.factories import StaffFactory
from ervaring.accounts.tests.helpers import PASSWORD

pytestmark = pytest.mark.django_db
LOGIN = reverse("accounts:login")


def title_of(html):
    return re.search(r"<title>(.*?)</title>", html, re.S).group(1)


def field(html, name):
    return re.search(rf'<input [^>]*name="{name}"[^>]*>', html).group(0)


def summary(html):
    """The error summary, the first thing in <main>, focused when the page loads."""
    match = re.search(r'<main [^>]*>\s*(<div class="error-summary"[^>]*>.*?</div>)', html, re.S)
    assert match, "no error summary at the top of <main>"
    assert 'tabindex="-1"' in match.group(1) and "autofocus" in match.group(1)
    return match.group(1)


def test_the_login_form_is_checked_by_the_server_not_the_browser(client):
    html = client.get(LOGIN).content.decode()
    assert re.search(r'<form method="post"[^>]* novalidate>', html)
    assert title_of(html).startswith("Inloggen")
    assert "aria-invalid" not in html and 'class="error-summary"' not in html


def test_an_empty_login_names_each_missing_field(client):
    html = client.post(LOGIN, {"username": "", "password": ""}).content.decode()
    top = summary(html)
    assert "Er is een probleem" in top
    assert '<a href="#id_username">Vul uw gebruikersnaam in.</a>' in top
    assert '<a href="#id_password">Vul uw wachtwoord in.</a>' in top
    assert title_of(html).startswith("Fout: Inloggen")
    for name in ("username", "password"):
        tag = field(html, name)
        assert 'aria-invalid="true"' in tag and f'aria-describedby="id_{name}-error"' in tag
        assert re.search(rf'<p class="field-error" id="id_{name}-error">Vul uw', html)


def test_a_wrong_password_sets_the_title_focus_and_marks_the_fields(client):
    staff = StaffFactory()
    html = client.post(
        LOGIN, {"username": staff.username, "password": PASSWORD + "x"}
    ).content.decode()
    top = summary(html)
    assert "De gebruikersnaam of het wachtwoord klopt niet." in top and "#id_username" in top
    assert title_of(html).startswith("Fout: Inloggen")
    for name in ("username", "password"):
        tag = field(html, name)
        assert 'aria-invalid="true"' in tag and 'aria-describedby="login-error"' in tag
    assert f'value="{staff.username}"' in field(html, "username")
    assert "value=" not in field(html, "password")
