"""The interview pages in Chromium: add, upload, code with the keyboard only; axe scans."""

import pytest

from ervaring.accounts.tests.factories import StaffFactory
from ervaring.accounts.tests.helpers import log_in_browser
from ervaring.analysis import codebook_services, interview_runs
from ervaring.analysis.models import InterviewFragment
from ervaring.questionnaires.tests.factories import SurveyFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.xdist_group("browser"),
]
TRANSCRIPT = (
    "Interviewer: Hoe was het gesprek?\n"
    "Deelnemer: de medewerker was heel vriendelijk, bel me op 0612345678\n"
    "Interviewer: En het wachten?\n"
    "Deelnemer: het duurde weken, veel te lang wachten\n"
)


def test_a_researcher_uploads_and_codes_an_interview_with_the_keyboard(
    live_server, chromium, axe_scan, tmp_path
):
    survey = SurveyFactory(in_fieldwork=True)
    StaffFactory(organisation=survey.organisation, username="olaf")
    codebook_services.ensure_codebook(survey)
    page = chromium.new_context(viewport={"width": 1280, "height": 900}).new_page()
    log_in_browser(page, live_server.url, "olaf")
    base = live_server.url + f"/beheer/onderzoek/{survey.slug}/interviews/"
    found = {}
    page.goto(base)
    found["empty"] = axe_scan(page, "interviews-01-leeg")
    page.fill("#id_held_on", "14-03-2026")
    with page.expect_navigation():
        page.click("button:text-is('Toevoegen')")
    file = tmp_path / "gesprek.txt"
    file.write_text(TRANSCRIPT, encoding="utf-8")
    page.set_input_files("input[type=file]", str(file))
    with page.expect_navigation():
        page.click("button:has-text('Uploaden')")
    assert "G01: 4 fragmenten" in page.inner_text("main")
    found["uploaded"] = axe_scan(page, "interviews-02-geupload")
    interview_runs.scrub_survey(survey.pk)  # what the worker does within seconds
    page.goto(base + "coderen/")
    assert "[TELEFOON]" in page.inner_text("main") and "0612345678" not in page.content()
    found["coding"] = axe_scan(page, "interviews-03-coderen")
    page.keyboard.press(" ")  # the top suggestion: bejegening, pluspunt (keyword)
    page.keyboard.press(".")  # a quote
    assert page.is_checked("#code-bejegening-plus")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Fragment 2 van 2" in page.inner_text("main")
    assert "Vraag van de interviewer: En het wachten?" in page.inner_text("main")
    page.keyboard.press("6")  # wachttijd, kluspunt
    with page.expect_navigation():
        page.keyboard.press("Enter")
    first, second = InterviewFragment.objects.filter(is_interviewer=False).order_by("position")
    assert set(first.codes.values_list("key", flat=True)) == {"bejegening-plus"}
    assert first.is_quote
    assert set(second.codes.values_list("key", flat=True)) == {"wachttijd-klus"}
    assert "Alle 2 fragmenten zijn gecodeerd." in page.inner_text("main")
    page.context.close()
    assert {k: v for k, v in found.items() if v} == {}
