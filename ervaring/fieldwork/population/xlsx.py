"""Reading the first sheet of an XLSX file as rows of text, streaming, in bounded memory.

A general spreadsheet library builds the sheet's whole grid: one cell in XFD1048576 made a
1.4 KB file ask for 512 GB and kill the process. This reader walks the sheet's XML once, row by
row, and keeps only the current row, the shared strings and the styles; it never builds a row
wider than `limits.MAX_COLUMNS`, refuses a value outside the limits by its cell reference, and
caps how much XML it unpacks, so a "zip bomb" stops early too.

What it reads as Excel shows it: shared and inline strings (rich text joined), numbers (whole
numbers without ".0"), dates by their cell style (1900 and 1904 date systems), booleans, the
computed value of a formula (a formula without one comes back as "=..." and is refused as a
formula by the cell check), error values ("#N/A", refused by the cell check). Merged ranges are
reported in `RawTable.merged`.
"""

import functools
import io
import math
import re
import zipfile
import zlib
from array import array
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import BinaryIO
from xml.etree import ElementTree

from ervaring.fieldwork.population import limits
from ervaring.fieldwork.population.table import (
    PopulationFileError,
    RawTable,
    split_header,
    within_limits,
)

_RELATIONSHIP = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_STRICT_RELATIONSHIP = "{http://purl.oclc.org/ooxml/officeDocument/relationships}id"
_BUILTIN_DATES = {*range(14, 23), *range(27, 37), *range(45, 48), *range(50, 59)}
_CELL = re.compile(r"^([A-Z]{1,3})([0-9]{1,7})$")
_FORMAT_LITERALS = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]|_.|\*.')
_SMALL_PART_BYTES = 50 * 1024 * 1024
_MAX_SERIAL = 2958465  # 9999-12-31
_BROKEN = (
    "Het Excel-bestand kan niet worden gelezen: het is beschadigd of geen echt .xlsx-bestand. "
    "Open het in Excel en sla het opnieuw op als .xlsx of als CSV."
)
# Whatever a damaged archive or its XML raises while being read (PopulationFileError, a
# ValueError, is passed on as it is).
_READ_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    NotImplementedError,
    RuntimeError,
    ElementTree.ParseError,
    KeyError,
    ValueError,
)


def read_xlsx(stream: BinaryIO) -> RawTable:
    """The first visible sheet of a seekable binary file as a table; raises
    PopulationFileError when it cannot be."""
    try:
        archive = zipfile.ZipFile(stream)
        names = set(archive.namelist())
    except _READ_ERRORS as error:
        raise PopulationFileError(_BROKEN) from error
    if "xl/workbook.xml" not in names:
        if "content.xml" in names:
            raise PopulationFileError(
                "Dit is een OpenDocument-bestand (.ods). Sla het op als .xlsx of als CSV."
            )
        raise PopulationFileError(
            "Dit is geen Excel-bestand (.xlsx). Kies een CSV- of Excel-bestand."
        )
    sheet = _SheetReader(archive, names)
    header_row, headers, skipped, rows = split_header(within_limits(sheet.rows()))
    return RawTable(
        headers,
        rows,
        "xlsx",
        row_estimate=max(0, sheet.last_row - header_row),
        header_row=header_row,
        skipped=skipped,
        merged=sheet.merged,
    )


class _Limited(io.RawIOBase):
    """A part of the archive, read at most up to `limit` bytes; refuses a DOCTYPE (no Excel
    file has one, and entity tricks need one)."""

    def __init__(self, stream: io.BufferedIOBase, limit: int, part: str) -> None:
        self._stream, self._limit, self._part, self._count = stream, limit, part, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        count = self._stream.readinto(buffer)
        if self._count < 65536 and b"<!DOCTYPE" in bytes(buffer[:count]):
            raise PopulationFileError(_BROKEN)
        self._count += count
        if self._count > self._limit:
            raise PopulationFileError(limits.unpacked_too_big())
        return count


