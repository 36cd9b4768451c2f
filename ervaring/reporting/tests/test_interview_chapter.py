"""The interview chapter in the report (HTML, PDF, DOCX), worked out by hand.

This survey's round (2026) has 5 interviews: bejegening (plus) in 4, wachttijd (klus) in
3, deskundigheid (plus) in 1. The previous survey's round (2025) had 4: bejegening in 2,
informatie (klus) in 1, one without a theme. So: bejegening "de meeste (4 van 5)", more
than "ongeveer de helft (2 van 4)"; wachttijd "ongeveer de helft (3 van 5)", new;
deskundigheid "enkele (1 van 5)" (20%), new; informatie, "een aantal (1 van 4)" then
(exactly 25%), no longer mentioned.
"""

import io
import re
import subprocess
import tempfile

import pytest

from ervaring.accounts.tests.factories import StaffFactory
from ervaring.analysis import interview_runs, interviews
from ervaring.analysis.models import InterviewFragment
from ervaring.analysis.tests.interview_data import coded_round
from ervaring.questionnaires.tests.factories import SurveyFactory
from ervaring.reporting.docx_report import render_docx
from ervaring.reporting.report import build_report
from ervaring.reporting.report_render import render_html, render_pdf
from ervaring.reporting.tests.test_report_language import (
    DECIMAL_POINT,
    ENGLISH,
    IDENTIFIER,
    visible_text,
)

pytestmark = pytest.mark.django_db
PLANTED = "mevrouw Jansen was lief, haar nummer is 0612345678."


@pytest.fixture
def survey():
    survey = SurveyFactory(in_fieldwork=True)
    earlier = SurveyFactory(organisation=survey.organisation)
    staff = StaffFactory(organisation=survey.organisation)
    coded_round(
        earlier, [{"bejegening-plus"}, {"bejegening-plus"}, {"informatie-klus"}, set()], year=2025
    )
    made = coded_round(
        survey,
        [
            {"bejegening-plus", "wachttijd-klus"},
            {"bejegening-plus", "wachttijd-klus"},
            {"bejegening-plus", "wachttijd-klus"},
            {"bejegening-plus"},
            {"deskundigheid-plus"},
        ],
        actor=staff,
    )
    # A planted name and phone number in the first interview, chosen as a quote.
    text = f"Interviewer: Wie hielp u?\nDeelnemer: {PLANTED}"
    interviews.upload_transcript(made[0], "g01.txt", text.encode(), actor=staff)
    interview_runs.scrub_survey(survey.pk)
    fragment = InterviewFragment.objects.get(interview=made[0], is_interviewer=False)
    interviews.save_fragment_codes(fragment, {"bejegening-plus", "wachttijd-klus"}, coder=staff)
    interviews.set_fragment_quote(fragment, True, actor=staff)
    return survey


def test_the_chapter_words_the_counts_and_compares_with_the_previous_round(survey):
    report = build_report(survey)
    chapter = report.interview_chapter
    plus, klus = chapter.tables
    assert [[c.text for c in row] for row in plus.rows] == [
        ["Bejegening: goed", "de meeste (4 van 5)"],
        ["Deskundigheid: goed", "enkele (1 van 5)"],
    ]
    assert [[c.text for c in row] for row in klus.rows] == [
        ["Snelheid en wachttijd: kan beter", "ongeveer de helft (3 van 5)"]
    ]
    assert chapter.comparison.header == ("Thema", "Deze ronde", "Ronde 2025", "Verandering")
    rows = {row[0].text: [c.text for c in row[1:]] for row in chapter.comparison.rows}
    assert rows["Bejegening: goed"] == [
        "de meeste (4 van 5)",
        "ongeveer de helft (2 van 4)",
        "in meer interviews",
    ]
    assert rows["Snelheid en wachttijd: kan beter"][2] == "nieuw"
    assert rows["Informatie en uitleg: kan beter"] == [
        "niet genoemd",
        "een aantal (1 van 4)",
        "niet meer genoemd",
    ]
    assert chapter.quotes == (
        (
            "mevrouw [NAAM] was lief, haar nummer is [TELEFOON].",
            "Interview G01; Bejegening: goed, Snelheid en wachttijd: kan beter",
        ),
    )
    assert "‘enkele’ is minder dan 25%" in report.interviews_note


def test_the_raw_words_are_in_no_rendering_of_the_report(survey):
    report = build_report(survey)
    html = render_html(report)
    assert "Wat cliënten vertellen in interviews" in html and "[TELEFOON]" in html
    docx_text = _docx_text(render_docx(report))
    assert (
        "Wat cliënten vertellen in interviews" in docx_text and "de meeste (4 van 5)" in docx_text
    )
    for text in (html, docx_text):
        assert "Jansen" not in text and "0612345678" not in text


def test_the_chapter_is_in_the_pdf(survey):
    pdf = render_pdf(build_report(survey))
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(pdf)
        handle.flush()
        text = subprocess.run(
            ["pdftotext", handle.name, "-"], capture_output=True, text=True, check=True
        ).stdout
    flat = " ".join(text.split())
    assert "Wat cliënten vertellen in interviews" in flat
    assert "de meeste (4 van 5)" in flat and "niet meer genoemd" in flat
    assert "[NAAM] was lief" in flat
    assert "Jansen" not in flat and "0612345678" not in flat


def test_the_chapter_reads_as_dutch(survey):
    """The reader's check of test_report_language, on the chapter and its method paragraph."""
    html = render_html(build_report(survey))
    start = html.index('id="interviews"')
    text = visible_text(html[start : html.index("</section>", start)])
    text += " " + build_report(survey).interviews_note
    words = set(re.findall(r"[a-z]+", text.lower()))
    assert not (words & ENGLISH) and not IDENTIFIER.findall(text)
    assert not DECIMAL_POINT.findall(text)


def _docx_text(data: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(data))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)
