"""The report: figures equal the analysis engine's, and the PDF is a real, accessible PDF."""

import io
import re
import subprocess
import zipfile
import zlib

import pytest
from PIL import Image

from ervaring.analysis.models import TrendResult
from ervaring.analysis.results import OVERALL, rows_by_key
from ervaring.analysis.services import get_survey_results
from ervaring.fieldwork.models import Client
from ervaring.reporting.council_letter_forms import load_council_letter
from ervaring.reporting.docx_report import render_docx
from ervaring.reporting.models import ReportText
from ervaring.reporting.report import build_report
from ervaring.reporting.report_forms import save_report_text
from ervaring.reporting.report_render import render_council_letter_pdf, render_html, render_pdf
from ervaring.reporting.tests.survey_data import YEAR, make_survey
from ervaring.reporting.words import percent
from ervaring.stats import margin_of_error

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey():
    return make_survey()


def analysis_rows(survey):
    """The engine's own figures, computed apart from the report."""
    dataset, rows = get_survey_results(survey)
    return dataset, rows_by_key(rows)


def test_every_statement_in_the_report_has_the_engines_figures(survey):
    report = build_report(survey)
    _, rows = analysis_rows(survey)
    statements = [s for theme in report.themes for s in theme.statements]
    assert len(statements) > 20
    for s in statements:
        row = rows[(s.question_id, OVERALL, "totaal", None)]
        assert (s.n, s.agree, s.disagree, s.suppressed) == (
            row.n,
            row.pct_agree,
            row.pct_disagree,
            row.suppressed,
        )
        table = next(t.statement_table for t in report.themes if s in t.statements)
        if table is not None and not s.suppressed:
            printed = next(r for r in table.rows if r[0].text == s.text)
            assert [c.text for c in printed[1:5]] == [
                percent(row.pct_agree),
                percent(row.pct_neutral),
                percent(row.pct_disagree),
                str(row.n),
            ]


def test_the_method_table_has_population_sample_response_and_margin_per_group(survey):
    report = build_report(survey)
    dataset, _ = analysis_rows(survey)
    rows = {r[0].text: [c.text for c in r[1:]] for r in report.method.table.rows}
    responded = dataset.memberships["group"].astype(str).value_counts()
    population = dataset.provision_population["begeleiding"]
    n = int(responded["begeleiding"])
    margin = f"± {margin_of_error(n, population):.1f}%".replace(".", ",")
    assert rows["begeleiding"][0] == str(population)
    assert rows["begeleiding"][2] == str(n)
    assert rows["begeleiding"][4] == margin
    assert rows["Totaal"][:4] == ["600", "400", str(len(dataset.frame)), "40%"]
    assert Client.objects.filter(survey=survey).count() == 600


def test_the_headline_puts_the_weakest_statement_in_words(survey):
    report = build_report(survey)
    contact = next(t for t in report.themes if t.id == "contact")
    _, rows = analysis_rows(survey)
    disagree = rows[("wmo_2", OVERALL, "totaal", None)].pct_disagree
    assert disagree >= 20
    assert f"({percent(disagree)}) is het oneens met ‘Ik werd snel geholpen’" in contact.headline
    assert any("Ik werd snel geholpen" in p for p in report.findings.attention_points)


def test_a_theme_with_too_few_answers_shows_no_figures(survey):
    report = build_report(survey)
    theme = next(t for t in report.themes if t.id == "woningaanpassing")
    assert all(s.suppressed for s in theme.statements)
    assert theme.chart == "" and theme.statement_table is None
    assert "minder dan 10 antwoorden" in theme.text


def test_a_significant_decline_is_marked_in_the_trend_table_and_findings(survey):
    TrendResult.objects.create(
        organisation=survey.organisation,
        law="wmo",
        year=YEAR - 1,
        question="wmo-2",
        pct_agree=62.0,
        n=300,
        source="rapport",
    )
    report = build_report(survey)
    contact = next(t for t in report.themes if t.id == "contact")
    assert contact.trend_table.header[1:3] == (str(YEAR - 1), str(YEAR))
    row = next(r for r in contact.trend_table.rows if r[0].text.startswith("Ik werd snel"))
    assert row[1].text == "62%"
    assert "▼ significant gedaald" in row[-1].text
    assert any("daling is groter dan toeval" in p for p in report.findings.attention_points)


def test_the_analysts_text_replaces_the_draft_and_a_blank_part_keeps_it(survey):
    draft = build_report(survey).findings
    save_report_text(
        survey,
        {"plus_points": "• Medewerkers nemen cliënten serieus.\n\n", "attention_points": ""},
    )
    findings = build_report(survey).findings
    assert findings.plus_points == ("Medewerkers nemen cliënten serieus.",)
    assert findings.attention_points == draft.attention_points
    assert findings.is_edited
    assert ReportText.objects.get(survey=survey).updated_at is not None


