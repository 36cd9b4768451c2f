"""The council letter (raadsbrief) in the shape a college sends to its council, and its page.

Also the one rule for plus points and points of attention, and the printed change against
last year, which the letter and the report share.
"""

import io
import subprocess

import pytest
from docx import Document

from ervaring.accounts.models import AuditEvent
from ervaring.accounts.tests.factories import StaffFactory
from ervaring.analysis.models import TrendResult
from ervaring.analysis.results import OVERALL, rows_by_key
from ervaring.analysis.services import get_survey_results
from ervaring.dutch_dates import dutch_date
from ervaring.questionnaires.services import get_document
from ervaring.reporting.council_letter_forms import load_council_letter
from ervaring.reporting.docx_report import render_council_letter
from ervaring.reporting.models import CouncilLetterText
from ervaring.reporting.report import build_report
from ervaring.reporting.report_context import Statement
from ervaring.reporting.report_findings import best_below_threshold, draft_plus_points
from ervaring.reporting.report_render import render_council_letter_pdf
from ervaring.reporting.tests.survey_data import YEAR, make_survey

pytestmark = pytest.mark.django_db

#: What a staff instruction starts with; the college's letter says what *it* will do.
IMPERATIVES = ("Deel ", "Bespreek ", "Zorg ", "Zoek ", "Vertel ", "Maak ")


@pytest.fixture
def survey():
    return make_survey()


def pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "brief.pdf"
    path.write_bytes(content)
    return subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def statement(agree: float, disagree: float = 5.0, text: str = "Stelling") -> Statement:
    return Statement("q", text, "t", 100, agree, 100 - agree - disagree, disagree, 0, 0, False)


def test_the_letter_has_every_part_of_a_letter_to_the_council(survey, tmp_path):
    report = build_report(survey)
    text = " ".join(
        pdf_text(render_council_letter_pdf(load_council_letter(survey, report)), tmp_path).split()
    )
    place = survey.organisation.name.removeprefix("Gemeente ")
    for part in (
        f"Aan De leden van de gemeenteraad van {place}",
        f"Datum {dutch_date(report.made_on)}",
        f"Ons kenmerk CEO-WMO-{YEAR}",
        f"Onderwerp: Uitkomsten cliëntervaringsonderzoek Wmo {YEAR}",
        "Geachte leden van de raad,",
        "Uitkomsten per thema",
        "Vergeleken met vorig jaar",
        "Wat het college gaat doen",
        f"Het college van burgemeester en wethouders van {place},",
        "de secretaris,",
        "de burgemeester,",
    ):
        assert part in text, part


def test_what_the_college_will_do_is_written_as_the_college_not_as_staff_instructions(survey):
    letter = load_council_letter(survey, build_report(survey))
    assert letter.actions
    assert not [a for a in letter.actions if a.startswith(IMPERATIVES)]


def test_the_comparison_names_a_significant_decline_with_the_printed_figures(survey):
    TrendResult.objects.create(
        organisation=survey.organisation,
        law="wmo",
        year=YEAR - 1,
        question="wmo-2",
        pct_agree=62.0,
        n=300,
        source="rapport",
    )
    question = next(
        q.id for q in get_document(survey.current_version).questions() if q.standard == "wmo-2"
    )
    _, rows = get_survey_results(survey)
    now = rows_by_key(rows)[(question, OVERALL, "totaal", None)].value
    letter = load_council_letter(survey, build_report(survey))
    comparison = " ".join(letter.comparison)
    assert (
        f"Minder cliënten dan in {YEAR - 1} zijn het eens met ‘Ik werd snel geholpen’ "
        f"(62% naar {int(now + 0.5)}%)" in comparison
    )
    assert any(
        a.startswith("Wij zoeken uit waarom minder cliënten") and "snel geholpen" in a
        for a in letter.actions
    )


def test_without_earlier_years_the_letter_says_so(survey):
    letter = load_council_letter(survey, build_report(survey))
    assert letter.comparison == (
        "Er zijn geen uitkomsten van eerdere jaren vastgelegd. Een vergelijking met vorig jaar "
        "ontbreekt daarom in deze brief.",
    )


