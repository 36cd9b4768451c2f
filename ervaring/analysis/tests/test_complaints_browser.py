"""The complaints page in Chromium: axe scans empty, filled and with an error, at a phone's
width and on a desktop."""

import pytest

from ervaring.accounts.tests.factories import StaffFactory
from ervaring.accounts.tests.helpers import log_in_browser
from ervaring.analysis.models import ComplaintFigure
from ervaring.questionnaires.tests.factories import SurveyFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.xdist_group("browser"),
]


@pytest.mark.parametrize("width", [360, 1280])
def test_the_complaints_page_passes_axe(live_server, chromium, axe_scan, width):
    survey = SurveyFactory()
    StaffFactory(organisation=survey.organisation, username="kees")
    page = chromium.new_context(viewport={"width": width, "height": 900}).new_page()
    log_in_browser(page, live_server.url, "kees")
    url = live_server.url + f"/beheer/onderzoek/{survey.slug}/klachten/"
    found = {}
    page.goto(url)
    found["empty"] = axe_scan(page, f"complaints-01-leeg-{width}")
    page.fill("#id_year", "2024")
    page.fill("#id_provider", "Zorg A")
    page.fill("#id_clients", "3")
    page.fill("#id_subject_bejegening", "5")
    with page.expect_navigation():
        page.click("text=Klachten opslaan")
    assert "Veld ‘bejegening’: meer cliënten (5) dan unieke cliënten (3)." in page.inner_text(
        "main"
    )
    found["error"] = axe_scan(page, f"complaints-02-fout-{width}")
    page.fill("#id_subject_bejegening", "2")
    with page.expect_navigation():
        page.click("text=Klachten opslaan")
    assert ComplaintFigure.objects.get().clients == 3
    found["filled"] = axe_scan(page, f"complaints-03-gevuld-{width}")
    page.context.close()
    assert {k: v for k, v in found.items() if v} == {}
