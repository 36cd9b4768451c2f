"""Synthetic population files for the tests: obviously fake clients, real file quirks."""

import io
from collections.abc import Sequence
from datetime import date

import xlsxwriter

HEADERS = (
    "Cliëntnummer",
    "Wet",
    "Voorziening",
    "Geboortedatum",
    "Geslacht",
    "Wijkteam",
    "Wijk",
    "Naam",
    "Straat",
    "Huisnummer",
    "Postcode",
    "Woonplaats",
    "E-mail",
    "Mobiel",
    "E-mail ouder",
    "Mobiel ouder",
)


def row(
    ref: str,
    provision: str = "Huishoudelijke hulp",
    *,
    law: str = "Wmo",
    born: str = "12-03-1945",
    gender: str = "V",
    team: str = "Noord",
    district: str = "Noord",
    name: str = "Testpersoon",
    street: str = "Teststraat",
    number: str = "1",
    postcode: str = "1234 AB",
    town: str = "Voorbeeld",
    email: str = "",
    mobile: str = "",
    parent_email: str = "",
    parent_mobile: str = "",
) -> list[str]:
    return [
        ref,
        law,
        provision,
        born,
        gender,
        team,
        district,
        name,
        street,
        number,
        postcode,
        town,
        email,
        mobile,
        parent_email,
        parent_mobile,
    ]


def csv_bytes(
    rows: Sequence[Sequence[str]],
    *,
    headers: Sequence[str] = HEADERS,
    sep: str = ";",
    encoding: str = "utf-8",
    bom: bool = False,
    blank_lines_after: Sequence[int] = (),
) -> bytes:
    """A CSV as Excel writes it: CRLF line ends, optional BOM and blank lines."""
    lines = [sep.join(headers)]
    for index, cells in enumerate(rows):
        lines.append(sep.join(_quote(c) if sep in c or '"' in c else c for c in cells))
        if index in blank_lines_after:
            lines.append("")
    data = ("\r\n".join(lines) + "\r\n").encode(encoding)
    return (b"\xef\xbb\xbf" if bom else b"") + data


def _quote(cell: str) -> str:
    doubled = cell.replace('"', '""')
    return f'"{doubled}"'


def xlsx_bytes(rows: Sequence[Sequence[object]], headers: Sequence[str] = HEADERS) -> bytes:
    out = io.BytesIO()
    workbook = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = workbook.add_worksheet()
    date_format = workbook.add_format({"num_format": "dd-mm-yyyy"})
    sheet.write_row(0, 0, headers)
    for index, cells in enumerate(rows, start=1):
        for column, value in enumerate(cells):
            if isinstance(value, date):
                sheet.write_datetime(index, column, value, date_format)
            else:
                sheet.write(index, column, value)
    workbook.close()
    return out.getvalue()
