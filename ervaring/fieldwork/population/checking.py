"""Checking every row of a population file and merging duplicate clients.

Pure functions: no request, no database. `parse_population` validates every cell and merges
duplicate clients, returning client records, a list of problems and notices. The caller imports
only when the problem list is empty: a population is all or nothing, because a half-imported
population would make the sample (and every figure after it) quietly wrong. Notices (addresses
that are not complete, for instance) do not stop the import, but are shown with it.

Row numbers in problems are the ones a person sees in a spreadsheet (see `table`).
"""

import csv
import io
import re
from collections.abc import Callable, Collection, Mapping, Sequence

from ervaring.fieldwork.population import limits
from ervaring.fieldwork.population.addresses import Address, format_house_number
from ervaring.fieldwork.population.cells import CellChecker, CellError, ParseOptions
from ervaring.fieldwork.population.fields import FIELD_BY_KEY, FieldSpec, check_mapping
from ervaring.fieldwork.population.merging import Merger
from ervaring.fieldwork.population.records import (
    ClientRecord,
    Notice,
    PackedClients,
    ParsedPopulation,
    Problem,
    notice_for,
    pack,
)
from ervaring.fieldwork.population.table import RawTable

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
FORMULA_MESSAGE = (
    "Deze waarde begint als een formule (bijvoorbeeld uit Excel) en wordt daarom niet "
    "ingelezen. Haal de formule weg."
)
# Control characters (NUL among them) never belong in a cell; U+FFFD is what decoding leaves
# of a byte that is no character in the file's encoding.
_UNREADABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffd]")
# Excel's error values, in English and in Dutch Excel.
EXCEL_ERRORS = frozenset(  # each starts with "#"
    {"#N/A", "#NA", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!",
     "#CALC!", "#GETTING_DATA", "#N/B", "#DEEL/0!", "#WAARDE!", "#VERW!", "#NAAM?",
     "#GETAL!", "#LEEG!", "#OVERLOOP!"}
)  # fmt: skip
_ADDRESS_FIELDS = ("address", "street", "house_number", "postcode", "town")
UNCLOSED_QUOTE = (
    'In deze cel begint een aanhalingsteken (") dat niet wordt gesloten, zodat de rijen '
    "erna in deze cel terechtkomen. Haal het aanhalingsteken weg of sluit het."
)


def parse_population(
    table: RawTable,
    mapping: Mapping[str, str],
    options: ParseOptions,
    progress: Callable[[int, int], None] | None = None,
) -> ParsedPopulation:
    """Validate every row and merge duplicate clients; see the module docstring.

    A lone '-' counts as empty (many systems write it for 'unknown'); any other value that
    starts like a spreadsheet formula and is not a valid phone number or date is refused,
    so it can never run as a formula when someone opens an export of it later. `progress`
    is told (rows read, rows expected) every 10,000 rows, and (rows, rows) once, when every
    row is read: only then are the two equal. Raises `table.PopulationFileError` when the
    file turns out unreadable further on.
    """
    mapping_problems = check_mapping(mapping, table.headers)
    if mapping_problems:
        return ParsedPopulation((), tuple(Problem(None, "", m) for m in mapping_problems), 0)
    rows = _RowChecker(table.headers, mapping, options, table.delimiter)
    merger = Merger(mapping)
    problems: list[Problem] = []
    rows_read = 0
    for done, (row_number, cells) in enumerate(table.rows, start=1):
        if progress is not None and done % 10_000 == 0:
            progress(done, max(done + 1, table.row_estimate))
        if not any(cell.strip() for cell in cells):
            continue
        rows_read += 1
        record = rows.check(row_number, cells, problems)
        if record is not None:
            merger.add(record, problems)
        if len(problems) >= limits.MAX_PROBLEMS:
            problems.append(Problem(None, "", limits.too_many_problems()))
            break
    else:
        problems += merged_cell_problems(table, rows.columns)
    if progress is not None:
        progress(rows_read, rows_read)
    if rows_read == 0 and not problems:
        problems.append(
            Problem(None, "", "Er staan geen cliënten in het bestand: alleen een kopregel.")
        )
    clients = merger.clients()
    notices = (*_skipped_notice(table), *rows.notices(), *address_notices(clients, mapping))
    return ParsedPopulation(clients, tuple(problems), rows_read, notices, dict(rows.labels))


