"""The quarterly monitor pages: roles, organisations, the experience figure per quarter,
the column mapping, the downloads and the quarterly edition."""

import datetime as dt
import io
from decimal import Decimal

import pytest

from ervaring.accounts.models import AuditEvent
from ervaring.fieldwork.cohorts import set_continuous
from ervaring.reporting.models import RegistrationIndicator, RegistrationUpload, RegistrationValue
from ervaring.reporting.quarterly import monitor_series
from ervaring.reporting.tests.conftest import respond_many
from ervaring.reporting.tests.test_council_letter import pdf_text

URL = "/beheer/monitor/"
FILE = "Kwartaal;Aanvragen;Binnen termijn\n2026-K3;410;88\n2026-K4;395;91,5\n"


def upload(client, text, name="registratie.csv"):
    file = io.BytesIO(text.encode("utf-8"))
    file.name = name
    return client.post(URL + "inlezen/", {"file": file})


def map_columns(client, pk, **extra):
    data = {
        "layout": "wide",
        "quarter": "Kwartaal",
        "name_0": "",
        "unit_0": "aantal",
        "law_0": "",
        "name_1": "Nieuwe aanvragen Wmo",
        "unit_1": "aantal",
        "law_1": "wmo",
        "name_2": "Beslissingen binnen de wettelijke termijn",
        "unit_2": "percentage",
        "law_2": "wmo",
        **extra,
    }
    return client.post(f"{URL}inlezen/{pk}/", data)


@pytest.fixture
def imported(world, client):
    client.force_login(world["onderzoeker"])
    response = upload(client, FILE)
    pk = RegistrationUpload.objects.get().pk
    assert response["Location"] == f"{URL}inlezen/{pk}/"
    assert map_columns(client, pk).status_code == 302
    return world


def test_first_file_asks_for_columns_then_imports(imported, client):
    assert not RegistrationUpload.objects.exists()
    values = {(v.indicator.name, v.quarter): v.value for v in RegistrationValue.objects.all()}
    assert values[("Beslissingen binnen de wettelijke termijn", "2026-K4")] == Decimal("91.5")
    page = client.get(URL).content.decode()
    assert "Nieuwe aanvragen Wmo" in page and "91,5%" in page and "<svg" in page


def test_next_quarters_file_is_imported_with_the_saved_mapping(imported, client):
    response = upload(client, "Kwartaal;Aanvragen;Binnen termijn\n2027-K1;430;90\n")
    assert response["Location"] == URL  # no mapping page this time
    assert RegistrationValue.objects.filter(quarter="2027-K1").count() == 2


def test_refused_file_shows_row_and_column_and_writes_nothing(imported, client):
    response = upload(client, "Kwartaal;Aanvragen;Binnen termijn\n2027-K1;430;190\n")
    pk = RegistrationUpload.objects.get().pk
    page = client.get(response["Location"]).content.decode()
    assert "Rij 2, kolom &#x27;Binnen termijn&#x27;: 190 is meer dan 100" in page
    assert not RegistrationValue.objects.filter(quarter="2027-K1").exists()
    assert map_columns(client, pk).status_code == 200
    assert not RegistrationValue.objects.filter(quarter="2027-K1").exists()


@pytest.mark.parametrize("who", ["beheerder", "onderzoeker"])
def test_beheerder_and_onderzoeker_see_the_monitor(imported, client, who):
    client.force_login(imported[who])
    assert client.get(URL).status_code == 200


@pytest.mark.parametrize("who", ["leider_noord", "prof_noord", "invoerder"])
def test_other_roles_get_404(imported, client, who):
    client.force_login(imported[who])
    assert client.get(URL).status_code == 404
    assert client.get(URL + "kwartaalmonitor.csv").status_code == 404
    assert upload(client, FILE).status_code == 404


