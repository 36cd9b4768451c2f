"""The report's chapter per open question: pluspunten and kluspunten ranked, and quotes.

The figures come ready from :mod:`ervaring.analysis.open_results` (counts of respondents,
hidden below the survey's minimum); this module only words them and lays out the tables.
"""

from __future__ import annotations

from ervaring.analysis.open_results import OpenQuestionResult, ThemeCount
from ervaring.reporting.report_context import Cell, OpenChapter, Table
from ervaring.reporting.words import percent
from ervaring.stats.rounding import decimal

POLARITY_TITLES = (("plus", "Pluspunten"), ("klus", "Kluspunten"), ("neutraal", "Overige thema's"))


def build_chapters(results: list[OpenQuestionResult], min_n: int) -> tuple[OpenChapter, ...]:
    """A chapter per question with coded answers."""
    return tuple(_chapter(result, min_n) for result in results if result.coded)


def _chapter(result: OpenQuestionResult, min_n: int) -> OpenChapter:
    question = result.question
    intro = (
        f"{result.answers} respondenten beantwoordden deze vraag; {result.coded} antwoorden "
        "zijn gecodeerd in thema's. Eén antwoord kan meer thema's noemen, dus de "
        "percentages tellen niet op tot 100%."
    )
    if result.suppressed:
        return OpenChapter(
            question.slug,
            question.text,
            intro,
            (),
            (),
            note=f"Minder dan {min_n} gecodeerde antwoorden: we laten geen aantallen zien.",
        )
    tables = tuple(
        _table(f"{title}: {question.text}", result.of(polarity), result.coded, min_n)
        for polarity, title in POLARITY_TITLES
        if result.of(polarity)
    )
    quotes = tuple(
        (quote.text, ", ".join(quote.themes) if quote.themes else "") for quote in result.quotes
    )
    return OpenChapter(question.slug, question.text, intro, tables, quotes)


def _table(caption: str, themes: tuple[ThemeCount, ...], base: int, min_n: int) -> Table:
    hidden = f"minder dan {min_n} respondenten"
    rows = tuple(
        (
            Cell(theme.label),
            Cell("·", True, hidden) if theme.suppressed else Cell(str(theme.count)),
            Cell("·", True, hidden) if theme.suppressed else Cell(percent(theme.share)),
        )
        for theme in themes
    )
    note = f"n = {base} gecodeerde antwoorden."
    if any(theme.suppressed for theme in themes):
        note += f" · = genoemd door minder dan {min_n} respondenten."
    return Table(caption, ("Thema", "Aantal", "% van n"), rows, (note,))


def method_note(results: list[OpenQuestionResult]) -> str:
    """What the method section says about the open answers: scrubbing, coding, the kappa."""
    coded = [r for r in results if r.coded]
    if not coded:
        return (
            "De antwoorden op de open vragen zijn nog niet gecodeerd en daarom niet in dit "
            "rapport opgenomen. Ze staan ook niet in het databestand."
        )
    parts = [
        "De antwoorden op de open vragen zijn eerst opgeschoond: namen, adressen, "
        "telefoonnummers en andere gegevens die iemand herkenbaar maken zijn vervangen door "
        "een aanduiding als [NAAM]. Een onderzoeker heeft ze daarna gecodeerd in thema's, "
        "elk als pluspunt of kluspunt. Citaten zijn door de onderzoeker gekozen en staan er "
        "opgeschoond in."
    ]
    for result in coded:
        if result.kappa_items:
            kappa = "niet te berekenen" if result.kappa is None else decimal(result.kappa, 2)
            parts.append(
                f"Bij ‘{result.question.text}’ codeerde een tweede onderzoeker "
                f"{result.kappa_items} willekeurig gekozen antwoorden opnieuw, zonder de "
                f"eerste codes te zien; de overeenstemming (Cohens kappa over alle thema's) "
                f"is {kappa}. Verschillen zijn samen besproken en besloten."
            )
    return " ".join(parts)
