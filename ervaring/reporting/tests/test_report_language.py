"""A reader's check of the Dutch report and council letter: no English, no code identifiers,
no decimal points, and no sentence opening repeated over and over."""

import re
from collections import Counter
from html import unescape

import pytest

from ervaring.reporting.council_letter_forms import load_council_letter
from ervaring.reporting.report import build_report
from ervaring.reporting.report_render import render_html
from ervaring.reporting.tests.survey_data import make_survey

pytestmark = pytest.mark.django_db

#: English words that are not also Dutch words ("of", "is", "in" are both).
ENGLISH = {
    "the", "and", "with", "respondents", "provision", "provisions", "groups", "known",
    "value", "values", "weighted", "total", "missing", "unknown", "none", "null", "nan",
    "true", "false", "per provision",
}  # fmt: skip
IDENTIFIER = re.compile(r"\b[a-z]+_[a-z0-9_]+\b")
DECIMAL_POINT = re.compile(r"\b\d+\.\d+\b")
LAW_ARTICLE = re.compile(r"artikel [\d.:]+")


def visible_text(html: str) -> str:
    html = re.sub(r"<(style|script)\b.*?</\1>", " ", html, flags=re.S)
    html = re.sub(r"<svg\b.*?</svg>", " ", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


@pytest.fixture
def texts():
    survey = make_survey(one_provision=True)
    report = build_report(survey)
    letter = load_council_letter(survey, report)
    letter_text = " ".join(
        (*letter.summary, *(" ".join(t) for t in letter.themes), *letter.comparison,
         *letter.actions)
    )  # fmt: skip
    html = render_html(report)
    return {"rapport": visible_text(html), "raadsbrief": letter_text, "proza": prose(html)}


def prose(html: str) -> str:
    """The report's paragraphs of running text: plain ``<p>``, not notes, legends or cells."""
    paragraphs = re.findall(r"<p>(.*?)</p>", html, flags=re.S)
    return " ".join(visible_text(p) for p in paragraphs)


def test_no_english_no_identifiers_and_a_decimal_comma(texts):
    for part in ("rapport", "raadsbrief"):
        text = texts[part]
        words = set(re.findall(r"[a-z]+", text.lower()))
        assert not (words & ENGLISH), (part, words & ENGLISH)
        assert not IDENTIFIER.findall(text), part
        assert not DECIMAL_POINT.findall(LAW_ARTICLE.sub("", text)), part


def test_sentence_openings_vary(texts):
    """Bureau writers vary their sentences: no opening of three words more than four times
    (thirteen themes would otherwise open thirteen paragraphs alike)."""
    sentences = re.split(r"(?<=[.!?])\s+", texts["proza"])
    openings = Counter(" ".join(s.split()[:3]).lower() for s in sentences if len(s.split()) > 5)
    common = {o: c for o, c in openings.items() if c > 4}
    assert not common, common