def _local(tag: str) -> str:
    """'{namespace}row' -> 'row'; tags repeat millions of times, so each is split once."""
    name = _LOCAL_NAMES.get(tag)
    if name is None:
        name = tag.rpartition("}")[2]
        if len(_LOCAL_NAMES) < 1000:  # a hostile file may use endless made-up tags
            _LOCAL_NAMES[tag] = name
    return name


_LOCAL_NAMES: dict[str, str] = {}


class _SheetReader:
    """The workbook's first visible sheet with what its cells need: strings, styles, dates."""

    def __init__(self, archive: zipfile.ZipFile, names: set[str]) -> None:
        self.archive, self.names = archive, names
        self.last_row = 0
        self.merged: list[tuple[str, int, int, int, int]] = []
        try:
            self.sheet_path, self.date1904 = self._workbook()
            self.date_styles = self._date_styles()
            self.strings = self._shared_strings()
        except _READ_ERRORS as error:
            if isinstance(error, PopulationFileError):
                raise
            raise PopulationFileError(_BROKEN) from error

    def _open(self, name: str, limit: int) -> io.BufferedReader:
        return io.BufferedReader(_Limited(self.archive.open(name), limit, name), 65536)

    def _parse(self, name: str) -> ElementTree.Element:
        return _parse_all(self._open(name, _SMALL_PART_BYTES))

    def _workbook(self) -> tuple[str, bool]:
        root = self._parse("xl/workbook.xml")
        date1904 = any(
            _local(e.tag) == "workbookPr" and e.get("date1904") in {"1", "true"} for e in root
        )
        sheets = [e for e in root.iter() if _local(e.tag) == "sheet"]
        visible = [s for s in sheets if s.get("state", "visible") == "visible"] or sheets
        if not visible:
            raise PopulationFileError("Het Excel-bestand heeft geen werkblad.")
        wanted = visible[0].get(_RELATIONSHIP) or visible[0].get(_STRICT_RELATIONSHIP)
        targets = {}
        if "xl/_rels/workbook.xml.rels" in self.names:
            for rel in self._parse("xl/_rels/workbook.xml.rels"):
                targets[rel.get("Id")] = rel.get("Target", "")
        target = targets.get(wanted, "worksheets/sheet1.xml")
        path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        if path not in self.names:
            raise PopulationFileError(_BROKEN)
        return path, date1904

    def _date_styles(self) -> frozenset[int]:
        """Indexes of the cell styles that show a number as a date or time."""
        if "xl/styles.xml" not in self.names:
            return frozenset()
        root = self._parse("xl/styles.xml")
        custom = {
            int(e.get("numFmtId", "-1")): e.get("formatCode", "")
            for e in root.iter()
            if _local(e.tag) == "numFmt"
        }
        xfs = next((e for e in root if _local(e.tag) == "cellXfs"), None)
        styles = set()
        for index, xf in enumerate(xfs if xfs is not None else ()):
            format_id = int(xf.get("numFmtId", "0"))
            if format_id in custom:
                if _is_date_format(custom[format_id]):
                    styles.add(index)
            elif format_id in _BUILTIN_DATES:
                styles.add(index)
        return frozenset(styles)

    def _shared_strings(self) -> "_SharedStrings":
        strings = _SharedStrings()
        if "xl/sharedStrings.xml" not in self.names:
            return strings
        stream = self._open("xl/sharedStrings.xml", limits.MAX_SHARED_STRINGS_BYTES)
        parser = _xml_parser(_StringCollector(strings))
        while chunk := stream.read(65536):
            parser.feed(chunk)
        parser.close()
        return strings

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        """(sheet row number, cells) of every row that has a cell; then the merged ranges."""
        try:
            yield from self._rows()
        except _READ_ERRORS as error:
            if isinstance(error, PopulationFileError):
                raise
            raise PopulationFileError(_BROKEN) from error

    def _rows(self) -> Iterator[tuple[int, list[str]]]:
        stream = self._open(self.sheet_path, limits.MAX_SHEET_XML_BYTES)
        sheet = _SheetCollector(self)
        parser = _xml_parser(sheet)
        while chunk := stream.read(65536):
            parser.feed(chunk)
            yield from sheet.take_rows()
        parser.close()
        yield from sheet.take_rows()

    def add_cell(
        self, attributes: dict[str, str], parts: dict[str, list[str]], row_number: int,
        cells: dict[int, str],
    ) -> None:  # fmt: skip
        """Put a <c>'s text in `cells` by column; refuse a value outside the columns read."""
        reference = attributes.get("r", "")
        match = _CELL.match(reference)
        if match:
            column, row_number = _column(match[1]), int(match[2])
        else:
            column = max(cells, default=-1) + 1
            reference = f"{_letters(column)}{row_number}"
        text = self._value(attributes, parts)
        if not text:
            return  # an empty (perhaps styled) cell, wherever it is, holds nothing
        if column >= limits.MAX_COLUMNS:
            raise PopulationFileError(limits.cell_out_of_range(reference))
        cells[column] = text

    def _value(self, attributes: dict[str, str], parts: dict[str, list[str]]) -> str:
        """A cell's text as Excel shows it, from its type, style and the text of its parts."""
        kind = attributes.get("t", "n")
        if kind == "inlineStr":
            return "".join(parts.get("is", ()))
        text = "".join(parts["v"]) if "v" in parts else ""
        if not text:
            formula = "".join(parts.get("f", ()))
            return f"={formula}" if formula else ""
        if kind == "s":
            index = int(text)
            if not 0 <= index < len(self.strings):
                raise PopulationFileError(_BROKEN)
            return self.strings[index]
        if kind in {"str", "e"}:
            return text
        if kind == "b":
            return "WAAR" if text.strip() == "1" else "ONWAAR"
        if kind == "d":
            return text[:10] if text[10:].strip("T0:.Z") == "" else text.replace("T", " ")[:19]
        return self._number(text, int(attributes.get("s", "0")))

    def _number(self, text: str, style: int) -> str:
        try:
            number = float(text)
        except ValueError:
            return text
        if not math.isfinite(number):
            return text
        if style in self.date_styles and (moment := _excel_moment(number, self.date1904)):
            return moment
        if number.is_integer() and abs(number) < 1e15:
            return str(int(number))
        return repr(number)

    def add_merge(self, reference: str) -> None:
        first, _, last = reference.partition(":")
        start, end = _CELL.match(first), _CELL.match(last or first)
        if start is None or end is None:
            return
        self.merged.append(
            (reference, int(start[2]), _column(start[1]), int(end[2]), _column(end[1]))
        )


