"""Uploading an earlier year's data file on "Eerdere jaren": all figures stored, or none."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ervaring.accounts.models import AuditEvent
from ervaring.accounts.tests.factories import StaffFactory, TeamFactory
from ervaring.analysis.models import TrendResult, TrendSource

pytestmark = pytest.mark.django_db
URL = "/beheer/eerdere-jaren/bestand/"

# One stratum of N = 50 with 5 respondents (weight 10): wmo_2 has 3 of 4 valid answers eens.
ROWS = [
    ["respondent", "stratum", "gewicht", "populatie_stratum", "wmo_2", "wmo_5"],
    [1, "begeleiding", 10, 50, 5, 1],
    [2, "begeleiding", 10, 50, 4, 1],
    [3, "begeleiding", 10, 50, 4, 2],
    [4, "begeleiding", 10, 50, 1, 2],
    [5, "begeleiding", 10, 50, 9, None],
]


def _csv(rows=ROWS) -> SimpleUploadedFile:
    text = "\n".join(";".join("" if c is None else str(c) for c in r) for r in rows)
    return SimpleUploadedFile("ceo-2023.csv", text.encode("utf-8-sig"), "text/csv")


def _xlsx(rows=ROWS) -> SimpleUploadedFile:
    book = openpyxl.Workbook()
    for r in rows:
        book.active.append(r)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("ceo-2023.xlsx", buffer.getvalue())


@pytest.mark.parametrize("make_file", [_csv, _xlsx])
def test_the_files_figures_are_stored_for_that_year(client, make_file):
    staff = StaffFactory()
    client.force_login(staff)
    response = client.post(URL, {"file_year": "2023", "data_file": make_file()})
    assert response.status_code == 302
    stored = {t.question: t for t in TrendResult.objects.filter(organisation=staff.organisation)}
    assert set(stored) == {"wmo-2", "wmo-5"}
    wmo2 = stored["wmo-2"]
    assert (wmo2.year, wmo2.law, wmo2.n, wmo2.population) == (2023, "wmo", 4, 50)
    assert wmo2.pct_agree == pytest.approx(75.0)  # 3 of 4, equal weights
    # One stratum, u_i = (y_i - 0.75 x_i) / 4: 1/16, 1/16, 1/16, -3/16, 0 (mean 0);
    # squares 12/256; variance (1 - 5/50) * 5/4 * 12/256.
    assert wmo2.se == pytest.approx(100 * ((1 - 5 / 50) * 5 / 4 * 12 / 256) ** 0.5)
    assert stored["wmo-5"].pct_agree == pytest.approx(50.0)
    assert wmo2.source == TrendSource.DATASET
    assert AuditEvent.objects.filter(action="trend.file_imported").exists()


def test_a_bad_cell_is_named_and_nothing_is_stored(client):
    client.force_login(StaffFactory())
    rows = [*ROWS[:4], [4, "begeleiding", 10, 50, 7, 2], ROWS[5]]
    page = client.post(URL, {"file_year": "2023", "data_file": _csv(rows)}).content.decode()
    assert "Rij 5, kolom ‘wmo_2’: 7 is geen geldige antwoordcode" in page
    assert not TrendResult.objects.exists()


def test_a_year_already_there_stores_nothing_and_says_which(client):
    staff = StaffFactory()
    client.force_login(staff)
    TrendResult.objects.create(
        organisation=staff.organisation, law="wmo", year=2023, question="wmo-5",
        pct_agree=40, n=100, source=TrendSource.REPORT,
    )  # fmt: skip
    page = client.post(URL, {"file_year": "2023", "data_file": _csv()}).content.decode()
    assert "Voor wmo-5 in 2023 is al een cijfer ingevoerd" in page
    assert list(TrendResult.objects.values_list("question", flat=True)) == ["wmo-5"]


def test_only_staff_who_manage_surveys_may_upload(client):
    team = TeamFactory()
    client.force_login(StaffFactory(organisation=team.organisation, role="professional", team=team))
    assert client.post(URL, {"file_year": "2023", "data_file": _csv()}).status_code == 404
    assert not TrendResult.objects.exists()