def test_the_page_saves_only_what_differs_from_the_draft(client, survey, tmp_path):
    researcher = StaffFactory(organisation=survey.organisation)
    client.force_login(researcher)
    url = f"/beheer/onderzoek/{survey.slug}/raadsbrief/"
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["form"]
    posted = {name: form.initial[name] for name in form.fields}
    posted["letter_date"] = form.initial["letter_date"].isoformat()
    posted["actions"] = "Wij openen in 2027 een spreekuur voor mantelzorgers."
    posted["mayor"] = "A. de Burgemeester"
    posted["reference"] = "Z/26/123456"
    response = client.post(url, posted)
    assert response.status_code == 302
    stored = CouncilLetterText.objects.get(survey=survey)
    assert (stored.summary, stored.addressee, stored.letter_date) == ("", "", None)
    assert stored.reference == "Z/26/123456" and stored.mayor == "A. de Burgemeester"
    assert AuditEvent.objects.filter(action="reporting.council_letter_edited").count() == 1

    text = " ".join(pdf_text(client.get(url + "pdf/").content, tmp_path).split())
    assert "Wij openen in 2027 een spreekuur voor mantelzorgers." in text
    assert "Ons kenmerk Z/26/123456" in text and "A. de Burgemeester" in text
    assert "Wij delen de uitkomsten" not in text  # the edited list replaced the draft's

    docx = Document(io.BytesIO(client.get(url + "word/").content))
    words = "\n".join(p.text for p in docx.paragraphs)
    assert "Wij openen in 2027 een spreekuur voor mantelzorgers." in words
    assert "Ons kenmerk: Z/26/123456" in words


def test_an_untouched_summary_follows_new_figures(survey):
    before = load_council_letter(survey, build_report(survey)).summary
    CouncilLetterText.objects.create(survey=survey, mayor="A. de Burgemeester")
    survey.responses.filter(completed_at__isnull=False).order_by("id").first().delete()
    after = load_council_letter(survey, build_report(survey))
    assert after.summary != before and after.mayor == "A. de Burgemeester"


def test_the_word_file_has_the_letters_parts(survey):
    letter = load_council_letter(survey, build_report(survey))
    document = Document(io.BytesIO(render_council_letter(letter)))
    words = "\n".join(p.text for p in document.paragraphs)
    assert f"Onderwerp: {letter.subject}" in words
    assert f"Aan: {letter.addressee}" in words and "Geachte leden van de raad," in words
    assert f"{letter.college}," in words


def test_a_plus_point_is_one_rule_on_the_printed_percentage():
    chosen = draft_plus_points([statement(74.6, text="A"), statement(74.4, text="B")])
    assert len(chosen) == 1 and "75%" in chosen[0] and "‘A’" in chosen[0]


def test_without_plus_points_the_summary_names_the_best_without_calling_it_one():
    statements = [statement(64.0, text="Hoogste"), statement(51.0, text="Lager")]
    assert draft_plus_points(statements) == []
    assert best_below_threshold(statements) == [
        "Geen stelling haalt 75% eens, de grens voor een pluspunt. Het best scoort ‘Hoogste’: "
        "64% eens (n=100)."
    ]


def test_the_printed_change_is_the_difference_of_the_printed_figures(survey):
    TrendResult.objects.create(
        organisation=survey.organisation,
        law="wmo",
        year=YEAR - 1,
        question="wmo-1",
        pct_agree=61.5,
        n=300,
        source="rapport",
    )
    report = build_report(survey)
    for theme in report.themes:
        for row in theme.trend_table.rows if theme.trend_table else ():
            before, now, change = row[-3].text, row[-2].text, row[-1].text
            if change == "–":
                continue
            points = int(now.rstrip("%")) - int(before.rstrip("%"))
            sign = "+" if points > 0 else "−" if points < 0 else ""
            assert change.startswith(f"{sign}{abs(points)} procentpunt"), row
