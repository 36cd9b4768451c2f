"""Importing the national reference figures and finding the ones a report shows.

The import is all or nothing: the whole file is read and checked first
(:mod:`ervaring.reporting.national`), and only a file without a single problem is written,
in one transaction. A year and law in the file replace everything stored for that year and
law, so a corrected monitor table is imported again as a whole, and a question dropped from
it disappears instead of lingering from the earlier import.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import BinaryIO

from django.db import transaction

from ervaring.accounts.models import Staff
from ervaring.accounts.services import log_event
from ervaring.fieldwork.population.reading import read_table
from ervaring.fieldwork.population.table import PopulationFileError
from ervaring.questionnaires import standard
from ervaring.questionnaires.models import Law
from ervaring.reporting import national
from ervaring.reporting.models import NationalFigure
from ervaring.reporting.national import NationalReference

DEFAULT_SOURCE = "Gemeentelijke Monitor Sociaal Domein"


class NationalImportError(ValueError):
    """The file was refused; ``problems`` are Dutch sentences naming row and column."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class ImportResult:
    figures: int
    #: (law, year) pairs the file replaced, oldest first.
    years: tuple[tuple[str, int], ...]


def done_message(result: ImportResult) -> str:
    """What the page and the command say after an import: "12 landelijke cijfers ingelezen
    (Wmo 2024, Wmo 2025)."."""
    read = ", ".join(f"{Law(law).label} {year}" for law, year in result.years)
    noun = "landelijk cijfer" if result.figures == 1 else "landelijke cijfers"
    return f"{result.figures} {noun} ingelezen ({read})."


def standard_ids() -> dict[str, frozenset[str]]:
    """Per law, the standard question ids of its template: the ids a national file may use."""
    return {
        law: frozenset(q.standard for q in standard.load_template(law).questions() if q.standard)
        for law in Law.values
    }


def import_national(
    source: bytes | BinaryIO,
    *,
    source_text: str = "",
    actor: Staff | None = None,
    actor_label: str = "",
) -> ImportResult:
    """Read, check and store a national file (all or nothing).

    ``source_text`` names where the figures come from; blank means "Gemeentelijke Monitor
    Sociaal Domein <year>" per year in the file.
    """
    try:
        table = read_table(source)
        rows, problems = national.read_national(table.headers, table.rows, standard_ids())
    except PopulationFileError as error:
        raise NationalImportError([str(error)]) from error
    if problems:
        raise NationalImportError(problems)
    years = tuple(sorted({(r.law, r.year) for r in rows}, key=lambda p: (p[1], p[0])))
    with transaction.atomic():
        for law, year in years:
            NationalFigure.objects.filter(law=law, year=year).delete()
        NationalFigure.objects.bulk_create(
            NationalFigure(
                law=r.law,
                year=r.year,
                question=r.question,
                pct_agree=r.pct_agree,
                n=r.n,
                source=source_text.strip() or f"{DEFAULT_SOURCE} {r.year}",
            )
            for r in rows
        )
        log_event(
            "reporting.national_import",
            organisation=None,
            actor=actor,
            actor_label=actor_label,
            target=", ".join(f"{Law(law).label} {year}" for law, year in years),
            figures=len(rows),
        )
    return ImportResult(len(rows), years)


def national_for(law: str, year: int) -> dict[str, NationalReference]:
    """Per standard question, the national figure a report on ``law`` and ``year`` shows:
    that of the latest year up to ``year`` that has figures (a report never shows a later
    year's, and the monitor publishes a year's figures only well into the next)."""
    latest = (
        NationalFigure.objects.filter(law=law, year__lte=year)
        .order_by("-year")
        .values_list("year", flat=True)
        .first()
    )
    if latest is None:
        return {}
    return {
        f.question: NationalReference(float(f.pct_agree), f.n, f.year, f.source)
        for f in NationalFigure.objects.filter(law=law, year=latest)
    }


def stored_years() -> list[tuple[str, int, int, str]]:
    """(law label, year, number of questions, source) for every stored law and year."""
    found: dict[tuple[str, int], list[NationalFigure]] = {}
    for figure in NationalFigure.objects.order_by("law", "-year"):
        found.setdefault((figure.law, figure.year), []).append(figure)
    return [
        (Law(law).label, year, len(figures), figures[0].source)
        for (law, year), figures in found.items()
    ]
