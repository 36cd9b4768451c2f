"""Reading a large, regular CSV respondent file column by column, in C, for ``ervaring analyse``.

The population import's reader (`fieldwork.population.reading`) goes row by row in Python and
keeps every cell as a Python string: exact, and the reference for what a file means, but a
million respondents by twenty questions are twenty million strings (over 2 GB and a minute and
a half). A respondent file holds few distinct values per column ("mee eens", 1-5, a team), so
PyArrow's multi-threaded parser reads each column as a dictionary: the distinct values once and
a small integer per row.

This is only a faster way to the same table: the header, encoding and separator are found by
the exact reader on the file's first lines, and any file PyArrow does not read the plain way
(rows of unequal length, quoted line breaks in a cell, another encoding, a line longer than a
block) gives None, so the caller reads it the exact way, with that reader's messages. The rows
it keeps and the cells' text (trimmed, blank rows left out) are the exact reader's.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ervaring.fieldwork.population import limits, reading
from ervaring.fieldwork.population.table import PopulationFileError

#: Below this size the exact reader is as quick, and its line numbers come for free.
MIN_BYTES = 4 * 1024 * 1024
#: Encodings PyArrow reads the way Python does; UTF-16/32 files go the exact way.
ENCODINGS = {"utf-8", "cp1252"}
HEAD_BYTES = 64 * 1024


def read_columns(path: Path) -> pd.DataFrame | None:
    """The file's cells as text columns (pandas Categoricals, "" when empty), or None when
    the file should be read the exact way (see the module's docstring)."""
    size = path.stat().st_size
    if size < MIN_BYTES or size > limits.MAX_FILE_BYTES:
        return None
    with path.open("rb") as stream:
        if stream.read(4)[:2] == b"PK":
            return None  # XLSX
        encoding, skip, _ = reading.detect_encoding(stream)
        if encoding not in ENCODINGS:
            return None
        stream.seek(0)
        head = stream.read(HEAD_BYTES)
    head = head[: head.rfind(b"\n") + 1]
    try:
        raw = reading.read_table(head)  # the exact reader finds the header and separator
    except PopulationFileError:
        return None
    if len(raw.headers) > limits.MAX_COLUMNS:
        return None
    # Rows are lines here (a quoted line break sends the file the exact way), so the header's
    # row number is the number of lines to skip before the data.
    table = _parse(path, encoding, skip, raw.delimiter, raw.headers, raw.header_row)
    if table is None or table.num_rows > limits.MAX_ROWS:
        return None
    return _frame(table, raw.headers)


def _parse(
    path: Path, encoding: str, skip: int, delimiter: str, headers: list[str], lines_above: int
) -> object | None:
    import pyarrow as pa  # loaded only by the command that reads a large file
    import pyarrow.csv as pacsv

    text = pa.dictionary(pa.int32(), pa.string())
    try:
        with path.open("rb") as stream:
            stream.seek(skip)
            return pacsv.read_csv(
                stream,
                read_options=pacsv.ReadOptions(
                    skip_rows=lines_above,
                    column_names=headers,
                    encoding="utf8" if encoding == "utf-8" else encoding,
                ),
                parse_options=pacsv.ParseOptions(
                    delimiter=delimiter, newlines_in_values=False, ignore_empty_lines=True
                ),
                convert_options=pacsv.ConvertOptions(
                    column_types=dict.fromkeys(headers, text),
                    strings_can_be_null=False,
                    quoted_strings_can_be_null=False,
                ),
            )
    except (pa.ArrowInvalid, UnicodeDecodeError):
        return None


def _frame(table: object, headers: list[str]) -> pd.DataFrame | None:
    """Each column as a Categorical of trimmed text, rows with no filled cell left out."""
    import pyarrow.compute as pc

    columns: dict[str, pd.Categorical] = {}
    filled = np.zeros(table.num_rows, dtype=bool)  # type: ignore[attr-defined]
    for name, column in zip(headers, table.columns, strict=True):  # type: ignore[attr-defined]
        column = column.unify_dictionaries()
        if not column.num_chunks:
            return None
        values = column.chunk(0).dictionary
        if pc.any(pc.match_substring_regex(values, "[\r\n]")).as_py():
            return None  # a quoted line break: rows are not lines, read it the exact way
        # " mee eens" and "mee eens" are one answer, as in the exact reader's cells.
        trimmed = pc.dictionary_encode(pc.utf8_trim_whitespace(values))
        recode = trimmed.indices.to_numpy(zero_copy_only=False)
        indices = np.concatenate(
            [chunk.indices.to_numpy(zero_copy_only=False) for chunk in column.chunks]
        )
        codes = recode[indices]
        categories = trimmed.dictionary.to_numpy(zero_copy_only=False)
        empty = np.flatnonzero(categories == "")
        filled |= codes != (empty[0] if len(empty) else -1)
        columns[name] = pd.Categorical.from_codes(
            codes, categories=pd.Index(categories, dtype=object)
        )
    frame = pd.DataFrame(columns, copy=False)
    if not filled.all():
        frame = frame[filled].reset_index(drop=True)
    return frame
