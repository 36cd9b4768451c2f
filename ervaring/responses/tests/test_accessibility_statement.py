"""Item 6 of issue 14: the Dutch model accessibility statement, true to this product's own
tests, and a way to reach the organisation (number or address) on every respondent page."""

import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from ervaring.accounts.tests.factories import StaffFactory
from ervaring.fieldwork.tests.factories import invite
from ervaring.questionnaires.tests.factories import SurveyFactory
from ervaring.responses import accessibility_statement
from ervaring.responses.tests.formfill import fill

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[3]
PHONE = "14 0318"
HOURS = "ma-vr 9.00-17.00"
EMAIL = "vragen@veenendaal.example"


@pytest.fixture
def survey():
    survey = SurveyFactory(in_fieldwork=True)
    organisation = survey.organisation
    organisation.contact_phone, organisation.opening_hours = PHONE, HOURS
    organisation.contact_email = EMAIL
    organisation.save()
    return survey


@pytest.fixture
def respondent(client, survey):
    client.post(reverse("responses:start"), {"code": invite(survey).code})
    return client


def visible_text(html):
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))


def test_every_check_the_statement_names_is_a_test_of_this_product():
    for check in accessibility_statement.CHECKS:
        path, name = check.test.split("::")
        source = (ROOT / path).read_text()
        assert re.search(rf"^def {name}\(", source, re.M), f"{check.test} does not exist"


def test_the_statement_claims_the_wcag_level_the_scan_checks():
    """The scan's WCAG rule tags (ervaring/conftest.py) are WCAG 2.2 A and AA: the statement
    may say neither less nor more."""
    tags = set(re.findall(r'"(wcag\w+)"', (ROOT / "ervaring/conftest.py").read_text()))
    assert tags == {"wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"}
    assert "WCAG 2.2 (niveau A en AA)" in accessibility_statement.CHECKS[0].nl


@pytest.mark.parametrize(
    ("language", "parts"),
    [
        (
            "nl",
            [
                "Toegankelijkheidsverklaring",
                "voldoet gedeeltelijk",
                "gemaakt op 4 december 2026",
                "van het invullen van uw code tot de bedankpagina",
                "alleen het toetsenbord",
                "320 punten breed",
                "Wat werkt nog niet goed?",
                f"Bel {PHONE} ({HOURS}) of mail naar {EMAIL}",
                "klacht indienen bij",
                "Nationale ombudsman",
            ],
        ),
        (
            "en",
            [
                "Accessibility statement",
                "partly meets the rules",
                "drawn up on 4 December 2026",
                "from entering your code to the thank-you page",
                "keyboard only",
                "320 points wide",
                "What does not work well yet?",
                f"Call {PHONE} ({HOURS}) or e-mail {EMAIL}",
                "make a complaint to",
                "National Ombudsman",
            ],
        ),
    ],
)
def test_the_statement_follows_the_dutch_model_without_jargon(respondent, language, parts):
    respondent.post(reverse("responses:language"), {"lang": language, "next": "/"})
    text = visible_text(respondent.get(reverse("responses:accessibility")).content.decode())
    for part in parts:
        assert part.lower() in text.lower(), part
    for jargon in ("axe-core", "axe", "JavaScript", "volgcodes", "tracker"):
        assert not re.search(rf"\b{jargon}\b", text, re.I), jargon


def test_without_an_open_code_the_statement_points_at_the_letter(client):
    text = visible_text(client.get(reverse("responses:accessibility")).content.decode())
    assert "Bel ons: het telefoonnummer staat in uw brief of e-mail." in text
    assert "Laat het weten aan de organisatie" not in text


def test_every_respondent_page_says_how_to_reach_the_organisation(respondent, survey):
    reach = f"Heeft u vragen? Bel {PHONE} ({HOURS}) of mail naar {EMAIL}."
    seen = {"welkom": respondent.get(reverse("responses:survey")).content.decode()}
    url = reverse("responses:page", kwargs={"page_id": "contact"})
    while url != reverse("responses:review"):
        html = respondent.get(url).content.decode()
        seen[url] = html
        url = respondent.post(url, fill(html))["Location"]
    seen["nakijken"] = respondent.get(url).content.decode()
    seen["privacy"] = respondent.get(reverse("responses:privacy")).content.decode()
    seen["klaar"] = respondent.post(url, {"action": "send"}, follow=True).content.decode()
    for name, html in seen.items():
        assert reach in visible_text(html), name
    stopper = Client()
    stopper.post(reverse("responses:start"), {"code": invite(survey).code})
    first = reverse("responses:page", kwargs={"page_id": "contact"})
    paused = stopper.post(first, {"action": "stop"}, follow=True).content.decode()
    assert reach in visible_text(paused)


@pytest.mark.parametrize("has_number", [True, False])
def test_the_tablet_points_at_the_organisation_or_at_the_staff_member(client, has_number):
    """On the tablet there is no letter to find a number in: without one, the staff member
    who handed the tablet over is the way to ask."""
    survey = SurveyFactory(in_fieldwork=True)
    if has_number:
        survey.organisation.contact_phone = PHONE
        survey.organisation.save()
    client.force_login(StaffFactory(organisation=survey.organisation, professional=True))
    client.post(reverse("kiosk:unlock"), {"survey": survey.slug, "pin": "2468"})
    page = visible_text(client.post(reverse("kiosk:begin"), follow=True).content.decode())
    statement = visible_text(client.get(reverse("kiosk:accessibility")).content.decode())
    for text in (page, statement):
        assert "brief" not in text
        if has_number:
            assert f"Bel {PHONE}" in text
        else:
            assert "Vraag het aan de medewerker die u de tablet gaf." in text
