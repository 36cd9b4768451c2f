"""Registration figures per quarter read from a municipality's export, checked cell by cell.

Pure: no Django, no database. The input is a table's header and rows of text (as
:func:`ervaring.fieldwork.population.reading.read_table` produces them from CSV or XLSX)
and a *mapping* that says how the file is laid out, saved per organisation so next
quarter's file needs no questions:

- ``{"layout": "wide", "quarter": "Kwartaal", "columns": {"Aanvragen": {"name": ..., "unit":
  "aantal", "law": "wmo"}}}``: one row per quarter, one column per indicator;
- ``{"layout": "long", "quarter": "Periode", "indicator": "Indicator", "value": "Waarde",
  "unit": "Eenheid"}``: one row per quarter and indicator (the unit column may be absent
  when every indicator is already known).

Every problem names the row and column as a person sees them in Excel; the caller writes
nothing when there is any problem (all or nothing).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

UNITS = ("aantal", "percentage", "dagen")
LAWS = ("", "wmo", "jeugd")
WIDE, LONG = "wide", "long"
#: A file with more problems than this is refused with the first ones only.
MAX_PROBLEMS = 50
_QUARTER_YEAR_FIRST = re.compile(r"^(\d{4})\s*[-/ ]?\s*[KQkq]\s*([1-4])$")
_QUARTER_YEAR_LAST = re.compile(r"^[KQkq]\s*([1-4])\s*[-/ ]?\s*(\d{4})$")
#: Dots before groups of three digits are thousands, as Dutch exports write them ("1.204").
_THOUSANDS = re.compile(r"^-?\d{1,3}(\.\d{3})+$")
_UNIT_WORDS = {
    "aantal": "aantal",
    "%": "percentage",
    "percentage": "percentage",
    "procent": "percentage",
    "dagen": "dagen",
    "dag": "dagen",
}


class MappingError(ValueError):
    """The mapping does not fit the file (the message is Dutch, for the user)."""


@dataclass(frozen=True)
class Figure:
    """One value read from the file: an indicator in a quarter."""

    name: str
    unit: str
    law: str
    quarter: str
    value: Decimal
    row: int


@dataclass(frozen=True)
class Indicator:
    """What is already known of an indicator (its unit decides which values are possible)."""

    unit: str
    law: str


def parse_quarter(text: str) -> str:
    """ "2026-K3", "2026 Q3", "K3 2026" -> "2026-K3"; raises ValueError otherwise."""
    cleaned = text.strip()
    if match := _QUARTER_YEAR_FIRST.match(cleaned):
        year, number = match.groups()
    elif match := _QUARTER_YEAR_LAST.match(cleaned):
        number, year = match.groups()
    else:
        raise ValueError(f"'{cleaned}' is geen kwartaal; schrijf bijvoorbeeld 2026-K3")
    if not 2000 <= int(year) <= 2100:
        raise ValueError(f"'{cleaned}' heeft geen geldig jaar; schrijf bijvoorbeeld 2026-K3")
    return f"{year}-K{number}"


def quarter_months(quarter: str) -> tuple[str, str, str]:
    """The three monthly cohorts of a quarter: "2026-K3" -> ("2026-07", "2026-08", "2026-09")."""
    year, number = quarter.split("-K")
    first = (int(number) - 1) * 3 + 1
    return tuple(f"{year}-{month:02d}" for month in range(first, first + 3))  # type: ignore[return-value]


def parse_value(text: str, unit: str) -> Decimal:
    """A Dutch or English number checked against its unit; raises ValueError (Dutch)."""
    cleaned = text.strip().replace("\u00a0", "").replace(" ", "").removesuffix("%")
    if "," in cleaned or _THOUSANDS.match(cleaned):  # Dutch: 1.234,5 and 1.204
        cleaned = cleaned.replace(".", "").replace(",", ".")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(f"'{text.strip()}' is geen getal") from None
    if not value.is_finite():
        raise ValueError(f"'{text.strip()}' is geen getal")
    if value < 0:
        raise ValueError(
            f"{text.strip()} is negatief; een {unit_noun(unit)} kan niet negatief zijn"
        )
    if unit == "percentage" and value > 100:
        raise ValueError(f"{text.strip()} is meer dan 100; een percentage kan dat niet zijn")
    if unit == "aantal" and value != value.to_integral_value():
        raise ValueError(f"{text.strip()} is geen heel getal; een aantal is heel")
    if abs(value) >= Decimal("1e10"):
        raise ValueError(f"{text.strip()} is te groot")
    return value.quantize(Decimal("0.01"))


def unit_noun(unit: str) -> str:
    return {"aantal": "aantal", "percentage": "percentage", "dagen": "aantal dagen"}[unit]


def check_mapping(mapping: Mapping[str, object], headers: Iterable[str]) -> None:
    """Raise MappingError when a mapped column is not in the file or the mapping is incomplete."""
    present = set(headers)
    layout = mapping.get("layout")
    if layout not in (WIDE, LONG):
        raise MappingError("Kies hoe het bestand is opgebouwd: breed of lang.")
    needed = [("kwartaal", mapping.get("quarter"))]
    if layout == WIDE:
        columns = mapping.get("columns") or {}
        if not columns:
            raise MappingError("Kies ten minste één kolom met een indicator.")
        needed += [("indicator", column) for column in columns]  # type: ignore[union-attr]
    else:
        needed += [("indicator", mapping.get("indicator")), ("waarde", mapping.get("value"))]
        if mapping.get("unit"):
            needed.append(("eenheid", mapping.get("unit")))
    for role, column in needed:
        if not column:
            raise MappingError(f"Kies de kolom voor {role}.")
        if column not in present:
            raise MappingError(f"De kolom '{column}' ({role}) staat niet in dit bestand.")


def read_figures(
    headers: list[str],
    rows: Iterable[tuple[int, list[str]]],
    mapping: Mapping[str, object],
    known: Mapping[str, Indicator],
) -> tuple[list[Figure], list[str]]:
    """(figures, problems) of the file's rows under the mapping.

    ``known`` are the organisation's indicators by name: a file may not change an
    indicator's unit (a percentage quietly becoming a count would break its time series).
    """
    check_mapping(mapping, headers)
    position = {header: i for i, header in enumerate(headers)}
    figures: list[Figure] = []
    problems: list[str] = []
    seen: dict[tuple[str, str], int] = {}
    for row, cells in rows:
        if not any(cell.strip() for cell in cells):
            continue
        for item in _row_items(row, cells, mapping, position, known, problems):
            key = (item.name, item.quarter)
            if key in seen:
                problems.append(
                    f"Rij {row}: {item.name} in {item.quarter} staat ook al in rij {seen[key]}."
                )
                continue
            seen[key] = row
            figures.append(item)
        if len(problems) >= MAX_PROBLEMS:
            problems.append("Er zijn nog meer fouten; verbeter eerst deze.")
            break
    if not figures and not problems:
        problems.append("Het bestand bevat geen cijfers.")
    return figures, problems


def _cell(cells: list[str], position: Mapping[str, int], column: str) -> str:
    index = position[column]
    return cells[index].strip() if index < len(cells) else ""


def _row_items(
    row: int,
    cells: list[str],
    mapping: Mapping[str, object],
    position: Mapping[str, int],
    known: Mapping[str, Indicator],
    problems: list[str],
) -> list[Figure]:
    quarter_column = str(mapping["quarter"])
    try:
        quarter = parse_quarter(_cell(cells, position, quarter_column))
    except ValueError as error:
        problems.append(f"Rij {row}, kolom '{quarter_column}': {error}.")
        return []
    if mapping["layout"] == WIDE:
        wanted = [
            (column, spec["name"], spec["unit"], spec.get("law", ""))
            for column, spec in mapping["columns"].items()  # type: ignore[union-attr]
        ]
        return _values(row, cells, quarter, wanted, position, known, problems)
    name = _cell(cells, position, str(mapping["indicator"]))
    if not name:
        problems.append(
            f"Rij {row}, kolom '{mapping['indicator']}': de naam van de indicator ontbreekt."
        )
        return []
    unit = _long_unit(row, cells, name, mapping, position, known, problems)
    if unit is None:
        return []
    law = known[name].law if name in known else ""
    wanted = [(str(mapping["value"]), name, unit, law)]
    return _values(row, cells, quarter, wanted, position, known, problems)


def _long_unit(
    row: int,
    cells: list[str],
    name: str,
    mapping: Mapping[str, object],
    position: Mapping[str, int],
    known: Mapping[str, Indicator],
    problems: list[str],
) -> str | None:
    column = mapping.get("unit")
    text = _cell(cells, position, str(column)).lower() if column else ""
    if text:
        if text not in _UNIT_WORDS:
            problems.append(
                f"Rij {row}, kolom '{column}': '{text}' is geen eenheid; kies aantal, "
                "percentage of dagen."
            )
            return None
        return _UNIT_WORDS[text]
    if name in known:
        return known[name].unit
    problems.append(
        f"Rij {row}: de indicator '{name}' is nieuw en heeft geen eenheid; vul de eenheid in "
        "(aantal, percentage of dagen)."
    )
    return None


def _values(
    row: int,
    cells: list[str],
    quarter: str,
    wanted: list[tuple[str, str, str, str]],
    position: Mapping[str, int],
    known: Mapping[str, Indicator],
    problems: list[str],
) -> list[Figure]:
    found = []
    for column, name, unit, law in wanted:
        text = _cell(cells, position, column)
        if not text:
            continue  # not every indicator is registered every quarter
        if name in known and known[name].unit != unit:
            problems.append(
                f"Rij {row}, kolom '{column}': {name} staat al als {known[name].unit} in "
                f"Ervaring, niet als {unit}."
            )
            continue
        try:
            value = parse_value(text, unit)
        except ValueError as error:
            problems.append(f"Rij {row}, kolom '{column}': {error}.")
            continue
        found.append(Figure(name, unit, law, quarter, value, row))
    return found
