"""The coding page in Chromium, with the keyboard only, and axe scans of the new pages."""

import pytest

from ervaring.accounts.tests.factories import StaffFactory
from ervaring.accounts.tests.helpers import log_in_browser
from ervaring.analysis import codebook_services, coding
from ervaring.analysis.models import CoderRole, Quote
from ervaring.analysis.tests.open_answers import answered, texts_for
from ervaring.questionnaires.tests.factories import SurveyFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.xdist_group("browser"),
]


def test_a_researcher_codes_with_the_keyboard_only(live_server, chromium, axe_scan):
    survey = SurveyFactory(in_fieldwork=True)
    StaffFactory(organisation=survey.organisation, username="olaf")
    codebook_services.ensure_codebook(survey)
    answered(survey, {"open_goed": "de medewerker was heel vriendelijk"})
    answered(survey, {"open_goed": "het duurde weken, veel te lang wachten"})
    first, second = texts_for(survey)
    page = chromium.new_context(viewport={"width": 1280, "height": 900}).new_page()
    log_in_browser(page, live_server.url, "olaf")
    found = {}
    page.goto(live_server.url + f"/beheer/onderzoek/{survey.slug}/open-antwoorden/")
    found["overview"] = axe_scan(page, "coding-01-open-antwoorden")
    page.goto(live_server.url + f"/beheer/onderzoek/{survey.slug}/coderen/open_goed/")
    found["coding"] = axe_scan(page, "coding-02-coderen")
    page.keyboard.press(" ")  # the top suggestion: bejegening, pluspunt (keyword)
    page.keyboard.press("9")  # and deskundigheid, pluspunt, by its key
    page.keyboard.press(".")  # a quote
    assert page.is_checked("#code-bejegening-plus") and page.is_checked("#code-deskundigheid-plus")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Antwoord 2 van 2" in page.inner_text("main")
    page.keyboard.press("6")  # wachttijd, kluspunt
    with page.expect_navigation():
        page.keyboard.press("ArrowLeft")  # saved, back to the first
    with page.expect_navigation():
        page.keyboard.press("Backspace")  # undo: the second answer loses its code again
    assert coding.codes_of(first, CoderRole.FIRST) == {"bejegening-plus", "deskundigheid-plus"}
    assert coding.codes_of(second, CoderRole.FIRST) is None
    assert Quote.objects.get().open_text == first
    page.goto(live_server.url + f"/beheer/onderzoek/{survey.slug}/codeboek/")
    found["codebook"] = axe_scan(page, "coding-03-codeboek")
    page.goto(live_server.url + f"/beheer/onderzoek/{survey.slug}/overeenstemming/open_goed/")
    found["agreement"] = axe_scan(page, "coding-04-overeenstemming")
    page.context.close()
    assert {k: v for k, v in found.items() if v} == {}