class _RowChecker:
    """Turns one row into a ClientRecord, adding a Problem for every cell that is wrong."""

    def __init__(
        self,
        headers: Sequence[str],
        mapping: Mapping[str, str],
        options: ParseOptions,
        delimiter: str = "",
    ) -> None:
        self.delimiter = delimiter
        self.columns = [
            (FIELD_BY_KEY[key], headers.index(header), header)
            for key, header in mapping.items()
            if header
        ]
        self.options = options
        self.checker = CellChecker(options)
        self.labels: dict[str, str] = {}  # provision name key -> name as first written
        self._address_notes: dict[tuple[str, str], list[int]] = {}

    def check(self, row: int, cells: list[str], problems: list[Problem]) -> ClientRecord | None:
        values: dict[str, object] = {}
        row_ok = True
        # One search of the whole row first: nearly every row has no unreadable character.
        suspect = _UNREADABLE.search(" ".join(cells)) is not None
        for spec, index, header in self.columns:
            raw = cells[index] if index < len(cells) else ""
            if self.delimiter and "\n" in raw and self.delimiter in raw:
                problems.append(Problem(row, header, UNCLOSED_QUOTE, _shown(raw)))
                return None
            text = " ".join(raw.split())
            if text in {"", "-"}:
                if spec.required:
                    problems.append(Problem(row, header, f"{spec.label} ontbreekt."))
                    row_ok = False
                continue
            key, value = self._cell(spec, text, suspect)
            if isinstance(value, CellError):
                problems.append(Problem(row, header, str(value), _shown(text)))
                row_ok = False
            else:
                values[key] = value
        if not row_ok:
            return None
        if not self._addresses(row, values, problems):
            return None
        return ClientRecord(first_row=row, **self._finish(values))  # type: ignore[arg-type]

    def _cell(self, spec: FieldSpec, text: str, suspect: bool) -> tuple[str, object]:
        """(record field, clean value), or (field, CellError) with the Dutch message;
        `suspect` when the row may hold an unreadable character."""
        if suspect and _UNREADABLE.search(text):
            return spec.key, CellError(
                "In deze cel staat een onleesbaar teken (een stuurteken zoals NUL, of een "
                "teken dat in de codering van het bestand niet bestaat). Typ de waarde opnieuw "
                "of sla het bestand op als CSV UTF-8."
            )
        if text[0] == "#" and text.upper() in EXCEL_ERRORS:
            return spec.key, CellError(
                f"Hier staat de foutwaarde {text} uit Excel in plaats van een gegeven."
            )
        key, kind = spec.key, spec.kind
        if key == "birth_date" and len(text) == 4 and text.isascii() and text.isdigit():
            key, kind = "birth_year", "year"  # some systems export only the year
        try:
            value = self.checker.check(kind, text)
        except CellError as error:
            return key, CellError(FORMULA_MESSAGE) if _is_formula(text) else error
        if kind not in {"phone", "date", "mobile"} and _is_formula(text):
            return key, CellError(FORMULA_MESSAGE)
        return key, value

    def _addresses(self, row: int, values: dict[str, object], problems: list[Problem]) -> bool:
        """Spread a combined address column over street, number, postcode and town; False
        when it contradicts a postcode or town column."""
        is_ok = True
        for combined, prefix in (("address", ""), ("parent_address", "parent_")):
            address = values.pop(combined, None)
            if not isinstance(address, Address):
                continue
            header = self._header(combined)
            if address.note:
                self._address_notes.setdefault((header, address.note), []).append(row)
            values[f"{prefix}street"] = address.street
            if address.number:
                values[f"{prefix}house_number"] = (address.number, address.addition)
            for part in ("postcode", "town"):
                found, given = getattr(address, part), values.get(f"{prefix}{part}")
                if found and given and str(given).casefold() != found.casefold():
                    problems.append(
                        Problem(
                            row,
                            header,
                            f"In dit adres staat een andere {_PART_NAMES[part]} dan in de "
                            f"kolom '{self._header(prefix + part)}'.",
                            found,
                        )
                    )
                    is_ok = False
                elif found:
                    values[f"{prefix}{part}"] = found
        return is_ok

    def _finish(self, values: dict[str, object]) -> dict[str, object]:
        phone = values.pop("phone", None)
        if isinstance(phone, tuple):
            values["phone"] = phone[0]
            if phone[1] and "mobile" not in values:
                values["mobile"] = phone[0]
        if "birth_date" in values and "birth_year" not in values:
            values["birth_year"] = values["birth_date"].year  # type: ignore[attr-defined]
        values.setdefault("law", self.options.survey_law)
        extra = str(values.pop("house_number_addition", ""))
        for prefix in ("", "parent_"):
            parts = values.get(f"{prefix}house_number")
            if isinstance(parts, tuple):
                number, addition = parts
                if extra and not prefix:
                    addition = f"{addition} {extra}" if addition else extra
                values[f"{prefix}house_number"] = format_house_number(number, addition)
        names = values.pop("provision_groups", ())
        for key, label in names:  # type: ignore[attr-defined]
            self.labels.setdefault(key, label)
        values["provision_names"] = tuple(key for key, _ in names)  # type: ignore[attr-defined]
        return values

    def _header(self, key: str) -> str:
        return next((header for spec, _, header in self.columns if spec.key == key), key)

    def notices(self) -> list[Notice]:
        return [
            notice_for(f"Kolom '{header}': {note} Die cliënten hebben geen volledig adres.", rows)
            for (header, note), rows in sorted(self._address_notes.items())
        ]


