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

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ervaring.fieldwork.population import limits, reading
from ervaring.fieldwork.population.table import PopulationFileError

if TYPE_CHECKING:  # pandas costs a third of a second to import: only `_frame` needs it
    import numpy as np
    import pandas as pd

#: Below this size the exact reader is as quick, and its line numbers come for free.
MIN_BYTES = 4 * 1024 * 1024
#: Encodings PyArrow reads the way Python does; UTF-16/32 files go the exact way.
ENCODINGS = {"utf-8", "cp1252"}
HEAD_BYTES = 64 * 1024
#: A column is read as plain text when at least this share of the head's rows, and at least
#: this many rows, hold distinct values (`_distinct_columns`).
PLAIN_SHARE = 0.9
PLAIN_MIN_ROWS = 200
#: Text that normalising (`files.normalise_label`) leaves as it is: printable ASCII without
#: capitals or a full stop, words apart by one space. Only other values need Python.
PLAIN = r"^([\x21-\x2d\x2f-\x40\x5b-\x7e]+( [\x21-\x2d\x2f-\x40\x5b-\x7e]+)*)?$"


@dataclass(frozen=True)
class Parsed:
    """A file as PyArrow parsed it (`parse`), before its columns become pandas' (`_frame`)."""

    headers: list[str]
    #: Per column: its trimmed text (an Arrow array) when it was read as plain text, else
    #: (the code of every row, the distinct values as an Arrow array).
    columns: list[object]
    #: Per row: whether any of its cells is filled (blank rows are no respondents).
    filled: np.ndarray


def read_columns(path: Path) -> pd.DataFrame | None:
    """The file's cells as text columns, "" when empty (pandas Categoricals, or Arrow-backed
    text for a column of distinct values), or None when the file should be read the exact
    way (see the module's docstring)."""
    return to_frame(parse(path))


def to_frame(parsed: Parsed | None) -> pd.DataFrame | None:
    """The columns of a parsed file (see `read_columns`), or None to read it the exact way."""
    return None if parsed is None else _frame(parsed)


class Background:
    """`parse` of one file on a thread of its own, started before the caller's other work.

    PyArrow parses without Python's lock, on every core, so ``ervaring analyse`` starts
    reading the respondent file first and imports pandas and SciPy (half a second of one
    core) while it is being read. Nothing here writes or decides anything: the caller
    still checks the file in its usual order (`files.read_table`) and only then takes the
    result, and a failure in the parse is raised to it when it does.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._parsed: Parsed | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="ervaring-parse")
        self._thread.start()

    def _run(self) -> None:
        try:
            self._parsed = parse(self.path)
        except BaseException as error:  # handed to the caller in `result`
            self._error = error

    def result(self) -> Parsed | None:
        """What `parse` gave for the file (waits for it); its exception, if it raised one."""
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._parsed

    def wait(self) -> None:
        """Wait for the parse to end, for a caller that stops before taking the result."""
        self._thread.join()


def parse(path: Path) -> Parsed | None:
    """The file parsed by PyArrow, or None when it should be read the exact way (see the
    module's docstring). PyArrow only: no pandas, so it can run before pandas is loaded."""
    if not path.is_file() or path.suffix.lower() == ".sav":
        return None
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
    plain = _distinct_columns(raw.headers, raw.rows)
    table = _parse(path, encoding, skip, raw.delimiter, raw.headers, raw.header_row, plain)
    if table is None or table.num_rows > limits.MAX_ROWS:  # type: ignore[attr-defined]
        return None
    return _columns(table, raw.headers)


def _distinct_columns(headers: list[str], rows: Iterable[tuple[int, list[str]]]) -> set[str]:
    """Columns whose value differs in (nearly) every row of the file's head: respondent
    numbers. They are read as plain text, one value per row: a dictionary of a million
    distinct values costs the parser and the unifying of its blocks half a second of hashing
    for nothing. Other columns (answers, teams) are dictionaries."""
    try:
        head = [cells for _, cells in rows]
    except PopulationFileError:
        return set()
    if len(head) < PLAIN_MIN_ROWS:
        return set()  # too few rows to tell (a wide file): every column a dictionary
    plain = set()
    for i, name in enumerate(headers):
        values = [cells[i].strip() if i < len(cells) else "" for cells in head]
        if len(set(values)) >= PLAIN_SHARE * len(values):
            plain.add(name)
    return plain


def _parse(
    path: Path,
    encoding: str,
    skip: int,
    delimiter: str,
    headers: list[str],
    lines_above: int,
    plain: set[str],
) -> object | None:
    import pyarrow as pa  # loaded only by the command that reads a large file
    import pyarrow.csv as pacsv

    text = pa.dictionary(pa.int32(), pa.string())
    try:
        # PyArrow's own file, not Python's: reading a Python file object would take Python's
        # lock for every block, which the command's imports hold while the file is parsed.
        with pa.OSFile(str(path)) as stream:
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
                    column_types={h: pa.string() if h in plain else text for h in headers},
                    strings_can_be_null=False,
                    quoted_strings_can_be_null=False,
                ),
            )
    except (pa.ArrowInvalid, UnicodeDecodeError):
        return None


