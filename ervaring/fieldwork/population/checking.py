"""Checking every row of a population file and merging duplicate clients.

Pure functions: no request, no database. `parse_population` validates every cell and merges
duplicate clients, returning client records and a list of problems. The caller imports only
when that list is empty: a population is all or nothing, because a half-imported population
would make the sample (and every figure after it) quietly wrong.

Row numbers in problems are the ones a person sees in a spreadsheet: the header is row 1.
"""

import csv
import io
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date

from ervaring.fieldwork.population.cells import CellChecker, CellError, ParseOptions
from ervaring.fieldwork.population.fields import FIELD_BY_KEY, FieldSpec, check_mapping
from ervaring.fieldwork.population.reading import RawTable

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Problem:
    """One thing wrong in the file; `row` is None for the file as a whole."""

    row: int | None
    column: str
    message: str
    value: str = ""


@dataclass(frozen=True, slots=True)
class ClientRecord:
    """One client as the file describes it, after validation and merging of duplicates.

    Frozen, with its provisions as a tuple: cell values are cached and shared between rows
    (see `CellChecker`), so a record that could be changed in place would change every other
    client that shares the value. Merging makes a new record instead.
    """

    client_ref: str
    first_row: int
    law: str = ""
    provision_groups: tuple[str, ...] = ()
    birth_date: date | None = None
    birth_year: int | None = None
    gender: str = ""
    team: str = ""
    district: str = ""
    name: str = ""
    street: str = ""
    house_number: str = ""
    house_number_addition: str = ""
    postcode: str = ""
    town: str = ""
    email: str = ""
    mobile: str = ""
    phone: str = ""
    parent_name: str = ""
    parent_street: str = ""
    parent_house_number: str = ""
    parent_postcode: str = ""
    parent_town: str = ""
    parent_email: str = ""
    parent_mobile: str = ""


@dataclass
class ParsedPopulation:
    clients: list[ClientRecord]
    problems: list[Problem]
    rows_read: int

    @property
    def is_valid(self) -> bool:
        return not self.problems


def _is_formula(text: str) -> bool:
    return text.startswith(FORMULA_START) and text != "-"


def parse_population(
    table: RawTable,
    mapping: Mapping[str, str],
    options: ParseOptions,
    progress: Callable[[int, int], None] | None = None,
) -> ParsedPopulation:
    """Validate every row and merge duplicate clients; see the module docstring.

    A lone '-' counts as empty (many systems write it for 'unknown'); any other value that
    starts like a spreadsheet formula and is not a valid phone number or date is refused,
    so it can never run as a formula when someone opens an export of it later.
    """
    mapping_problems = check_mapping(mapping, table.headers)
    if mapping_problems:
        return ParsedPopulation([], [Problem(None, "", m) for m in mapping_problems], 0)
    columns = [
        (FIELD_BY_KEY[key], table.headers.index(header), header)
        for key, header in mapping.items()
        if header
    ]
    checker = CellChecker(options)
    clients: dict[str, ClientRecord] = {}
    problems: list[Problem] = []
    rows_read = 0
    total = len(table.rows)
    for done, (row_number, cells) in enumerate(table.rows, start=1):
        if progress is not None and done % 10_000 == 0:
            progress(done, total)
        if not any(cell.strip() for cell in cells):
            continue
        rows_read += 1
        record = _check_row(row_number, cells, columns, checker, options, problems)
        if record is not None:
            _merge(clients, record, mapping, problems)
    if progress is not None:
        progress(total, total)
    return ParsedPopulation(list(clients.values()), problems, rows_read)


def _check_row(
    row_number: int,
    cells: list[str],
    columns: Iterable[tuple[FieldSpec, int, str]],
    checker: CellChecker,
    options: ParseOptions,
    problems: list[Problem],
) -> ClientRecord | None:
    values: dict[str, object] = {}
    row_ok = True
    for spec, index, header in columns:
        text = cells[index].strip() if index < len(cells) else ""
        if text in {"", "-"}:
            if spec.required:
                problems.append(Problem(row_number, header, f"{spec.label} ontbreekt."))
                row_ok = False
            continue
        kind = spec.kind
        if spec.key == "birth_date" and len(text) == 4 and text.isdigit():
            # Some systems export only the year in the birth-date column.
            spec, kind = FIELD_BY_KEY["birth_year"], "year"
        try:
            value = checker.check(kind, text)
        except CellError as error:
            message = str(error)
            if _is_formula(text):
                message = (
                    "Deze waarde begint als een formule (bijvoorbeeld uit Excel) en wordt "
                    "daarom niet ingelezen. Haal de formule weg."
                )
            problems.append(Problem(row_number, header, message, text[:60]))
            row_ok = False
            continue
        if spec.kind not in {"phone", "date", "mobile"} and _is_formula(text):
            problems.append(
                Problem(
                    row_number,
                    header,
                    "Deze waarde begint als een formule (bijvoorbeeld uit Excel) en wordt "
                    "daarom niet ingelezen. Haal de formule weg.",
                    text[:60],
                )
            )
            row_ok = False
            continue
        values[spec.key] = value
    if not row_ok:
        return None
    phone = values.pop("phone", None)
    if isinstance(phone, tuple):
        values["phone"] = phone[0]
        if phone[1] and "mobile" not in values:
            values["mobile"] = phone[0]
    if "birth_date" in values and "birth_year" not in values:
        values["birth_year"] = values["birth_date"].year  # type: ignore[attr-defined]
    values.setdefault("law", options.survey_law)
    addition = values.pop("house_number_addition", "")
    if addition and "house_number" in values:
        values["house_number"] = f"{values['house_number']} {addition}"
    return ClientRecord(first_row=row_number, **values)  # type: ignore[arg-type]


def _merge(
    clients: dict[str, ClientRecord],
    record: ClientRecord,
    mapping: Mapping[str, str],
    problems: list[Problem],
) -> None:
    """Add a record; a client seen before gains its provisions, other data must agree."""
    earlier = clients.get(record.client_ref)
    if earlier is None:
        clients[record.client_ref] = record
        return
    compared = [name for name in mapping if name not in {"client_ref", "provision_groups"}]
    if "birth_date" in mapping:
        compared.append("birth_year")  # a year given in the birth-date column
    filled: dict[str, object] = {}
    for name in compared:
        if name == "house_number_addition" or (
            name == "birth_year" and earlier.birth_date and record.birth_date
        ):
            continue  # merged into house_number / covered by the birth date
        old, new = getattr(earlier, name), getattr(record, name)
        if old in {"", None}:
            filled[name] = new
        elif new not in {"", None} and old != new:
            column = mapping.get(name) or mapping.get("birth_date", name)
            problems.append(
                Problem(
                    record.first_row,
                    column,
                    f"Cliënt {record.client_ref} staat ook op rij {earlier.first_row}, "
                    "maar daar met een andere waarde in deze kolom.",
                    new.strftime("%d-%m-%Y") if isinstance(new, date) else str(new)[:60],
                )
            )
    groups = tuple(dict.fromkeys(earlier.provision_groups + record.provision_groups))
    clients[record.client_ref] = replace(earlier, provision_groups=groups, **filled)


def problems_csv(problems: Sequence[Problem]) -> str:
    """The problems as a CSV for Excel (';', header row), safe against formula injection."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(["rij", "kolom", "probleem", "waarde"])
    for problem in problems:
        value = f"'{problem.value}" if problem.value.startswith(FORMULA_START) else problem.value
        writer.writerow([problem.row or "", problem.column, problem.message, value])
    return out.getvalue()
