"""National reference figures (Gemeentelijke Monitor Sociaal Domein) read from a file.

The monitor publishes, per year and law, the national average % "(helemaal) mee eens" on
the standard questions. A municipality wants its own figure beside it, so the installation
imports that table once a year; it is the same for every organisation.

The file has one row per year, law and question, with the columns ``jaar``, ``wet``,
``vraag``, ``percentage eens`` and, optionally, ``n``. ``vraag`` is the **standard id**
(``wmo-2``, ``jeugd-ouder-3``) and not the statement's text: the id is what the report
matches on (``Question.standard``), it survives a reworded statement, and a typo in it is
caught against the standard template instead of silently matching nothing.

Pure: no Django, no database. Every problem names the row and column as a person sees them
in Excel; the caller writes nothing when there is any problem (all or nothing).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from ervaring.reporting.registration import MAX_PROBLEMS, parse_value

YEAR, LAW, QUESTION, PERCENT, N = "jaar", "wet", "vraag", "percentage eens", "n"
REQUIRED = (YEAR, LAW, QUESTION, PERCENT)
#: How the law may be written in the file -> the law's code.
LAW_WORDS = {"wmo": "wmo", "jeugd": "jeugd", "jeugdwet": "jeugd"}
LAW_NAMES = {"wmo": "Wmo", "jeugd": "Jeugdwet"}


@dataclass(frozen=True)
class NationalRow:
    """One national figure as read: % eens to one decimal (rounded half up)."""

    year: int
    law: str
    question: str
    pct_agree: Decimal
    n: int | None
    row: int


@dataclass(frozen=True)
class NationalReference:
    """A stored national figure as the report shows it: % eens, n, its year and source."""

    pct_agree: float
    n: int | None
    year: int
    source: str


def read_national(
    headers: Sequence[str],
    rows: Iterable[tuple[int, Sequence[str]]],
    standard_ids: Mapping[str, frozenset[str]],
) -> tuple[list[NationalRow], list[str]]:
    """The figures in a table (rows as ``(row number, cells)``, as
    :func:`~ervaring.fieldwork.population.reading.read_table` gives them) and the problems
    found (Dutch, naming row and column).

    ``standard_ids`` maps each law to its standard question ids; a question that is not
    among them is a problem, as is the same year, law and question twice.
    """
    position = {h.strip().lower(): i for i, h in enumerate(headers)}
    missing = [column for column in REQUIRED if column not in position]
    if missing:
        names = ", ".join(f"'{m}'" for m in missing)
        lacking = (
            f"De kolom {names} ontbreekt"
            if len(missing) == 1
            else (f"De kolommen {names} ontbreken")
        )
        return [], [
            f"{lacking}. Het bestand heeft de kolommen jaar, wet, vraag, percentage eens en "
            "(als u die heeft) n."
        ]
    found: list[NationalRow] = []
    problems: list[str] = []
    seen: dict[tuple[int, str, str], int] = {}
    for number, cells in rows:  # numbered as Excel shows them
        if not any(c.strip() for c in cells):
            continue
        cell = {c: _cell(cells, position, c) for c in (*REQUIRED, N)}
        row, row_problems = _read_row(number, cell, standard_ids)
        if row is not None:
            key = (row.year, row.law, row.question)
            if key in seen:
                row_problems.append(
                    f"Rij {number}, kolom '{QUESTION}': '{row.question}' over {row.year} "
                    f"staat ook al in rij {seen[key]}."
                )
            else:
                seen[key] = number
                found.append(row)
        problems.extend(row_problems)
        if len(problems) >= MAX_PROBLEMS:
            problems = problems[:MAX_PROBLEMS]
            problems.append("Er zijn meer fouten; verbeter deze eerst.")
            break
    if not found and not problems:
        problems.append("Het bestand heeft geen regels met cijfers.")
    return found, problems


def _read_row(
    number: int, cell: Mapping[str, str], standard_ids: Mapping[str, frozenset[str]]
) -> tuple[NationalRow | None, list[str]]:
    """One row's figure, or None with the row's problems."""
    problems: list[str] = []

    def problem(column: str, text: str) -> None:
        problems.append(f"Rij {number}, kolom '{column}': {text}.")

    year = _year(cell[YEAR], problem)
    law = LAW_WORDS.get(cell[LAW].strip().lower())
    if law is None:
        problem(LAW, f"'{cell[LAW].strip()}' is geen wet; schrijf wmo of jeugd")
    question = cell[QUESTION].strip().lower()
    if not question:
        problem(QUESTION, "leeg; schrijf het nummer van de standaardvraag, zoals wmo-2")
    elif law is not None and question not in standard_ids.get(law, frozenset()):
        problem(
            QUESTION,
            f"'{question}' is geen standaardvraag van de {LAW_NAMES[law]}; schrijf "
            "het nummer van de standaardvraag, zoals wmo-2 of jeugd-ouder-3",
        )
    pct = _number(cell[PERCENT], "percentage", PERCENT, problem)
    n = None
    if cell[N].strip():
        counted = _number(cell[N], "aantal", N, problem)
        n = int(counted) if counted is not None else None
    if problems or year is None or law is None or pct is None:
        return None, problems
    rounded = pct.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return NationalRow(year, law, question, rounded, n, number), problems


def _cell(cells: Sequence[str], position: Mapping[str, int], column: str) -> str:
    index = position.get(column)
    return cells[index] if index is not None and index < len(cells) else ""


def _year(text: str, problem: Callable[[str, str], None]) -> int | None:
    cleaned = text.strip().removesuffix(".0")
    if not cleaned.isdigit() or not 2000 <= int(cleaned) <= 2100:
        problem(YEAR, f"'{text.strip()}' is geen jaar; schrijf bijvoorbeeld 2025")
        return None
    return int(cleaned)


def _number(
    text: str, unit: str, column: str, problem: Callable[[str, str], None]
) -> Decimal | None:
    if not text.strip():
        problem(column, "leeg")
        return None
    try:
        return parse_value(text, unit)
    except ValueError as error:
        problem(column, str(error))
        return None
