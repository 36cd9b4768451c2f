"""The table book, the anonymised data file, the monitor CSV and the commands that write them."""

import csv
import io

import openpyxl
import pyreadstat
import pytest
from django.core.management import CommandError, call_command

from ervaring.analysis.dataset import build_dataset
from ervaring.analysis.models import TrendResult
from ervaring.analysis.results import OVERALL
from ervaring.questionnaires.services import get_document
from ervaring.reporting.exports import build_data_file, write_data_file
from ervaring.reporting.monitor import monitor_rows
from ervaring.reporting.report import collect_inputs
from ervaring.reporting.tablebook import build_tablebook, safe_text
from ervaring.reporting.tests.survey_data import YEAR, make_survey
from ervaring.responses.models import Response

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey():
    return make_survey()


def test_the_table_book_has_every_question_with_links_and_the_engines_figures(survey):
    inputs = collect_inputs(survey)
    book = openpyxl.load_workbook(io.BytesIO(build_tablebook(inputs)))
    contents = book["Inhoud"]
    links = [c for c in contents["A"] if c.hyperlink is not None]
    assert len(links) == len(inputs.dataset.questions) == len(book.sheetnames) - 1
    assert links[0].hyperlink.location == "'V01'!A1"
    sheet = book["V01"]  # wmo_1, an agree statement
    assert sheet["A1"].value == "Ik wist waar ik moest zijn met mijn hulpvraag."
    header = [c.value for c in sheet[4]]
    assert header[:8] == [
        "Uitsplitsing",
        "Groep",
        "aantal eens",
        "aantal neutraal",
        "aantal oneens",
        "aantal weet niet/n.v.t.",
        "n",
        "% eens",
    ]
    overall = [c.value for c in sheet[5]]
    row = inputs.rows[("wmo_1", OVERALL, "totaal", None)]
    assert overall[6] == row.n
    assert overall[7] == pytest.approx(row.pct_agree / 100)
    assert overall[2] + overall[3] + overall[4] == row.n  # unweighted counts add up to n
    values = [[c.value for c in r] for r in sheet.iter_rows(min_row=5)]
    flag = header.index("onderdrukt")
    suppressed = [v for v in values if v[flag] == "ja"]
    assert suppressed, "the small provision group woningaanpassing is suppressed"
    assert all(cell == "·" for cell in suppressed[0][2:flag])
    assert suppressed[0][flag + 1] is None  # no significance mark on a hidden group


def test_the_data_file_has_no_identifiers_coarse_attributes_and_no_open_answers(survey):
    dataset = build_dataset(survey)
    data = build_data_file(dataset, get_document(survey.current_version))
    columns = set(data.frame.columns)
    assert not columns & {"token", "id", "response", "period", "age", "completed_at"}
    assert {"stratum", "gewicht", "populatie_stratum"} <= columns
    assert "mening_goed" not in columns and "wmo_1" in columns
    assert data.smallest_group >= dataset.min_n
    assert list(data.frame["respondent"]) == list(range(1, len(dataset.frame) + 1))
    assert "Jan de Vries" not in write_data_file(data, "csv").decode("utf-8-sig")


def test_the_sav_file_keeps_variable_and_value_labels(survey, tmp_path):
    dataset = build_dataset(survey)
    data = build_data_file(dataset, get_document(survey.current_version))
    path = tmp_path / "data.sav"
    path.write_bytes(write_data_file(data, "sav"))
    frame, meta = pyreadstat.read_sav(str(path))
    labels = dict(zip(meta.column_names, meta.column_labels, strict=True))
    assert labels["wmo_1"] == "Ik wist waar ik moest zijn met mijn hulpvraag."
    assert meta.variable_value_labels["wmo_1"][5.0] == "helemaal mee eens"
    assert meta.variable_value_labels["wmo_5"] == {1.0: "ja", 2.0: "nee"}
    assert len(frame) == len(dataset.frame)
    assert (frame["wmo_1"].dropna().isin([1, 2, 3, 4, 5, 8, 9])).all()


def test_text_a_spreadsheet_would_run_is_neutralised(survey):
    for response in Response.objects.filter(survey=survey):
        response.attributes = {**response.attributes, "district": '=HYPERLINK("x")'}
        response.save(update_fields=["attributes"])
    dataset = build_dataset(survey)
    drop = ("team", "age_band", "channel", "provision_groups")
    data = build_data_file(dataset, get_document(survey.current_version), drop=drop)
    rows = list(
        csv.DictReader(io.StringIO(write_data_file(data, "csv").decode("utf-8-sig")), delimiter=";")
    )
    assert {r["district"] for r in rows} == {'\'=HYPERLINK("x")'}
    book = openpyxl.load_workbook(io.BytesIO(write_data_file(data, "xlsx")))
    district = [c.value for c in book["Gegevens"][1]].index("district")
    assert book["Gegevens"].cell(2, district + 1).value == '\'=HYPERLINK("x")'
    assert [safe_text(v) for v in ("+31", "-1", "@SUM", "ok")] == ["'+31", "'-1", "'@SUM", "ok"]


def test_the_monitor_rows_hold_every_standard_question_per_year(survey):
    TrendResult.objects.create(
        organisation=survey.organisation,
        law="wmo",
        year=YEAR - 1,
        question="wmo-1",
        pct_agree=70.0,
        n=250,
        source="rapport",
    )
    inputs = collect_inputs(survey)
    rows = monitor_rows(inputs)
    this_year = [r for r in rows if r["jaar"] == YEAR]
    assert [r["indicator"] for r in this_year] == [f"wmo-{i}" for i in range(1, 11)]
    first = inputs.rows[("wmo_1", OVERALL, "totaal", None)]
    assert this_year[0]["percentage"] == f"{first.value:.1f}" and this_year[0]["n"] == first.n
    assert this_year[4]["maat"] == "% ja"
    assert (
        rows[0] | {} == rows[0] and rows[0]["jaar"] == YEAR - 1 and rows[0]["percentage"] == "70.0"
    )


def test_the_commands_write_every_file_with_progress(survey, tmp_path, capsys):
    slug = survey.slug
    for fmt in ("pdf", "html", "docx", "raadsbrief-docx"):
        call_command("report", survey=slug, format=fmt, out=str(tmp_path / f"r.{fmt}"))
    call_command("tablebook", survey=slug, out=str(tmp_path / "t.xlsx"))
    call_command("monitor", survey=slug, out=str(tmp_path / "m.csv"))
    call_command("export", survey=slug, format="csv", out=str(tmp_path / "d.csv"))
    call_command("export", survey=slug, format="xlsx", out=str(tmp_path / "d.xlsx"), drop="law")
    with pytest.raises(CommandError, match="Onbekend kenmerk"):
        call_command("export", survey=slug, format="csv", out=str(tmp_path / "x.csv"), drop="bsn")
    output = capsys.readouterr().out
    assert "analysing" in output and "smallest group" in output and "wrote" in output
    assert (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF")
    assert '<html lang="nl">' in (tmp_path / "r.html").read_text()
    book = openpyxl.load_workbook(tmp_path / "d.xlsx")
    assert "wmo_1" in [c.value for c in book["Codeboek"]["A"]]
    assert "law" not in [c.value for c in book["Gegevens"][1]]
    notes = [c.value for c in book["Toelichting"]["A"]]
    assert any("tekst van open antwoorden is weggelaten" in str(n) for n in notes)
    notes_file = (tmp_path / "d.csv.toelichting.txt").read_text()
    assert notes_file.startswith("De tekst van open antwoorden")
    assert not (tmp_path / "x.csv").exists()
