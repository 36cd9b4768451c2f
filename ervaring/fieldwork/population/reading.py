"""Reading the bytes of a CSV or XLSX export into a header and rows of text.

The format is recognised from the content, not the name; separator and encoding are detected
(UTF-8 with or without BOM, UTF-16 and UTF-32 with BOM or recognisable without one, otherwise
Windows-1252). Rows are read lazily, one at a time, from the bytes or from a file, so memory
stays bounded however many rows or columns the file has; every limit in `limits` is checked
while reading, and a file over one raises `PopulationFileError` with a Dutch message naming the
row or cell.
"""

import codecs
import csv
import io
from collections.abc import Iterator
from typing import BinaryIO

from ervaring.fieldwork.population import limits
from ervaring.fieldwork.population.table import (
    PopulationFileError,
    RawTable,
    Rows,
    split_header,
    within_limits,
)
from ervaring.fieldwork.population.xlsx import read_xlsx


def read_table(source: bytes | BinaryIO) -> RawTable:
    """Read a CSV or XLSX export; raises PopulationFileError when it is no table we read.

    `source` is the file's bytes, or a seekable binary file: a file keeps the import's memory
    free of the file itself (a 100 MB export stays on disk), and is read until `rows` is done,
    so it must stay open that long.
    """
    stream = io.BytesIO(source) if isinstance(source, bytes | bytearray) else source
    size = stream.seek(0, io.SEEK_END)
    stream.seek(0)
    if size > limits.MAX_FILE_BYTES:
        raise PopulationFileError(limits.file_too_big(size))
    magic = stream.read(8)
    stream.seek(0)
    if magic[:4] == b"PK\x03\x04":
        return read_xlsx(stream)
    if magic == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise PopulationFileError(
            "Dit is een oud Excel-bestand (.xls) of een bestand met een wachtwoord. Sla het in "
            "Excel op als .xlsx (zonder wachtwoord) of als CSV, en lees het dan in."
        )
    if magic[:5] == b"%PDF-":
        raise PopulationFileError("Dit is een PDF, geen tabel. Kies een CSV- of Excel-bestand.")
    if magic.startswith(IMAGES):
        raise PopulationFileError(
            "Dit is een afbeelding, geen tabel. Kies een CSV- of Excel-bestand."
        )
    return _read_csv(stream)


IMAGES = (b"\x89PNG", b"\xff\xd8\xff", b"GIF87a", b"GIF89a")
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
ENCODING_NAMES = {"utf-8": "utf-8-sig"}  # how a file with a UTF-8 BOM is reported


def detect_encoding(stream: BinaryIO) -> tuple[str, int, int]:
    """(encoding, length of the byte-order mark to skip, number of line ends), reading the
    file once from its start in chunks.

    Windows-1252 decodes nearly any byte string, so UTF-8 is tried first: bytes that are valid
    UTF-8 and contain non-ASCII characters are almost never meant as Windows-1252. A UTF-16
    file without a byte-order mark shows itself by a zero byte in every other position.
    """
    stream.seek(0)
    head = stream.read(4096)
    encoding, skip = "", 0
    for bom, name in BOMS:
        if head.startswith(bom):
            encoding, skip = name, len(bom)
            break
    if not encoding and len(head) >= 4:
        even, odd = head[0::2].count(0), head[1::2].count(0)
        if odd > len(head) * 0.4 and even == 0:
            encoding = "utf-16-le"
        elif even > len(head) * 0.4 and odd == 0:
            encoding = "utf-16-be"
    decoder = codecs.getincrementaldecoder("utf-8")() if not encoding else None
    line_ends = 0
    stream.seek(0)
    while chunk := stream.read(1 << 20):
        line_ends += chunk.count(b"\n")
        if decoder is not None:
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError:
                decoder, encoding = None, "cp1252"
    if decoder is not None:
        try:
            decoder.decode(b"", final=True)
            encoding = "utf-8"
        except UnicodeDecodeError:
            encoding = "cp1252"
    return encoding, skip, line_ends


