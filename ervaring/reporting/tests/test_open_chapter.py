"""Coded open answers in the report and the data file (issue 12 part 2, E).

The expected counts are worked out from the coding below, by hand: 12 respondents
answered "Wat vindt u goed"; 11 are coded. Bejegening (plus) is given to 10 of them,
wachttijd (plus) to 3, uitvoering (klus) to 10. With the minimum group size 10, 10 of 11
is 91%, and 3 is hidden.
"""

import pytest

from ervaring.accounts.tests.factories import StaffFactory
from ervaring.analysis import codebook_services, coding
from ervaring.analysis.dataset import build_dataset
from ervaring.analysis.models import CoderRole, Quote
from ervaring.analysis.open_results import code_columns, open_question_results
from ervaring.analysis.tests.open_answers import answered, texts_for
from ervaring.questionnaires.services import get_document
from ervaring.questionnaires.tests.factories import SurveyFactory
from ervaring.reporting.docx_report import render_docx
from ervaring.reporting.exports import build_data_file, write_data_file
from ervaring.reporting.report import build_report
from ervaring.reporting.report_render import render_html

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey():
    survey = SurveyFactory(in_fieldwork=True)
    codebook_services.ensure_codebook(survey)
    staff = StaffFactory(organisation=survey.organisation)
    for i in range(12):
        answered(survey, {"open_goed": f"de hulp is fijn, nummer {i}, bel 06-1234567{i % 10}"})
    texts = texts_for(survey)
    for i, text in enumerate(texts[:11]):
        keys = {"bejegening-plus"} if i < 10 else set()
        keys |= {"wachttijd-plus"} if i < 3 else set()
        keys |= {"uitvoering-klus"} if i >= 1 else set()
        coding.save_codes(text, CoderRole.FIRST, keys, coder=staff)
    Quote.objects.create(open_text=texts[0], chosen_by=staff)
    return survey


def test_themes_are_ranked_by_respondents_with_the_small_one_hidden(survey):
    result = next(r for r in open_question_results(survey) if r.question.id == "open_goed")
    assert (result.answers, result.coded, result.suppressed) == (12, 11, False)
    plus = [(t.key, t.count, t.suppressed) for t in result.of("plus")]
    assert plus == [("bejegening-plus", 10, False), ("wachttijd-plus", None, True)]
    assert [(t.key, t.count) for t in result.of("klus")] == [("uitvoering-klus", 10)]
    assert result.of("plus")[0].share == pytest.approx(100 * 10 / 11)


def test_the_report_has_a_chapter_with_plus_and_kluspunten_and_the_chosen_quote(survey):
    report = build_report(survey)
    chapter = next(c for c in report.open_chapters if c.id == "open_goed")
    plus = chapter.tables[0]
    assert plus.caption == "Pluspunten: Wat vindt u goed aan de hulp en waarom?"
    assert [c.text for c in plus.rows[0]] == ["Bejegening: goed", "10", "91%"]
    assert [c.text for c in plus.rows[1]] == ["Snelheid en wachttijd: goed", "·", "·"]
    assert chapter.quotes == (
        (
            "de hulp is fijn, nummer 0, bel [TELEFOON]",
            "Bejegening: goed, Snelheid en wachttijd: goed",
        ),
    )
    html = render_html(report)
    assert "Wat cliënten zelf schrijven" in html and "06-1234567" not in html
    assert "zijn gecodeerd in thema" in html
    assert b"06-1234567" not in render_docx(report)


def test_too_few_coded_answers_show_no_counts(survey):
    survey.min_group_size = 12
    survey.save(update_fields=["min_group_size"])
    chapter = next(c for c in build_report(survey).open_chapters if c.id == "open_goed")
    assert chapter.tables == () and "Minder dan 12 gecodeerde antwoorden" in chapter.note


def test_the_kappa_of_two_coders_is_in_the_method_section(survey):
    from ervaring.analysis.models import SecondSample

    second = StaffFactory(organisation=survey.organisation)
    for text in texts_for(survey)[:4]:
        SecondSample.objects.create(open_text=text)
        keys = coding.codes_of(text, CoderRole.FIRST)
        coding.save_codes(text, CoderRole.SECOND, keys, coder=second)
    note = build_report(survey).open_answers_note
    assert "codeerde een tweede onderzoeker 4 willekeurig gekozen antwoorden" in note
    assert "(Cohens kappa over alle thema's) is 1,00" in note


def test_codes_are_0_1_columns_in_the_data_file_and_the_text_is_not(survey):
    dataset = build_dataset(survey)
    data = build_data_file(
        dataset, get_document(survey.current_version), codes=code_columns(survey)
    )
    column = data.frame["open_goed_bejegening_plus"]
    assert sorted(column.dropna().tolist()) == [0.0] + [1.0] * 10
    assert column.isna().sum() == 1  # the answer not coded yet
    assert data.frame["open_goed_uitvoering_klus"].sum() == 10
    assert data.variable_labels["open_goed_bejegening_plus"] == (
        "Wat vindt u goed aan de hulp en waarom? – Bejegening: goed (1 = genoemd)"
    )
    assert data.value_labels["open_goed_bejegening_plus"] == {1: "genoemd", 0: "niet genoemd"}
    text = write_data_file(data, "csv").decode("utf-8-sig")
    assert "hulp is fijn" not in text and "TELEFOON" not in text
    write_data_file(data, "sav")  # labels and 0/1 are valid SPSS
