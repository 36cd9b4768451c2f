"""Coming back: a resumed respondent is greeted once on the page they land on, and the forms
post to an address without a fragment, so an error link's "#q-..." does not travel on."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from ervaring.fieldwork.tests.factories import invite
from ervaring.questionnaires.tests.factories import SurveyFactory
from ervaring.responses.tests.formfill import fill

pytestmark = pytest.mark.django_db

FIRST_PAGE = reverse("responses:page", kwargs={"page_id": "contact"})
WELCOME_BACK = "Welkom terug"


@pytest.fixture
def code():
    return invite(SurveyFactory(in_fieldwork=True)).code


def test_a_resumed_respondent_is_welcomed_back_once_where_they_land(client, code):
    client.post(reverse("responses:start"), {"code": code})
    html = client.get(FIRST_PAGE).content.decode()
    assert WELCOME_BACK not in html  # a first visit is no return
    client.post(FIRST_PAGE, fill(html, action="next"))
    assert client.post(FIRST_PAGE.replace("contact", "contact_zelf"), {"action": "stop"})
    later = Client()
    landing = later.post(reverse("responses:start"), {"code": code}, follow=True)
    assert landing.request["PATH_INFO"] == FIRST_PAGE.replace("contact", "contact_zelf")
    assert landing.content.decode().count(WELCOME_BACK) == 1
    assert WELCOME_BACK not in later.get(landing.request["PATH_INFO"]).content.decode()


def test_the_english_page_welcomes_back_in_english(client, code):
    client.post(reverse("responses:start"), {"code": code})
    client.post(FIRST_PAGE, {"action": "stop"})
    later = Client()
    later.post(reverse("responses:language"), {"lang": "en", "next": "/"})
    later.post(reverse("responses:start"), {"code": code})
    resumed = later.post(reverse("responses:language"), {"lang": "en", "next": FIRST_PAGE})
    html = later.get(resumed["Location"]).content.decode()
    assert "Welcome back." in html and WELCOME_BACK not in html


@pytest.mark.parametrize("query", ["", "?nakijken"])
def test_the_page_form_posts_to_its_own_address_without_a_fragment(client, code, query):
    """Without an action a form posts to the document's address, fragment included, and a
    303 without a fragment in its Location inherits it (Fetch, "HTTP-redirect fetch"), so
    "#q-contact_manier" stayed on every later page."""
    client.post(reverse("responses:start"), {"code": code})
    html = client.get(FIRST_PAGE + query).content.decode()
    form = re.search(r'<form method="post"[^>]*class="page-form"[^>]*>', html).group(0)
    assert f'action="{FIRST_PAGE}{query}"' in form
