"""The complaints paragraph in the report and the raadsbrief (issue 12, complaint signals).

Figures of 2024 (threshold 10): Zorg Noord 14, Zorg Zuid 11, Zorg Oost 3. Oost is under the
threshold and would be alone in ``28 - 14 - 11 = 3``, so Zorg Zuid (the smallest shown)
is hidden too: only Zorg Noord is named. Earlier totals: 2022 5, 2023 9, so "tussen de 5
en 9 per jaar".
"""

import pytest

from ervaring.analysis.models import ComplaintFigure, ComplaintSettings
from ervaring.questionnaires.tests.factories import SurveyFactory
from ervaring.reporting.council_letter_forms import load_council_letter
from ervaring.reporting.docx_report import render_council_letter, render_docx
from ervaring.reporting.report import build_report
from ervaring.reporting.report_render import render_html
from ervaring.reporting.tests.test_report_language import (
    DECIMAL_POINT,
    ENGLISH,
    IDENTIFIER,
    visible_text,
)

pytestmark = pytest.mark.django_db


def add(survey, year, provider, clients, **subjects):
    ComplaintFigure.objects.create(
        organisation=survey.organisation, law=survey.law, year=year, source="klachtinstantie",
        provider=provider, clients=clients, subjects=subjects,
    )  # fmt: skip


@pytest.fixture
def survey():
    survey = SurveyFactory(in_fieldwork=True, opens_on="2024-03-01")
    add(survey, 2022, "Zorg Noord", 5)
    add(survey, 2023, "Zorg Noord", 6)
    add(survey, 2023, "Zorg Oost", 3)
    add(survey, 2024, "Zorg Noord", 14, bejegening=9, beslissing=2)
    add(survey, 2024, "Zorg Zuid", 11, uitvoering=11)
    add(survey, 2024, "Zorg Oost", 3, bejegening=3)
    return survey


def test_the_report_names_only_what_the_threshold_and_its_complement_allow(survey):
    report = build_report(survey)
    text = visible_text(render_html(report))
    assert "In 2024 dienden 28 unieke cliënten een klacht in bij de klachtinstantie." in text
    assert "tussen de 5 en 9 per jaar" in text
    assert "De meeste klachten gingen over bejegening, uitvoering en beslissing." in text
    assert "Zorg Noord" in text
    assert "Zorg Zuid" not in text and "Zorg Oost" not in text
    assert [row[0].text for row in report.complaints.table.rows] == ["Zorg Noord"]


def test_the_raadsbrief_and_the_word_files_carry_the_same_paragraph(survey):
    report = build_report(survey)
    letter = load_council_letter(survey, report)
    assert letter.complaints == report.complaints.paragraphs
    assert any("Over Zorg Noord klaagden 14 cliënten" in line for line in letter.complaints)
    assert not any("Zuid" in line or "Oost" in line for line in letter.complaints)
    assert render_council_letter(letter)[:2] == b"PK"
    assert render_docx(report)[:2] == b"PK"


def test_a_higher_threshold_names_nobody(survey):
    ComplaintSettings.objects.create(organisation=survey.organisation, threshold=15)
    report = build_report(survey)
    assert report.complaints.table is None
    assert not any("Noord" in line for line in report.complaints.paragraphs)


def test_without_figures_there_is_no_paragraph():
    survey = SurveyFactory(in_fieldwork=True, opens_on="2024-03-01")
    report = build_report(survey)
    assert report.complaints is None
    assert "Klachten" not in visible_text(render_html(report))


def test_the_paragraph_reads_as_dutch_without_identifiers(survey):
    report = build_report(survey)
    text = " ".join(report.complaints.paragraphs)
    assert not set(text.lower().split()) & ENGLISH
    assert not IDENTIFIER.findall(text) and not DECIMAL_POINT.findall(text)