def test_open_answers_stay_out_of_the_report(survey):
    html = render_html(build_report(survey))
    assert "Jan de Vries" not in html
    assert "open vragen zijn nog niet gecodeerd" in html


def inflated(pdf: bytes) -> bytes:
    """The PDF with every Flate stream inflated, to read the catalog in object streams."""
    parts = [pdf]
    for match in re.finditer(rb"stream\r?\n", pdf):
        start = match.end()
        end = pdf.find(b"endstream", start)
        try:
            parts.append(zlib.decompress(pdf[start:end]))
        except zlib.error:
            continue
    return b"\n".join(parts)


def test_the_pdf_has_its_pages_figures_language_bookmarks_and_tags(survey, tmp_path):
    report = build_report(survey)
    path = tmp_path / "rapport.pdf"
    path.write_bytes(render_pdf(report))
    info = subprocess.run(["pdfinfo", path], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert pages > 10
    assert re.search(r"Tagged:\s+yes", info)
    assert "Cliëntervaringsonderzoek Wmo" in info  # the document title
    subprocess.run(["pdftoppm", "-r", "20", "-png", path, tmp_path / "page"], check=True)
    assert len(list(tmp_path.glob("page-*.png"))) == pages
    text = subprocess.run(
        ["pdftotext", "-layout", path, "-"], capture_output=True, text=True, check=True
    ).stdout
    _, rows = analysis_rows(survey)
    dataset, _ = analysis_rows(survey)
    for heading in ("Samenvatting", "Onderzoeksverantwoording", "Bevindingen en aanbevelingen"):
        assert heading in text
    assert f"{len(dataset.frame)} respondenten" in text
    contact = next(t for t in report.themes if t.id == "contact")
    assert contact.headline.upper().split(" (")[0] in text.replace("\n", " ")
    row = rows[("wmo_1", OVERALL, "totaal", None)]
    printed = re.search(r"Ik wist waar ik moest zijn met mijn hulpvraag\.\s+(\d+%)\s+(\d+%)", text)
    assert printed.groups() == (percent(row.pct_agree), percent(row.pct_neutral))
    catalog = inflated(path.read_bytes())
    assert b"/Lang (nl)" in catalog
    assert b"/Outlines" in catalog
    assert b"/StructTreeRoot" in catalog
    structure = subprocess.run(
        ["pdfinfo", "-struct", path], capture_output=True, text=True, check=True
    ).stdout
    assert "H2" in structure and "Table" in structure


def test_the_council_letter_fits_on_two_pages(survey, tmp_path):
    path = tmp_path / "raadsbrief.pdf"
    report = build_report(survey)
    path.write_bytes(render_council_letter_pdf(load_council_letter(survey, report)))
    info = subprocess.run(["pdfinfo", path], capture_output=True, text=True, check=True).stdout
    assert int(re.search(r"Pages:\s+(\d+)\n", info).group(1)) <= 2


def test_the_pdf_opens_with_contents_whose_page_numbers_are_right(survey, tmp_path):
    report = build_report(survey)
    path = tmp_path / "rapport.pdf"
    path.write_bytes(render_pdf(report))
    pages = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout.split("\f")
    contents = pages[1]
    assert contents.lstrip().startswith("Inhoud")
    for title in ("Samenvatting", "Bijlage: representativiteit", *(t.title for t in report.themes)):
        listed = re.search(rf"{re.escape(title)}[^\n]*?\.{{3,}}\s*(\d+)\n", contents)
        assert listed, title
        number = int(listed.group(1))
        # The heading really is on that page (pdftotext pages count from 1).
        assert title in pages[number - 1], (title, number)


def test_a_row_that_does_not_add_up_to_100_carries_a_note(survey):
    for theme in build_report(survey).themes:
        table = theme.statement_table
        if table is None:
            continue
        sums = [
            sum(int(cell.text.rstrip("%")) for cell in row[1:4])
            for row in table.rows
            if not row[1].suppressed
        ]
        has_note = any("Door afronden" in note for note in table.notes)
        assert has_note == any(total != 100 for total in sums), theme.title


def test_the_report_is_in_the_organisations_house_colour(survey, tmp_path):
    survey.organisation.house_colour = "#00689e"
    survey.organisation.save()
    report = build_report(survey)
    assert "--house: #00689e;" in render_html(report)
    path = tmp_path / "rapport.pdf"
    path.write_bytes(render_pdf(report))
    subprocess.run(
        ["pdftoppm", "-r", "60", "-f", "1", "-l", "1", "-png", path, tmp_path / "cover"],
        check=True,
    )
    (png,) = tmp_path.glob("cover*.png")
    with Image.open(png) as cover:
        colours = {colour for _count, colour in cover.convert("RGB").getcolors(1_000_000)}
    assert (0x00, 0x68, 0x9E) in colours  # the cover's bar
    assert (0x15, 0x42, 0x73) not in colours  # not the product's own blue
    word = zipfile.ZipFile(io.BytesIO(render_docx(report))).read("word/document.xml")
    assert b'w:color w:val="00689E"' in word