_PART_NAMES = {"postcode": "postcode", "town": "woonplaats"}


def _skipped_notice(table: RawTable) -> list[Notice]:
    if not table.skipped:
        return []
    return [
        notice_for(
            f"Boven de kopregel (rij {table.header_row}) staat tekst; die is niet ingelezen.",
            list(table.skipped),
        )
    ]


def address_notices(clients: Collection[ClientRecord], mapping: Mapping[str, str]) -> list[Notice]:
    """A notice for clients a letter cannot reach: no complete address (own or parent's)."""
    if not clients:
        return []
    has_columns = any(
        mapping.get(prefix + name) for name in _ADDRESS_FIELDS for prefix in ("", "parent_")
    )
    if not has_columns:
        return [
            Notice(
                "Er is geen kolom met een adres gekoppeld: geen enkele cliënt kan een brief "
                "krijgen.",
                len(clients),
            )
        ]
    rows = [client.first_row for client in clients if not client.has_address]
    if not rows:
        return []
    return [
        notice_for(
            f"{len(rows)} van de {len(clients)} cliënten hebben geen volledig adres (straat, "
            "huisnummer, postcode en woonplaats) en kunnen dus geen brief krijgen.",
            rows,
        )
    ]


def merged_cell_problems(
    table: RawTable, columns: Sequence[tuple[FieldSpec, int, str]]
) -> list[Problem]:
    """Merged cells in the data (Excel): only the first cell has the value, the rest is
    empty, so every other row (or column) of the merge would silently lose it."""
    problems = []
    for reference, first_row, first_col, last_row, last_col in table.merged:
        if last_row <= table.header_row:
            continue  # a merged title or header cell loses nothing
        for _, index, header in columns:
            if first_col <= index <= last_col and (last_row > first_row or index > first_col):
                problems.append(
                    Problem(
                        max(first_row, table.header_row + 1),
                        header,
                        f"De cellen {reference} zijn samengevoegd: alleen de eerste cel heeft "
                        "een waarde, de andere zijn leeg. Haal het samenvoegen weg en vul elke "
                        "cel.",
                    )
                )
    return problems


def assign_groups(parsed: ParsedPopulation, groups: Mapping[str, str]) -> Collection[ClientRecord]:
    """The records with `provision_groups` filled from name key -> group, made one at a time
    as they are read; every name a client has must be in `groups` (the caller matched them
    all first)."""
    clients = parsed.clients
    if isinstance(clients, PackedClients):
        return clients.with_groups(groups)
    return PackedClients([pack(client) for client in clients], groups)


def _is_formula(text: str) -> bool:
    return text.startswith(FORMULA_START) and text != "-"


def _shown(text: str) -> str:
    """The value as a problem list shows it: short, without invisible characters."""
    return _UNREADABLE.sub("?", text[:60])


def problems_csv(problems: Sequence[Problem]) -> str:
    """The problems as a CSV for Excel (';', header row), safe against formula injection."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(["rij", "kolom", "probleem", "waarde"])
    for problem in problems:
        value = f"'{problem.value}" if problem.value.startswith(FORMULA_START) else problem.value
        writer.writerow([problem.row or "", problem.column, problem.message, value])
    return out.getvalue()