def _encoding_name(encoding: str, skip: int) -> str:
    if encoding == "cp1252":
        return "windows-1252"
    return ENCODING_NAMES.get(encoding, encoding) if skip else encoding


def _first_table_line(head: str) -> str:
    """The first line with a separator: a title typed above the header ("Export CEO 2025")
    has none, and would make a ';' file look like a ',' file of one column."""
    lines = [line for line in head.splitlines() if line.strip()]
    return next((line for line in lines if any(sep in line for sep in ";,\t")), lines[0])


def sniff_delimiter(first_line: str) -> str:
    """The separator the header line uses most: ';' (Dutch Excel), ',' or a tab."""
    counts = {sep: first_line.count(sep) for sep in (";", ",", "\t")}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] else ","


def _open_text(stream: BinaryIO, encoding: str, skip: int) -> io.TextIOWrapper:
    """The file as text from its start, decoded as it is read; undecodable bytes become
    U+FFFD, which the cell check refuses with the row and column."""
    stream.seek(skip)
    return io.TextIOWrapper(_Unclosed(stream), encoding=encoding, errors="replace", newline="")


class _Unclosed(io.RawIOBase):
    """The caller's file, read through a text wrapper that may not close it (a wrapper closes
    what it wraps when it is collected, and the file is the caller's to close)."""

    def __init__(self, stream: BinaryIO) -> None:
        self._stream = stream

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        data = self._stream.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def _read_csv(stream: BinaryIO) -> RawTable:
    encoding, skip, line_ends = detect_encoding(stream)
    head = _open_text(stream, encoding, skip).read(64 * 1024)
    if not head.strip():
        raise PopulationFileError("Het bestand is leeg.")
    if _looks_binary(head):
        raise PopulationFileError(
            "Dit bestand is geen tabel (het lijkt een ander soort bestand). Kies een CSV- of "
            "Excel-bestand."
        )
    delimiter = sniff_delimiter(_first_table_line(head))
    reader = csv.reader(_lines(_open_text(stream, encoding, skip)), delimiter=delimiter)
    header_row, headers, skipped, rows = split_header(within_limits(_records(reader)))
    return RawTable(
        headers,
        rows,
        "csv",
        _encoding_name(encoding, skip),
        delimiter,
        row_estimate=line_ends,
        header_row=header_row,
        skipped=skipped,
    )


def _looks_binary(head: str) -> bool:
    """More than one in ten characters a control character: no export looks like that."""
    controls = sum(1 for char in head if ord(char) < 32 and char not in "\t\r\n")
    return controls > len(head) / 10


def _lines(text: io.TextIOWrapper) -> Iterator[str]:
    """The physical lines, each refused when longer than any table's line can be."""
    number = 0
    while line := text.readline(limits.MAX_LINE_CHARS + 1):
        number += 1
        if len(line) > limits.MAX_LINE_CHARS:
            raise PopulationFileError(limits.line_too_long(number))
        yield line


def _records(reader: Iterator[list[str]]) -> Rows:
    """(row number, cells) of every record, a blank line included (Excel shows it as a row);
    the csv module's English errors become a Dutch message."""
    row = 0
    try:
        for row, record in enumerate(reader, start=1):
            if len(record) > limits.MAX_COLUMNS:
                # Empty cells at the end (a column someone once typed in) do not count.
                width = next((i + 1 for i in range(len(record) - 1, -1, -1) if record[i]), 0)
                if width > limits.MAX_COLUMNS:
                    raise PopulationFileError(limits.too_many_columns(row, width))
                record = record[: limits.MAX_COLUMNS]
            yield row, record
    except csv.Error as error:
        raise PopulationFileError(
            f"Het bestand is geen geldige CSV: vanaf rij {row + 1} klopt iets niet met de "
            "aanhalingstekens of het scheidingsteken, of een cel is veel te lang."
        ) from error
