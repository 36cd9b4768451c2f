"""The staff pages a project leader uses first, in a real browser with an axe scan."""

import pytest

from ervaring.accounts.tests.factories import StaffFactory
from ervaring.accounts.tests.helpers import log_in_browser
from ervaring.questionnaires.tests.factories import SurveyFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.xdist_group("browser"),
]


def test_project_leader_pages_have_no_axe_violations(live_server, chromium, axe_scan):
    survey = SurveyFactory(name="CEO Wmo 2026")
    StaffFactory(organisation=survey.organisation, username="olaf")
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    found = {}
    page.goto(live_server.url + "/account/inloggen/")
    found["login"] = axe_scan(page, "staff-01-login")
    log_in_browser(page, live_server.url, "olaf")
    found["list"] = axe_scan(page, "staff-02-onderzoeken")
    with page.expect_navigation():
        page.click("text=CEO Wmo 2026")
    found["steps"] = axe_scan(page, "staff-03-stappenplan")
    with page.expect_navigation():
        page.click("text=Vragenlijst bekijken")
    found["detail"] = axe_scan(page, "staff-03-onderzoek")
    with page.expect_navigation():
        page.click("text=Eigen vraag toevoegen")
    found["add"] = axe_scan(page, "staff-04-vraag")
    page.goto(live_server.url + f"/beheer/onderzoek/{survey.slug}/vragenlijst/")
    found["edit"] = axe_scan(page, "staff-05-bewerken")
    page.goto(live_server.url + f"/beheer/onderzoek/{survey.slug}/voorbeeld/?pagina=vervoer")
    found["preview"] = axe_scan(page, "staff-06-voorbeeld")
    page.goto(live_server.url + "/account/mijn-gegevens/")
    page.fill("#id_email", "geen-adres")
    with page.expect_navigation():
        page.click("main button[type=submit]")
    assert page.get_attribute("#id_email", "aria-invalid") == "true"
    found["profile"] = axe_scan(page, "staff-07-mijn-gegevens-fout")
    page.goto(live_server.url + "/beheer/eerdere-jaren/")
    found["earlier"] = axe_scan(page, "staff-08-eerdere-jaren")
    context.close()
    # The beheerder's own pages: the organisation's details and inviting a colleague.
    StaffFactory(organisation=survey.organisation, username="bea", beheerder=True)
    context = chromium.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    log_in_browser(page, live_server.url, "bea")
    page.goto(live_server.url + "/account/organisatie/")
    found["organisation"] = axe_scan(page, "staff-09-organisatie")
    page.goto(live_server.url + "/account/medewerkers/uitnodigen/")
    found["invite"] = axe_scan(page, "staff-10-uitnodigen")
    context.close()
    assert {k: v for k, v in found.items() if v} == {}
