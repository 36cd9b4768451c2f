"""The files page: every result downloadable by the organisation's researcher, logged,
the data file's disclosure check shown first, and nothing for anyone else."""

import pytest

from ervaring.accounts.models import AuditEvent
from ervaring.accounts.tests.factories import StaffFactory
from ervaring.fieldwork.tests.test_message_languages import catalogue, pdf_layer
from ervaring.questionnaires.services import get_document
from ervaring.reporting.tests.survey_data import make_survey

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey():
    return make_survey()


def test_every_file_downloads_and_is_logged(client, survey):
    client.force_login(StaffFactory(organisation=survey.organisation))
    base = f"/beheer/onderzoek/{survey.slug}/bestanden/"
    page = client.get(base).content.decode()
    assert "de kleinste groep telt" in page
    assert base in client.get(f"/beheer/onderzoek/{survey.slug}/").content.decode()
    csv = client.get(base + "databestand.csv")
    header = csv.content.decode("utf-8-sig").splitlines()[0]
    assert header.startswith("respondent") and "gewicht" in header
    assert (
        len(csv.content.decode("utf-8-sig").splitlines())
        == 1 + survey.responses.filter(completed_at__isnull=False).count()
    )
    assert client.get(base + "databestand.xlsx").content.startswith(b"PK")
    assert client.get(base + "databestand.sav").content.startswith(b"$FL")
    assert "minstens" in client.get(base + "toelichting.txt").content.decode()
    assert client.get(base + "monitor.csv").status_code == 200
    assert client.get(base + "vragenlijst.pdf").content.startswith(b"%PDF")
    assert client.get(base + "databestand.exe").status_code == 404
    actions = list(AuditEvent.objects.values_list("action", flat=True))
    assert actions.count("reporting.export") == 3
    assert {
        "reporting.download.data_notes",
        "reporting.download.monitor",
        "reporting.download.paper",
    } <= set(actions)


def test_another_organisation_and_a_professional_get_nothing(client, survey):
    for staff in (StaffFactory(), StaffFactory(organisation=survey.organisation, teamleider=True)):
        client.force_login(staff)
        for path in ("", "databestand.csv", "monitor.csv", "vragenlijst.pdf", "toelichting.txt"):
            assert (
                client.get(f"/beheer/onderzoek/{survey.slug}/bestanden/{path}").status_code == 404
            )


def test_a_survey_too_small_for_a_data_file_says_why_and_offers_none(client):
    small = make_survey(clients=60, invited=40, completed=6)
    client.force_login(StaffFactory(organisation=small.organisation))
    base = f"/beheer/onderzoek/{small.slug}/bestanden/"
    page = client.get(base).content.decode()
    assert "Export geweigerd: 6 respondenten" in page
    assert "databestand.csv" not in page
    assert client.get(base + "databestand.csv").status_code == 404


def test_the_paper_questionnaire_downloads_in_each_language_the_survey_offers(
    client, survey, tmp_path
):
    """The staff pages print what `ervaring paper-questionnaire --language` prints."""
    client.force_login(StaffFactory(organisation=survey.organisation))
    base = f"/beheer/onderzoek/{survey.slug}/bestanden/"
    page = client.get(base).content.decode()
    assert f'href="{base}vragenlijst.pdf?taal=pl" hreflang="pl"' in page
    assert "Papieren vragenlijst in het pools, leeg (PDF)" in page
    polish = client.get(base + "vragenlijst.pdf?taal=pl")
    assert polish["Content-Disposition"].endswith(f'vragenlijst-{survey.slug}-pl.pdf"')
    (tmp_path / "pl.pdf").write_bytes(polish.content)
    text = " ".join(pdf_layer(tmp_path / "pl.pdf").split())
    assert get_document(survey.current_version).title["pl"] in text
    assert " ".join(catalogue("pl")["msg_paper_intro"].split())[:40] in text
    refused = client.get(base + "vragenlijst.pdf?taal=xx")
    assert refused.status_code == 400 and "Kies uit: nl" in refused.content.decode()
