"""Reading the bytes of a CSV or XLSX export into a header and rows of text.

The format is recognised from the content, not the name; separator and encoding are detected.
"""

import codecs
import csv
import io
import zipfile
from dataclasses import dataclass
from datetime import date, datetime

from python_calamine import CalamineError, CalamineWorkbook


class PopulationFileError(ValueError):
    """The file cannot be read as a table at all (the message is Dutch, for the user)."""


@dataclass
class RawTable:
    """A file as header and rows of text; `rows` holds (row number in the file, cells)."""

    headers: list[str]
    rows: list[tuple[int, list[str]]]
    file_format: str
    encoding: str = ""
    delimiter: str = ""


def read_table(data: bytes) -> RawTable:
    """Read a CSV or XLSX export; the format is recognised from the content, not the name."""
    if data[:4] == b"PK\x03\x04":
        return _read_xlsx(data)
    return _read_csv(data)


def decode_text(data: bytes) -> tuple[str, str]:
    """Text and encoding name: UTF-8 (with or without BOM), otherwise Windows-1252.

    Windows-1252 decodes nearly any byte string, so UTF-8 is tried first: bytes that are
    valid UTF-8 and contain non-ASCII characters are almost never meant as Windows-1252.
    """
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), "windows-1252"


def sniff_delimiter(first_line: str) -> str:
    """The separator the header line uses most: ';' (Dutch Excel), ',' or a tab."""
    counts = {sep: first_line.count(sep) for sep in (";", ",", "\t")}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] else ","


def _read_csv(data: bytes) -> RawTable:
    text, encoding = decode_text(data)
    if not text.strip():
        raise PopulationFileError("Het bestand is leeg.")
    first_line = text.lstrip("\r\n").split("\n", 1)[0]
    delimiter = sniff_delimiter(first_line)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    headers: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    try:
        for record in reader:
            if headers is None:
                if not any(cell.strip() for cell in record):
                    continue
                headers = [cell.strip() for cell in record]
                header_line = reader.line_num
                continue
            rows.append((reader.line_num - header_line + 1, record))
    except csv.Error as error:
        raise PopulationFileError(f"Het bestand is geen geldige CSV: {error}.") from error
    return RawTable(headers or [], rows, "csv", encoding, delimiter)


def _xlsx_cell(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    if isinstance(value, date):
        return value.isoformat()
    return "" if value is None else str(value)


def _read_xlsx(data: bytes) -> RawTable:
    try:
        sheet = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0)
        cells = sheet.to_python(skip_empty_area=False)
    except (CalamineError, zipfile.BadZipFile, ValueError) as error:
        raise PopulationFileError("Het Excel-bestand kan niet worden gelezen.") from error
    headers: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    for index, record in enumerate(cells, start=1):
        texts = [_xlsx_cell(value) for value in record]
        if headers is None:
            if any(t.strip() for t in texts):
                headers, header_row = [t.strip() for t in texts], index
            continue
        rows.append((index - header_row + 1, texts))
    return RawTable(headers or [], rows, "xlsx")