def _columns(table: object, headers: list[str]) -> Parsed | None:
    """Each column's trimmed text: a column of distinct values as plain Arrow text, any
    other as the codes of its distinct values; and which rows have a filled cell. None for
    a quoted line break (rows are not lines then: the file is read the exact way).

    A million respondent numbers are a million distinct values: every pass that hashes them
    costs a tenth of a second or more, so each column's values are hashed once (unifying the
    blocks' dictionaries), re-encoded only when trimming changed a value, and handed to
    pandas (`_frame`) as the distinct values they already are. PyArrow and numpy only: this
    runs on the parse's thread (`Background`).
    """
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    columns: list[object] = []
    filled = np.zeros(table.num_rows, dtype=bool)  # type: ignore[attr-defined]
    for column in table.columns:  # type: ignore[attr-defined]
        if not pa.types.is_dictionary(column.type):
            if pc.any(pc.match_substring_regex(column, "[\r\n]")).as_py():
                return None  # a quoted line break
            text = pc.utf8_trim_whitespace(column)
            filled |= pc.not_equal(text, "").to_numpy(zero_copy_only=False)
            columns.append(text)
            continue
        column = column.unify_dictionaries()
        if not column.num_chunks:
            return None
        values = column.chunk(0).dictionary
        if pc.any(pc.match_substring_regex(values, "[\r\n]")).as_py():
            return None  # a quoted line break: rows are not lines, read it the exact way
        indices = np.concatenate(
            [chunk.indices.to_numpy(zero_copy_only=False) for chunk in column.chunks]
        )
        # " mee eens" and "mee eens" are one answer, as in the exact reader's cells.
        trimmed = pc.utf8_trim_whitespace(values)
        if pc.all(pc.equal(trimmed, values)).as_py() is not False:
            codes = indices  # nothing to trim: the dictionary's values are distinct already
        else:
            encoded = pc.dictionary_encode(trimmed)
            codes = encoded.indices.to_numpy(zero_copy_only=False)[indices]
            values = encoded.dictionary
        empty = pc.index(values, "").as_py()
        if empty >= 0:
            filled |= codes != empty
        else:
            filled[:] = True
        # The smallest integers that number the values, as pandas would keep them: twenty
        # columns of a million 4-byte codes would otherwise wait here beside the table.
        for small in (np.int8, np.int16):
            if len(values) < np.iinfo(small).max:
                codes = codes.astype(small)
                break
        columns.append((codes, values))
    return Parsed(headers, columns, filled)


def _frame(parsed: Parsed) -> pd.DataFrame:
    """The columns as pandas': Categoricals of text, or Arrow-backed text for a column of
    distinct values; rows with no filled cell left out."""
    import numpy as np
    import pandas as pd
    from pandas.api.types import CategoricalDtype

    # pandas' text held by Arrow, missing as NaN (the default string type of pandas 3).
    text_type = pd.StringDtype("pyarrow", na_value=np.nan)
    columns: dict[str, pd.Categorical | pd.api.extensions.ExtensionArray] = {}
    for name, column in zip(parsed.headers, parsed.columns, strict=True):
        if not isinstance(column, tuple):
            columns[name] = pd.array(column, dtype=text_type)
            continue
        codes, values = column
        # The values stay in Arrow's memory (pandas' own string type): no million Python
        # strings for a million respondent numbers.
        categories = pd.Index(pd.array(values, dtype=text_type))
        # Arrow's dictionary holds each value once: pandas need not hash them again to check.
        dtype = CategoricalDtype._from_fastpath(categories, ordered=False)
        columns[name] = pd.Categorical.from_codes(codes, dtype=dtype)
    frame = pd.DataFrame(columns, copy=False)
    if not parsed.filled.all():
        frame = frame[parsed.filled].reset_index(drop=True)
    return frame


def normalised(values: object, normalise: Callable[[str], str]) -> object:
    """``normalise`` applied to every value of an Arrow string array, in C where it changes
    nothing (`PLAIN`, most values: numbers, lower-case labels), in Python for the rest."""
    import pyarrow as pa
    import pyarrow.compute as pc

    plain = pc.match_substring_regex(values, PLAIN)
    if pc.all(plain).as_py() is not False:
        return values
    other = pc.invert(plain)
    changed = [normalise(value) for value in pc.filter(values, other).to_pylist()]
    return pc.replace_with_mask(values, other, pa.array(changed, type=values.type))