def test_another_organisation_sees_none_of_the_figures(imported, client):
    indicator = RegistrationIndicator.objects.first()
    client.force_login(imported["other_org"])
    page = client.get(URL).content.decode()
    assert "Nieuwe aanvragen" not in page and "Nog geen registratiecijfers" in page
    assert client.get(URL + "kwartaalmonitor.csv").content.decode().count("\n") == 1  # header
    assert client.post(f"{URL}indicator/{indicator.pk}/", {"question": "wmo-2"}).status_code == 404
    upload(client, FILE)
    theirs = RegistrationUpload.objects.get(organisation=imported["other_org"].organisation)
    client.force_login(imported["onderzoeker"])
    assert client.get(f"{URL}inlezen/{theirs.pk}/").status_code == 404
    assert client.post(f"{URL}inlezen/{theirs.pk}/", {"layout": "wide"}).status_code == 404


def _experience_world(world):
    survey = world["survey"]
    set_continuous(survey, True)
    other = {"wmo_1": 4}
    # 2026-K3 (cohorts July-September): 8 x helemaal eens, 3 x eens, 4 x oneens,
    # 2 x helemaal oneens, 3 x n.v.t. (not counted): 11 of 17 = 64.7% -> 65%.
    respond_many(survey, 8, {**other, "wmo_2": 5}, on=dt.date(2026, 7, 10))
    respond_many(survey, 3, {**other, "wmo_2": 4}, on=dt.date(2026, 8, 10))
    respond_many(survey, 4, {**other, "wmo_2": 2}, on=dt.date(2026, 9, 10))
    respond_many(survey, 2, {**other, "wmo_2": 1}, on=dt.date(2026, 9, 20))
    respond_many(survey, 3, {**other, "wmo_2": 9}, on=dt.date(2026, 9, 21))
    # 2026-K4: only 4 answers, under the minimum of 10: suppressed.
    respond_many(survey, 4, {**other, "wmo_2": 5}, on=dt.date(2026, 10, 5))
    indicator = RegistrationIndicator.objects.get(name="Beslissingen binnen de wettelijke termijn")
    indicator.experience_question = "wmo-2"
    indicator.save()
    return survey, indicator


def test_experience_figure_per_quarter_from_the_monthly_cohorts(imported, client):
    survey, indicator = _experience_world(imported)
    series = next(
        s for s in monitor_series(survey.organisation, survey) if s.indicator == indicator
    )
    k3, k4 = series.rows
    assert k3.experience.n == 17
    assert k3.experience.value == pytest.approx(100 * 11 / 17)
    assert k4.experience.suppressed and k4.experience.value is None
    page = client.get(URL).content.decode()
    assert "65% eens (n=17)" in page
    assert "te weinig antwoorden (n &lt; 10)" in page


def test_downloads_are_logged(imported, client):
    csv = client.get(URL + "kwartaalmonitor.csv")
    assert csv["Content-Type"].startswith("text/csv")
    lines = csv.content.decode().splitlines()
    assert lines[0].startswith("indicator;eenheid;wet;kwartaal;waarde")
    assert "Beslissingen binnen de wettelijke termijn;percentage;Wmo;2026-K4;91,5;" in lines[2]
    xlsx = client.get(URL + "kwartaalmonitor.xlsx")
    assert xlsx.content[:2] == b"PK"
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "reporting.download.quarterly_monitor.csv",
        "reporting.download.quarterly_monitor.xlsx",
    } <= actions


def test_quarterly_edition_as_page_and_pdf(imported, client, tmp_path):
    survey, _ = _experience_world(imported)
    url = f"{URL}{survey.slug}/kwartaal/2026-K3/"
    assert client.get(URL).content.decode().count(url) >= 1
    page = client.get(url).content.decode()
    assert "Kwartaalrapport 2026-K3" in page
    text = " ".join(pdf_text(client.get(url + "?pdf=1").content, tmp_path).split())
    assert "Kwartaalrapport 2026-K3" in text
    # registration beside experience: 88% decided in time, 65% eens on "snel geholpen"
    assert "Beslissingen binnen de wettelijke termijn 88%" in text
    assert "65% eens (n=17)" in text
    assert "2026-K4" not in text.replace("2026-K3", "")
    assert "Ik werd snel geholpen. 65% 17" in text
    assert "In dit kwartaal waren er geen signalen." in text
    assert client.get(f"{URL}{survey.slug}/kwartaal/juli/").status_code == 404
    assert AuditEvent.objects.filter(action="reporting.download.quarter_report.pdf").exists()
