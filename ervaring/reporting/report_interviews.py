"""The report's interview chapter: per theme how many interviews mention it, in words.

The counts and the comparison come ready from :mod:`ervaring.analysis.interviews`; the
words and their cut-offs from :mod:`ervaring.analysis.interview_themes`, whose sentence
the method section prints. Quotes are fragments the researcher chose, scrubbed.
"""

from __future__ import annotations

from ervaring.analysis.interview_themes import CUTOFF_SENTENCE, ThemeChange, ThemeMention
from ervaring.analysis.interviews import RoundResult
from ervaring.reporting.report_context import Cell, InterviewChapter, Table

POLARITY_TITLES = (("plus", "Sterke punten"), ("klus", "Aandachtspunten"))


def build_chapter(result: RoundResult | None) -> InterviewChapter | None:
    """The chapter, or None when no interview is coded yet."""
    if result is None:
        return None
    intro = (
        f"We spraken {result.interviews} cliënten in een persoonlijk interview; "
        f"{result.coded} interviews zijn helemaal gecodeerd in thema's en tellen hier mee. "
        "Per thema staat in hoeveel interviews het ter sprake kwam, in woorden en in aantallen."
    )
    tables = tuple(
        _table(title, result.of(polarity))
        for polarity, title in POLARITY_TITLES
        if result.of(polarity)
    )
    comparison = None
    if result.changes and result.previous_year is not None:
        comparison = _comparison(result.changes, result.previous_year)
    quotes = tuple(
        (
            quote.text,
            f"Interview {quote.pseudonym}"
            + (f"; {', '.join(quote.themes)}" if quote.themes else ""),
        )
        for quote in result.quotes
    )
    return InterviewChapter(intro, tables, comparison, quotes)


def _amount(mention: ThemeMention) -> str:
    return f"{mention.word} ({mention.count} van {mention.total})"


def _table(title: str, mentions: tuple[ThemeMention, ...]) -> Table:
    rows = tuple((Cell(m.label), Cell(_amount(m))) for m in mentions)
    return Table(
        f"{title} uit de interviews",
        ("Thema", "Genoemd in"),
        rows,
        ("Een thema telt één keer per interview.",),
    )


def _comparison(changes: tuple[ThemeChange, ...], year: int) -> Table:
    rows = tuple(
        (
            Cell(change.label),
            Cell(_amount(change.now) if change.now else "niet genoemd"),
            Cell(_amount(change.before) if change.before else "niet genoemd"),
            Cell(change.change),
        )
        for change in changes
    )
    return Table(
        f"Thema's in de interviews vergeleken met de ronde van {year}",
        ("Thema", "Deze ronde", f"Ronde {year}", "Verandering"),
        rows,
        (
            "Meer of minder gaat over het deel van de interviews, omdat het aantal "
            "interviews per ronde verschilt.",
        ),
    )


def method_note(chapter: InterviewChapter | None) -> str:
    """The method section's paragraph on the interviews (empty without a chapter)."""
    if chapter is None:
        return ""
    return (
        "De interviews zijn uitgeschreven en daarna opgeschoond: namen, adressen, "
        "telefoonnummers en andere gegevens die iemand herkenbaar maken zijn vervangen door "
        "een aanduiding als [NAAM]. Geïnterviewden staan er alleen met een pseudoniem in. Een "
        "onderzoeker heeft elk fragment gecodeerd met hetzelfde codeboek als de open "
        f"antwoorden. {CUTOFF_SENTENCE}"
    )