class _SharedStrings:
    """The workbook's shared strings, kept as UTF-8 in one buffer.

    Excel saves every text of a sheet once in this table: a million-row export has millions
    of them, which as separate str objects take about 50 bytes each beyond their text.
    """

    def __init__(self) -> None:
        self._text = bytearray()
        self._ends = array("Q")

    def append(self, text: str) -> None:
        self._text += text.encode()
        self._ends.append(len(self._text))

    def __len__(self) -> int:
        return len(self._ends)

    def __getitem__(self, index: int) -> str:
        start = self._ends[index - 1] if index else 0
        return self._text[start : self._ends[index]].decode()


class _StringCollector:
    """Parser target: the text of every <si>, rich-text runs joined, phonetic guides (<rPh>,
    for East Asian text) left out. A target builds no elements, so nothing needs clearing."""

    def __init__(self, strings: _SharedStrings) -> None:
        self.strings, self.parts = strings, []
        self.is_text, self.in_guide = False, 0

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        name = _local(tag)
        if name == "si":
            self.parts = []
        elif name == "rPh":
            self.in_guide += 1
        elif name == "t":
            self.is_text = not self.in_guide

    def end(self, tag: str) -> None:
        name = _local(tag)
        if name == "si":
            self.strings.append("".join(self.parts))
        elif name == "rPh":
            self.in_guide -= 1
        elif name == "t":
            self.is_text = False

    def data(self, text: str) -> None:
        if self.is_text:
            self.parts.append(text)

    def close(self) -> None:
        return None


