"""A file read as a table: what `reading` (CSV) and `xlsx` (Excel) both produce.

Row numbers are the ones a person sees when opening the file in Excel: the first line is row 1,
blank rows count, and a cell spanning several lines is still one row.
"""

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from ervaring.fieldwork.population import limits

# Rows as (row number in the file, cells).
Rows = Iterator[tuple[int, list[str]]]
# Rows above the header are skipped when they look like a title: the header is the first row
# with at least two filled cells (a population needs a client number and a provision) among
# the first few filled rows.
HEADER_SEARCH_ROWS = 20
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffd]")


class PopulationFileError(ValueError):
    """The file cannot be read as a table (the message is Dutch, for the user)."""


@dataclass
class RawTable:
    """A file as header and rows of text.

    `rows` (the rows below the header) can be read once, lazily; reading it may raise
    PopulationFileError. `merged` lists the merged cell ranges of an XLSX sheet as (reference,
    first row, first column, last row, last column) in row numbers and 0-based columns; the
    sheet stores them after its rows, so the list is complete only once `rows` has been read.
    """

    headers: list[str]
    rows: Rows
    file_format: str
    encoding: str = ""
    delimiter: str = ""
    row_estimate: int = 0
    header_row: int = 1
    skipped: tuple[int, ...] = ()  # filled rows above the header (a title, for instance)
    merged: list[tuple[str, int, int, int, int]] = field(default_factory=list)


def name_headers(cells: list[str]) -> list[str]:
    """Header cells as names a user can choose: spaces tidied, control characters (NUL among
    them, which no database column name or JSON text may hold) left out, an empty one named by
    its position ("kolom 3"), a repeated one numbered ("Naam (2)"), so every column is distinct."""
    headers: list[str] = []
    for position, cell in enumerate(cells, start=1):
        name = " ".join(_CONTROL.sub("", cell).split())[:100] or f"kolom {position}"
        candidate, count = name, 1
        while candidate in headers:
            count += 1
            candidate = f"{name} ({count})"
        headers.append(candidate)
    return headers


def split_header(rows: Rows) -> tuple[int, list[str], tuple[int, ...], Rows]:
    """(header row, header names, filled rows skipped above it, the rows below it)."""
    seen: list[tuple[int, list[str]]] = []
    for row, cells in rows:
        filled = sum(1 for cell in cells if cell.strip())
        if filled:
            seen.append((row, cells))
        if filled >= 2 or len(seen) >= HEADER_SEARCH_ROWS:
            break
    if not seen:
        raise PopulationFileError("Het bestand is leeg.")
    chosen = next(
        (i for i, (_, cells) in enumerate(seen) if sum(1 for c in cells if c.strip()) >= 2), 0
    )
    header_row, cells = seen[chosen]
    skipped = tuple(row for row, _ in seen[:chosen])
    return header_row, name_headers(cells), skipped, itertools.chain(seen[chosen + 1 :], rows)


def within_limits(rows: Rows) -> Rows:
    """The rows, refused once there are more than `limits.MAX_ROWS`."""
    for count, (row, cells) in enumerate(rows, start=1):
        if count > limits.MAX_ROWS + 1:  # the header is one of them
            raise PopulationFileError(limits.too_many_rows(row))
        yield row, cells
