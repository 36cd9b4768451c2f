"""The report in the app: who may see it, the downloads, the findings form, and axe."""

import pytest

from ervaring.accounts.models import AuditEvent
from ervaring.accounts.tests.factories import StaffFactory
from ervaring.accounts.tests.helpers import log_in_browser
from ervaring.reporting.models import ReportText
from ervaring.reporting.tests.survey_data import make_survey


@pytest.fixture
def survey(db):
    return make_survey()


@pytest.fixture
def researcher(survey):
    return StaffFactory(organisation=survey.organisation, username="olaf")


def test_the_report_page_shows_the_report_to_the_organisations_researcher(
    client, survey, researcher
):
    client.force_login(researcher)
    response = client.get(f"/beheer/onderzoek/{survey.slug}/rapport/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Onderzoeksverantwoording" in body and "is het oneens met" in body
    detail = client.get(f"/beheer/onderzoek/{survey.slug}/").content.decode()
    assert f"/beheer/onderzoek/{survey.slug}/rapport/" in detail


def test_another_organisation_and_a_team_leader_get_a_404(client, survey):
    for staff in (StaffFactory(), StaffFactory(organisation=survey.organisation, teamleider=True)):
        client.force_login(staff)
        for path in ("rapport/pdf/", "raadsbrief/", "raadsbrief/pdf/"):
            assert client.get(f"/beheer/onderzoek/{survey.slug}/{path}").status_code == 404
        response = client.post(f"/beheer/onderzoek/{survey.slug}/raadsbrief/", {"mayor": "X"})
        assert response.status_code == 404


def test_downloads_are_files_and_are_logged(client, survey, researcher):
    client.force_login(researcher)
    base = f"/beheer/onderzoek/{survey.slug}"
    pdf = client.get(f"{base}/rapport/pdf/")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert client.get(f"{base}/tabellenboek/").content.startswith(b"PK")
    assert client.get(f"{base}/rapport/word/").content.startswith(b"PK")
    assert client.get(f"{base}/raadsbrief/word/").content.startswith(b"PK")
    assert client.get(f"{base}/raadsbrief/pdf/").content.startswith(b"%PDF")
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "reporting.download.report.pdf",
        "reporting.download.tablebook",
        "reporting.download.raadsbrief.pdf",
        "reporting.download.raadsbrief.docx",
    } <= actions


def test_the_findings_form_saves_the_analysts_text(client, survey, researcher):
    client.force_login(researcher)
    url = f"/beheer/onderzoek/{survey.slug}/rapport/bevindingen/"
    form = client.get(url).content.decode()
    assert "is het eens met" in form  # pre-filled with the draft
    response = client.post(url, {"plus_points": "Eigen pluspunt.", "attention_points": ""})
    assert response.status_code == 302
    assert ReportText.objects.get(survey=survey).plus_points == "Eigen pluspunt."
    assert "Eigen pluspunt." in client.get(response["Location"]).content.decode()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.xdist_group("browser")
def test_the_report_page_has_no_axe_violations(live_server, chromium, axe_scan):
    survey = make_survey()
    StaffFactory(organisation=survey.organisation, username="olaf")
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    log_in_browser(page, live_server.url, "olaf")
    page.goto(live_server.url + f"/beheer/onderzoek/{survey.slug}/rapport/")
    assert page.locator("h1").inner_text().startswith("Cliëntervaringsonderzoek")
    found = {"report": axe_scan(page, "report-01-rapport")}
    page.goto(live_server.url + f"/beheer/onderzoek/{survey.slug}/rapport/bevindingen/")
    found["findings"] = axe_scan(page, "report-02-bevindingen")
    page.goto(live_server.url + f"/beheer/onderzoek/{survey.slug}/raadsbrief/")
    found["raadsbrief"] = axe_scan(page, "report-03-raadsbrief")
    page.goto(live_server.url + f"/beheer/onderzoek/{survey.slug}/bestanden/")
    found["files"] = axe_scan(page, "report-04-bestanden")
    context.close()
    assert {k: v for k, v in found.items() if v} == {}