class _SheetCollector:
    """Parser target for the sheet: keeps the current row only, and hands over the rows done
    since the last `take_rows`. A target builds no elements, so a row once read is gone."""

    def __init__(self, reader: _SheetReader) -> None:
        self.reader = reader
        self.done: list[tuple[int, list[str]]] = []
        self.row_number, self.cells = 0, {}
        self.attributes: dict[str, str] = {}
        self.parts: dict[str, list[str]] = {}  # "v", "f", "is" -> pieces of their text
        self.collecting: list[str] | None = None
        self.in_inline, self.in_guide = False, 0

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        name = _local(tag)
        if name == "c":
            self.attributes, self.parts = attrib, {}
        elif name in {"v", "f"}:
            self.collecting = self.parts.setdefault(name, [])
        elif name == "t":
            if self.in_inline and not self.in_guide:  # phonetic guides are left out
                self.collecting = self.parts.setdefault("is", [])
        elif name == "is":
            self.in_inline = True
        elif name == "rPh":
            self.in_guide += 1
        elif name == "row":
            self.row_number = int(attrib.get("r") or self.row_number + 1)
            self.cells = {}
        elif name == "dimension":
            self.reader.last_row = _last_row(attrib.get("ref", ""))
        elif name == "mergeCell":
            self.reader.add_merge(attrib.get("ref", ""))

    def end(self, tag: str) -> None:
        name = _local(tag)
        if name in {"v", "f", "t"}:
            self.collecting = None
        elif name == "c":
            self.reader.add_cell(self.attributes, self.parts, self.row_number, self.cells)
        elif name == "row":
            if self.cells:
                row = [""] * (max(self.cells) + 1)
                for column, text in self.cells.items():
                    row[column] = text
                self.done.append((self.row_number, row))
        elif name == "is":
            self.in_inline = False
        elif name == "rPh":
            self.in_guide -= 1

    def data(self, text: str) -> None:
        if self.collecting is not None:
            self.collecting.append(text)

    def close(self) -> None:
        return None

    def take_rows(self) -> list[tuple[int, list[str]]]:
        done, self.done = self.done, []
        return done


def _xml_parser(target: object) -> ElementTree.XMLParser:
    """A parser feeding `target` (big parts: the sheet, the shared strings).

    The standard parser is safe enough here without defusedxml: it never fetches external
    entities, the expat it uses (2.4 and later) stops entity-expansion bombs, and `_Limited`
    refuses a DOCTYPE, which entity tricks need and no Excel file has.
    """
    return ElementTree.XMLParser(target=target)  # noqa: S314


def _parse_all(stream: io.BufferedReader) -> ElementTree.Element:
    """A small part (workbook, relations, styles) as a tree; see `_xml_parser` on safety."""
    return ElementTree.parse(stream).getroot()  # noqa: S314


def _is_date_format(code: str) -> bool:
    """Whether a number format shows a date or time: d, m, y, h or s outside literals."""
    plain = _FORMAT_LITERALS.sub("", code).split(";")[0]
    return re.search(r"[dmyhs]", plain, re.IGNORECASE) is not None


def _excel_moment(serial: float, date1904: bool) -> str:
    """An Excel date number as ISO text ('' when it is no date Excel can show).

    The 1900 system counts 1900-01-01 as day 1 and, like Lotus 1-2-3, has a 29 February 1900
    (day 60): from day 61 on the days are one off, hence the two bases.
    """
    if serial < 0 or serial > _MAX_SERIAL:
        return ""
    if date1904:
        base = datetime(1904, 1, 1)
    elif serial >= 61:
        base = datetime(1899, 12, 30)
    elif 1 <= serial < 60:
        base = datetime(1899, 12, 31)
    else:
        return ""
    moment = base + timedelta(seconds=round(serial * 86400))
    if moment.time() == datetime.min.time():
        return moment.date().isoformat()
    return moment.isoformat(sep=" ")


@functools.cache  # at most 18,278 column names (A to ZZZ)
def _column(letters: str) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    return index - 1


def _letters(column: int) -> str:
    letters = ""
    column += 1
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _last_row(reference: str) -> int:
    match = _CELL.match(reference.rpartition(":")[2])
    return int(match[2]) if match else 0
