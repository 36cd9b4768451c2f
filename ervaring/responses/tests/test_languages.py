"""Respondent pages in the survey's languages: right-to-left Arabic, a switch that offers
only what the survey has and keeps the page, the thank-you included."""

import re

import pytest
from django.urls import reverse

from ervaring.fieldwork.tests.factories import invite
from ervaring.questionnaires.tests.factories import SurveyFactory
from ervaring.responses.models import Response
from ervaring.responses.tests.test_respondent_flow import answer_pages, start
from ervaring.responses.texts import rejection_message

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey():
    return SurveyFactory(in_fieldwork=True)


def switch(client, language, page):
    return client.post(
        reverse("responses:language"),
        {"lang": language, "next": page.request["PATH_INFO"]},
        follow=True,
    )


def offered(html):
    return set(re.findall(r'<button type="submit" name="lang" value="([a-z]+)"', html))


def test_an_arabic_page_is_right_to_left_with_arabic_questions_and_answers(client, survey):
    page = switch(client, "ar", start(client, invite(survey).code))
    html = page.content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert "كنت أعرف إلى أين أذهب بطلب المساعدة." in html  # wmo-1
    assert "موافق تمامًا" in html  # "Helemaal mee eens"
    assert "التالي" in html  # "Volgende"
    assert Response.objects.get().language == "ar"


def test_the_switch_offers_only_the_surveys_languages(client, survey):
    assert offered(client.get(reverse("responses:start")).content.decode()) == {
        "en",
        "tr",
        "ar",
        "pl",
        "uk",
    }
    page = start(client, invite(survey).code)
    assert offered(page.content.decode()) == {"en", "tr", "ar", "pl"}  # the Wmo survey's
    refused = switch(client, "uk", page)
    assert '<html lang="nl" dir="ltr">' in refused.content.decode()
    assert Response.objects.get().language == "nl"


def test_switching_language_on_the_thank_you_page_keeps_the_thank_you(client, survey):
    done = answer_pages(client, start(client, invite(survey).code))
    assert "Hartelijk dank!" in done.content.decode()
    switched = switch(client, "en", done)
    html = switched.content.decode()
    assert switched.request["PATH_INFO"] == reverse("responses:thanks")
    assert "Thank you!" in html
    assert "Your answers help us improve the help." in html  # the questionnaire's own thanks
    assert "Tablet" not in html and 'name="code"' not in html
    assert offered(html) == {"nl", "tr", "ar", "pl"}
    not_offered = switch(client, "uk", done)  # the Wmo survey has no Ukrainian
    assert '<html lang="nl" dir="ltr">' in not_offered.content.decode()
    assert "Hartelijk dank!" in not_offered.content.decode()


def test_the_thank_you_page_without_a_sent_questionnaire_leads_to_the_code(client):
    assert client.get(reverse("responses:thanks"))["Location"] == reverse("responses:start")


@pytest.mark.parametrize("language", ["nl", "en", "tr", "ar", "pl", "uk"])
def test_too_many_attempts_names_the_phone_number_in_every_language(language):
    message = rejection_message("throttled", language, 30, ("14 0318 (ma-vr 9-17)", ""))
    assert "14 0318 (ma-vr 9-17)" in message
    assert "30" in message


def test_a_language_chosen_before_the_code_that_the_survey_lacks_is_not_used(client, survey):
    """Ukrainian is offered on the code page (the survey is not known yet); the Wmo survey
    has no Ukrainian questionnaire, so its pages must not mix Ukrainian with Dutch."""
    client.post(reverse("responses:language"), {"lang": "uk", "next": "/"})
    page = start(client, invite(survey).code)
    assert '<html lang="nl" dir="ltr">' in page.content.decode()
    assert Response.objects.get().language == "nl"
    client.post(reverse("responses:language"), {"lang": "pl", "next": "/"})
    assert Response.objects.get().language == "pl"


def test_the_accessibility_statement_in_a_language_it_lacks_is_the_english_one_marked_as_such(
    client, survey
):
    """The statement exists in Dutch and English only: a Turkish reader gets English, marked
    lang="en" so a screen reader speaks it as English, and told so, never Dutch by surprise."""
    switch(client, "tr", start(client, invite(survey).code))
    html = client.get(reverse("responses:accessibility")).content.decode()
    assert '<html lang="tr" dir="ltr">' in html
    assert '<div lang="en" dir="ltr">' in html
    assert "Accessibility statement" in html and "Toegankelijkheidsverklaring" not in html
    assert "This statement is only in Dutch and English." in html
