"""A file read as a table: what `reading` (CSV) and `xlsx` (Excel) both produce."""

from collections.abc import Iterator
from dataclasses import dataclass, field

# Rows as (row number with the header as row 1, cells).
Rows = Iterator[tuple[int, list[str]]]


class PopulationFileError(ValueError):
    """The file cannot be read as a table (the message is Dutch, for the user)."""


@dataclass
class RawTable:
    """A file as header and rows of text.

    `rows` can be read once, lazily; reading it may raise PopulationFileError. `merged` lists
    the merged cell ranges of an XLSX sheet as (reference, first row, first column, last row,
    last column) in the same row numbers and 0-based columns; the sheet stores them after its
    rows, so the list is complete only once `rows` has been read to the end.
    """

    headers: list[str]
    rows: Rows
    file_format: str
    encoding: str = ""
    delimiter: str = ""
    row_estimate: int = 0
    merged: list[tuple[str, int, int, int, int]] = field(default_factory=list)


def name_headers(cells: list[str]) -> list[str]:
    """Header cells as names a user can choose: spaces tidied, an empty one named by its
    position ("kolom 3"), a repeated one numbered ("Naam (2)"), so every column is distinct."""
    headers: list[str] = []
    for position, cell in enumerate(cells, start=1):
        name = " ".join(cell.split()) or f"kolom {position}"
        candidate, count = name, 1
        while candidate in headers:
            count += 1
            candidate = f"{name} ({count})"
        headers.append(candidate)
    return headers
