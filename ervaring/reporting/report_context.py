"""The report's context objects: plain frozen dataclasses the templates render.

Kept apart from :mod:`ervaring.reporting.report` (which builds them) so that the section
builders can share them without importing each other.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from ervaring.analysis.benchmark import Benchmark
from ervaring.analysis.dataset import SurveyDataset
from ervaring.analysis.results import ResultRow
from ervaring.analysis.trends import TrendComparison
from ervaring.questionnaires.document import Questionnaire
from ervaring.questionnaires.models import Survey
from ervaring.reporting.national import NationalReference


@dataclass(frozen=True)
class ReportInputs:
    """Everything the sections are built from, computed once."""

    survey: Survey
    year: int
    dataset: SurveyDataset
    rows: Mapping[tuple[str, str, str, str | None], ResultRow]
    questionnaire: Questionnaire
    comparisons: Mapping[str, TrendComparison]
    team_names: Mapping[str, str]
    #: (question, breakdown, group) -> +1/-1: the group's % eens differs from the rest.
    differences: Mapping[tuple[str, str, str], int] = field(default_factory=dict)
    #: Standard id -> the average of the other participating organisations this year.
    benchmarks: Mapping[str, Benchmark] = field(default_factory=dict)
    #: Standard id -> the national figure of the latest year up to this one.
    national: Mapping[str, NationalReference] = field(default_factory=dict)


@dataclass(frozen=True)
class Cell:
    """One printed figure: the text to show and, for screen readers, what it means."""

    text: str
    suppressed: bool = False
    note: str = ""


@dataclass(frozen=True)
class Table:
    """A table as the templates draw it: caption, header row, body rows (first cell is th)."""

    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    notes: tuple[str, ...] = ()
    numeric_from: int = 1


@dataclass(frozen=True)
class RegistrationSection:
    """Registration figures per quarter: the report's table, the letter's sentences."""

    table: Table
    sentences: tuple[str, ...]


@dataclass(frozen=True)
class Statement:
    """One agree/satisfaction statement, rounded for print; ``value`` etc. for sorting."""

    question_id: str
    text: str
    theme: str
    n: int | None
    agree: float | None
    neutral: float | None
    disagree: float | None
    ci_low: float | None
    ci_high: float | None
    suppressed: bool


@dataclass(frozen=True)
class ThemeSection:
    """Results of one theme: headline, text, chart, tables."""

    id: str
    title: str
    headline: str
    text: str
    chart: str
    statements: tuple[Statement, ...]
    statement_table: Table | None
    other_tables: tuple[Table, ...]
    trend_table: Table | None
    breakdown_tables: tuple[Table, ...]
    benchmark_table: Table | None = None


@dataclass(frozen=True)
class Change:
    """A statement's % eens against the previous measurement, as printed.

    ``points`` is the difference of the two *printed* percentages, so that a reader who
    subtracts them finds the same number; the test behind ``significant`` uses the unrounded
    figures (:mod:`ervaring.analysis.trends`).
    """

    statement: str
    theme: str
    previous_year: int
    previous: str
    current: str
    points: int
    #: +1 up, -1 down, 0 equal: the sign of the unrounded difference, which the test used.
    direction: int
    significant: bool


@dataclass(frozen=True)
class Reference:
    """A shown statement's % eens beside the other municipalities' average and the national
    figure, as printed; either comparison is None where there is none."""

    statement: str
    current: str
    #: "70%" and the year it is over (a fixed benchmark year, perhaps an earlier one).
    others: str | None
    others_year: int | None
    #: "68,4%" and the year of the national figure (the latest up to the report's year).
    national: str | None
    national_year: int | None


@dataclass(frozen=True)
class Findings:
    """Plus points, points of attention and recommendations (drafted or edited)."""

    plus_points: tuple[str, ...]
    attention_points: tuple[str, ...]
    recommendations: tuple[str, ...]
    is_edited: bool = False
    edited_on: dt.datetime | None = None


@dataclass(frozen=True)
class Method:
    invited: int
    target_group: str
    channels: str
    period: str
    response_rate: str
    margin: str
    table: Table
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class Appendix:
    representativeness: tuple[Table, ...]
    representativeness_text: tuple[str, ...]
    reliability_text: tuple[str, ...]
    margin_text: tuple[str, ...]


@dataclass(frozen=True)
class OpenChapter:
    """One open question's chapter: ranked plus- and kluspunten, and chosen quotes
    (scrubbed text, the themes it was coded with)."""

    id: str
    title: str
    intro: str
    tables: tuple[Table, ...]
    quotes: tuple[tuple[str, str], ...]
    note: str = ""


@dataclass(frozen=True)
class InterviewChapter:
    """The interview round's chapter: themes per polarity with their word and count, the
    comparison with the previous round (None without one), and chosen quotes (scrubbed
    text, then "Interview G03; themes")."""

    intro: str
    tables: tuple[Table, ...]
    comparison: Table | None
    quotes: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class ComplaintsSection:
    """The complaints paragraph: sentences, and the providers that may be named."""

    year: int
    paragraphs: tuple[str, ...]
    table: Table | None


@dataclass(frozen=True)
class Report:
    """The whole report; see the module docstring."""

    title: str
    #: The title inside a sentence ("cliëntervaringsonderzoek Wmo 2026": the law keeps
    #: its capital, which a template's ``|lower`` would take away).
    title_in_sentence: str
    organisation: str
    #: The organisation's logo as a data: URI (empty without a logo), so the HTML file and
    #: the PDF carry it without a file on disk.
    logo_src: str
    law_label: str
    year: int
    made_on: dt.date
    min_n: int
    respondents: int
    summary: tuple[str, ...]
    introduction: tuple[str, ...]
    method: Method
    findings: Findings
    themes: tuple[ThemeSection, ...]
    has_open_answers: bool
    open_answers_note: str
    appendix: Appendix
    notes: tuple[str, ...] = field(default=())
    #: The rule for plus points and points of attention, as the appendix states it.
    points_rule: str = ""
    #: Every shown statement with a previous measurement, in report order.
    changes: tuple[Change, ...] = field(default=())
    #: The organisation's house colour (#rrggbb, checked for contrast when it was saved).
    house_colour: str = "#154273"
    #: A chapter per open question with coded answers.
    open_chapters: tuple[OpenChapter, ...] = field(default=())
    #: The interview round's chapter, when interviews are coded; its method paragraph.
    interview_chapter: InterviewChapter | None = None
    interviews_note: str = ""
    #: Registration figures per quarter beside the experience figures (None without any).
    registration: RegistrationSection | None = None
    #: Complaints registered for the report's year or earlier; None without any.
    complaints: ComplaintsSection | None = None
    #: Shown statements with the other municipalities' average or the national figure.
    references: tuple[Reference, ...] = field(default=())
