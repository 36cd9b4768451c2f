"""A corpus of odd population files, made when the tests run (no binaries in the repository).

Each file comes with what the import must do with it: import so many clients, or refuse the
file as a whole with a Dutch message, or refuse a row with a problem naming row and column.
The shapes are those that reach municipalities: Excel's CSV variants and encodings, real XLSX
quirks (merged cells, formulas, dates as numbers, inline strings, the 1904 date system), and
files that are broken or hostile (a far cell, a zip bomb, an entity declaration, NUL bytes).
"""

import io
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date

import xlsxwriter

from ervaring.fieldwork.tests.population_files import HEADERS, csv_bytes, row

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
TWO = [row("1001", name="Zoë Jansen"), row("1002", "Begeleiding", mobile="0612345678")]


@dataclass(frozen=True)
class Expect:
    """What the import must do. Exactly one of `clients`, `error` and `problem` is set."""

    clients: int | None = None
    error: str = ""  # a part of the Dutch message refusing the whole file
    problem: tuple[int | None, str, str] | None = None  # (row, column, part of the message)
    name: str = ""  # the name of client 1001 after import, to check the decoding
    born: date | None = None  # the birth date of client 1001 after import
    limits: dict[str, int] = field(default_factory=dict)  # limits lowered for this file


@dataclass(frozen=True)
class OddFile:
    label: str
    data: bytes
    expect: Expect


# --- Hand-made XLSX parts ------------------------------------------------------------------


def cell(reference: str, value: object, *, style: int = 0, kind: str = "") -> str:
    """One <c> element; `kind` as Excel writes it: '' (number), 'str', 'inlineStr', 'e', 'b'."""
    s = f' s="{style}"' if style else ""
    if kind == "inlineStr":
        return f'<c r="{reference}" t="inlineStr"{s}><is><t>{value}</t></is></c>'
    t = f' t="{kind}"' if kind else ""
    return f'<c r="{reference}"{t}{s}><v>{value}</v></c>'


def text_row(number: int, values: Sequence[object], columns: str = "ABCDEFGHIJKLMNOP") -> str:
    cells = "".join(
        cell(f"{columns[i]}{number}", v, kind="inlineStr") for i, v in enumerate(values) if v != ""
    )
    return f'<row r="{number}">{cells}</row>'


def sheet(rows: str, after: str = "", dimension: str = "") -> str:
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return f'<worksheet xmlns="{MAIN}">{dim}<sheetData>{rows}</sheetData>{after}</worksheet>'


def xlsx(
    sheet_xml: str,
    *,
    shared: Sequence[str] | None = None,
    styles: str = "",
    workbook_pr: str = "",
    sheets: str = '<sheet name="Blad1" sheetId="1" r:id="rId1"/>',
    extra: dict[str, str] | None = None,
    sheet_path: str = "xl/worksheets/sheet1.xml",
) -> bytes:
    """A minimal XLSX as Excel structures it, with this sheet XML."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{MAIN}" xmlns:r="{RELS}">{workbook_pr}<sheets>{sheets}</sheets>'
            "</workbook>",
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Target="worksheets/sheet1.xml"/>'
            '<Relationship Id="rId2" Target="worksheets/sheet2.xml"/></Relationships>',
        )
        if sheet_path:
            archive.writestr(sheet_path, sheet_xml)
        if shared is not None:
            items = "".join(f"<si>{s}</si>" for s in shared)
            archive.writestr("xl/sharedStrings.xml", f'<sst xmlns="{MAIN}">{items}</sst>')
        if styles:
            archive.writestr("xl/styles.xml", f'<styleSheet xmlns="{MAIN}">{styles}</styleSheet>')
        for name, content in (extra or {}).items():
            archive.writestr(name, content)
    return out.getvalue()


SHORT_HEADERS = ("Cliëntnummer", "Voorziening", "Geboortedatum", "Naam", "Postcode")
HEADER_ROW = text_row(1, SHORT_HEADERS)
DATE_STYLES = (
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="dd\\-mm\\-yyyy"/></numFmts>'
    '<cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="14"/></cellXfs>'
)


def xlsxwriter_file(write: Callable[[object, object], None], header_at: int = 0) -> bytes:
    """An XLSX made by xlsxwriter (as many systems do), with the standard headers."""
    out = io.BytesIO()
    workbook = xlsxwriter.Workbook(out, {"in_memory": True})
    worksheet = workbook.add_worksheet()
    worksheet.write_row(header_at, 0, HEADERS)
    write(workbook, worksheet)
    workbook.close()
    return out.getvalue()


def _rows_from(first: int, rows: Sequence[Sequence[object]]) -> Callable[[object, object], None]:
    def write(workbook: object, worksheet: object) -> None:
        for offset, values in enumerate(rows):
            worksheet.write_row(first + offset, 0, values)  # type: ignore[attr-defined]

    return write


# --- The corpus ---------------------------------------------------------------------------


def corpus() -> Iterator[OddFile]:
    yield from _csv_files()
    yield from _broken_files()
    yield from _xlsx_files()
    yield from _hostile_xlsx_files()


def _csv_files() -> Iterator[OddFile]:
    ok = Expect(clients=2, name="Zoë Jansen")
    yield OddFile("utf-8, semicolon", csv_bytes(TWO), ok)
    yield OddFile("utf-8 with BOM, comma", csv_bytes(TWO, sep=",", bom=True), ok)
    yield OddFile("windows-1252, tab", csv_bytes(TWO, sep="\t", encoding="cp1252"), ok)
    utf16 = csv_bytes(TWO, sep="\t").decode().encode("utf-16")  # Excel's "Unicode text"
    yield OddFile("utf-16 with BOM, tab", utf16, ok)
    yield OddFile(
        "utf-16-be with BOM", b"\xfe\xff" + csv_bytes(TWO).decode().encode("utf-16-be"), ok
    )
    yield OddFile("utf-16-le without BOM", csv_bytes(TWO).decode().encode("utf-16-le"), ok)
    yield OddFile("utf-32 with BOM", csv_bytes(TWO).decode().encode("utf-32"), ok)
    yield OddFile("old Mac line ends", csv_bytes(TWO).replace(b"\r\n", b"\r"), ok)
    yield OddFile("empty file", b"", Expect(error="leeg"))
    yield OddFile("only blank lines", b"\r\n  \r\n\t\r\n", Expect(error="leeg"))
    yield OddFile("header only", csv_bytes([]), Expect(problem=(None, "", "alleen een kopregel")))
    nul_header = csv_bytes(TWO, headers=[f"{h}\x00" if h == "Naam" else h for h in HEADERS])
    yield OddFile("NUL byte in a header", nul_header, ok)
    nul_name = csv_bytes([row("1001"), row("1002", name="Jan\x00sen")])
    yield OddFile("NUL byte in a name", nul_name, Expect(problem=(3, "Naam", "onleesbaar teken")))
    undefined = csv_bytes([row("1001", name="Zoë")], encoding="cp1252").replace(b"Zo", b"\x81Zo")
    yield OddFile(
        "byte 0x81 (no character in Windows-1252)",
        undefined,
        Expect(problem=(2, "Naam", "onleesbaar teken")),
    )
    yield OddFile(
        "Excel's #N/A in a postcode",
        csv_bytes([row("1001", postcode="#N/A")]),
        Expect(problem=(2, "Postcode", "foutwaarde #N/A")),
    )
    yield OddFile(
        "Dutch Excel's #N/B in a date",
        csv_bytes([row("1001", born="#N/B")]),
        Expect(problem=(2, "Geboortedatum", "foutwaarde #N/B")),
    )
    yield OddFile(
        "client number shortened by Excel",
        csv_bytes([row("1,23457E+17")]),
        Expect(problem=(2, "Cliëntnummer", "ingekort")),
    )
    yield OddFile(
        "date as Excel's number",
        csv_bytes([row("1001", born="18264")]),
        Expect(problem=(2, "Geboortedatum", "Excel bewaart een datum als getal")),
    )
    quote = csv_bytes([row("1001"), row("1002", name="NAAM"), row("1003")])
    quote = quote.replace(b"NAAM", b'"Jansen')
    yield OddFile("a quote never closed", quote, Expect(problem=(3, "Naam", "aanhalingsteken")))
    title = b"Export Wmo 2026;;\r\n\r\n" + csv_bytes(TWO)
    yield OddFile("a title above the header", title, ok)
    duplicate = csv_bytes([[*r, "x"] for r in TWO], headers=[*HEADERS, "Naam"])
    yield OddFile("a repeated header", duplicate, ok)
    short = csv_bytes([row("1001", name="Zoë Jansen")[:8], TWO[1]])
    yield OddFile("a row with fewer cells than the header", short, ok)
    long = csv_bytes([[*TWO[0], "extra", "meer"], TWO[1]])
    yield OddFile("a row with more cells than the header", long, ok)
    wide = csv_bytes(
        [row("1001") + ["x"] * 190], headers=[*HEADERS, *(f"k{i}" for i in range(190))]
    )
    yield OddFile("too many columns", wide, Expect(error="hoogstens 200"))
    trailing = csv_bytes([[*r, *[""] * 250] for r in TWO], headers=[*HEADERS, *[""] * 250])
    yield OddFile("hundreds of empty columns at the end", trailing, ok)
    many = csv_bytes([row(str(1000 + i)) for i in range(6)])
    yield OddFile(
        "too many CSV rows", many, Expect(error="meer dan 3 rijen", limits={"MAX_ROWS": 3})
    )
    line = csv_bytes([row("1001", name="x" * 600)])
    yield OddFile(
        "a line too long", line, Expect(error="langer dan", limits={"MAX_LINE_CHARS": 500})
    )
    too_big = Expect(error="Ervaring leest bestanden tot", limits={"MAX_FILE_BYTES": 100})
    yield OddFile("too big", csv_bytes(TWO), too_big)


def _broken_files() -> Iterator[OddFile]:
    yield OddFile("a PDF", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", Expect(error="PDF"))
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
    yield OddFile("a picture", png, Expect(error="afbeelding"))
    binary = bytes(range(32)) * 64 + b"Naam;Adres\r\n"
    yield OddFile("binary data", binary, Expect(error="geen tabel"))
    yield OddFile("NUL bytes only", b"\x00" * 2048, Expect(error="geen tabel"))
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1024
    yield OddFile("old .xls or encrypted", ole, Expect(error=".xls"))


def _xlsx_files() -> Iterator[OddFile]:
    ok = Expect(clients=2, name="Zoë Jansen")
    yield OddFile("xlsxwriter export", xlsxwriter_file(_rows_from(1, TWO)), ok)

    def dates(workbook: object, worksheet: object) -> None:
        style = workbook.add_format({"num_format": "d-m-yyyy"})  # type: ignore[attr-defined]
        for offset, values in enumerate(TWO, start=1):
            worksheet.write_row(offset, 0, values)  # type: ignore[attr-defined]
            worksheet.write_datetime(offset, 3, date(1945, 3, 12), style)  # type: ignore[attr-defined]

    born = Expect(clients=2, name="Zoë Jansen", born=date(1945, 3, 12))
    yield OddFile("dates with a date format", xlsxwriter_file(dates), born)

    def plain_numbers(workbook: object, worksheet: object) -> None:
        _rows_from(1, TWO)(workbook, worksheet)
        worksheet.write_number(2, 3, 16508)  # type: ignore[attr-defined]

    yield OddFile(
        "a date as a plain number",
        xlsxwriter_file(plain_numbers),
        Expect(problem=(3, "Geboortedatum", "Excel bewaart een datum als getal")),
    )

    def numbers(workbook: object, worksheet: object) -> None:
        _rows_from(1, TWO)(workbook, worksheet)
        worksheet.write_number(1, 0, 1001)  # type: ignore[attr-defined]
        worksheet.write_number(2, 13, 612345678)  # type: ignore[attr-defined]

    yield OddFile("numbers for a client number and a mobile", xlsxwriter_file(numbers), ok)

    def formulas(workbook: object, worksheet: object) -> None:
        _rows_from(1, TWO)(workbook, worksheet)
        worksheet.write_formula(1, 0, '="100"&"1"', None, "1001")  # type: ignore[attr-defined]

    yield OddFile("a formula with its computed value", xlsxwriter_file(formulas), ok)

    def merged(workbook: object, worksheet: object) -> None:
        _rows_from(1, TWO)(workbook, worksheet)
        worksheet.merge_range(1, 5, 2, 5, "Noord")  # type: ignore[attr-defined]

    yield OddFile(
        "merged team cells",
        xlsxwriter_file(merged),
        Expect(problem=(2, "Wijkteam", "F2:F3 zijn samengevoegd")),
    )

    def merged_title(workbook: object, worksheet: object) -> None:
        worksheet.merge_range(0, 0, 0, 3, "Populatie Wmo 2026")  # type: ignore[attr-defined]
        _rows_from(2, TWO)(workbook, worksheet)

    titled = xlsxwriter_file(merged_title, header_at=1)
    yield OddFile("a merged title above the header", titled, ok)
    inline = sheet(HEADER_ROW + text_row(2, ["1001", "Begeleiding", "1950-02-01", "Zoë Jansen"]))
    yield OddFile("inline strings", xlsx(inline), Expect(clients=1, name="Zoë Jansen"))
    rich = sheet(
        HEADER_ROW
        + '<row r="2">'
        + cell("A2", 0, kind="s")
        + cell("B2", 1, kind="s")
        + cell("D2", 2, kind="s")
        + "</row>"
    )
    shared = ["<t>1001</t>", "<t>Begeleiding</t>", "<r><t>Zoë </t></r><r><rPr/><t>Jansen</t></r>"]
    yield OddFile(
        "shared strings with rich text",
        xlsx(rich, shared=shared),
        Expect(clients=1, name="Zoë Jansen"),
    )
    serial_1904 = (date(1950, 2, 1) - date(1904, 1, 1)).days
    system_1904 = sheet(
        HEADER_ROW
        + f'<row r="2">{cell("A2", "1001", kind="inlineStr")}'
        + f"{cell('B2', 'Begeleiding', kind='inlineStr')}{cell('C2', serial_1904, style=1)}</row>"
    )
    yield OddFile(
        "the 1904 date system",
        xlsx(system_1904, styles=DATE_STYLES, workbook_pr='<workbookPr date1904="1"/>'),
        Expect(clients=1, born=date(1950, 2, 1)),
    )
    no_value = sheet(
        HEADER_ROW
        + f'<row r="2">{cell("A2", "1001", kind="inlineStr")}'
        + f'{cell("B2", "Begeleiding", kind="inlineStr")}<c r="D2"><f>A2&amp;"x"</f></c></row>'
    )
    yield OddFile(
        "a formula without a computed value",
        xlsx(no_value),
        Expect(problem=(2, "Naam", "formule")),
    )
    error = sheet(
        HEADER_ROW
        + f'<row r="2">{cell("A2", "1001", kind="inlineStr")}'
        + f"{cell('B2', 'Begeleiding', kind='inlineStr')}{cell('E2', '#N/A', kind='e')}</row>"
    )
    yield OddFile("an error cell", xlsx(error), Expect(problem=(2, "Postcode", "foutwaarde #N/A")))
    no_refs = sheet(
        '<row><c t="inlineStr"><is><t>Cliëntnummer</t></is></c>'
        '<c t="inlineStr"><is><t>Voorziening</t></is></c></row>'
        '<row><c><v>1001</v></c><c t="inlineStr"><is><t>Hbh</t></is></c></row>'
    )
    yield OddFile("cells without references", xlsx(no_refs), Expect(clients=1))
    hidden_first = xlsx(
        "",
        sheets='<sheet name="Oud" sheetId="1" state="hidden" r:id="rId1"/>'
        '<sheet name="Blad2" sheetId="2" r:id="rId2"/>',
        sheet_path="",
        extra={
            "xl/worksheets/sheet1.xml": sheet(text_row(1, ["Oud"])),
            "xl/worksheets/sheet2.xml": sheet(HEADER_ROW + text_row(2, ["1001", "Begeleiding"])),
        },
    )
    yield OddFile("a hidden first sheet", hidden_first, Expect(clients=1))
    styled_far = sheet(
        HEADER_ROW
        + text_row(2, ["1001", "Begeleiding"])
        + '<row r="1048576"><c r="XFD1048576" s="1"/></row>'
    )
    yield OddFile("an empty styled cell far away", xlsx(styled_far), Expect(clients=1))
    yield OddFile("an empty sheet", xlsx(sheet("")), Expect(error="leeg"))
    yield OddFile(
        "a header only",
        xlsx(sheet(HEADER_ROW)),
        Expect(problem=(None, "", "alleen een kopregel")),
    )
    rows = "".join(text_row(n, [str(1000 + n), "Begeleiding"]) for n in range(2, 8))
    yield OddFile(
        "too many XLSX rows",
        xlsx(sheet(HEADER_ROW + rows)),
        Expect(error="meer dan 3 rijen", limits={"MAX_ROWS": 3}),
    )


def _hostile_xlsx_files() -> Iterator[OddFile]:
    far = sheet(
        HEADER_ROW + '<row r="1048576">' + cell("XFD1048576", 1) + "</row>",
        dimension="A1:XFD1048576",
    )
    yield OddFile("a value in XFD1048576", xlsx(far), Expect(error="XFD1048576"))
    far_row = sheet(HEADER_ROW + '<row r="1048576">' + cell("A1048576", 1) + "</row>")
    yield OddFile(
        "a value in A1048576",
        xlsx(far_row),
        Expect(problem=(1048576, "Voorziening", "Voorziening(en) ontbreekt")),
    )
    wide = sheet(HEADER_ROW + '<row r="2">' + cell("HA2", 1) + "</row>")
    yield OddFile("a value in column HA", xlsx(wide), Expect(error="HA2"))
    big = sheet(HEADER_ROW + "".join(text_row(n, ["x" * 50, "y"]) for n in range(2, 500)))
    yield OddFile(
        "a zip bomb (more XML than allowed)",
        xlsx(big),
        Expect(error="uitgepakt veel groter", limits={"MAX_SHEET_XML_BYTES": 20_000}),
    )
    entities = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
        + sheet(HEADER_ROW + text_row(2, ["&lol2;", "x"]))
    )
    yield OddFile("entity declarations", xlsx(entities), Expect(error="beschadigd"))
    whole = xlsx(sheet(HEADER_ROW + text_row(2, ["1001", "Begeleiding"])))
    yield OddFile("a truncated file", whole[: len(whole) // 2], Expect(error="beschadigd"))
    yield OddFile("a missing sheet", xlsx("", sheet_path=""), Expect(error="beschadigd"))
    bad_index = sheet(HEADER_ROW + '<row r="2">' + cell("A2", 7, kind="s") + "</row>")
    missing = xlsx(bad_index, shared=["<t>a</t>"])
    yield OddFile("a string that is not there", missing, Expect(error="beschadigd"))
    yield OddFile("broken XML", xlsx("<worksheet><sheetData><row>"), Expect(error="beschadigd"))
    word = _zip({"word/document.xml": "<w/>"})
    yield OddFile("a Word file", word, Expect(error="geen Excel-bestand"))
    ods = _zip(
        {"mimetype": "application/vnd.oasis.opendocument.spreadsheet", "content.xml": "<x/>"}
    )
    yield OddFile("an OpenDocument sheet", ods, Expect(error=".ods"))


def _zip(parts: dict[str, str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return out.getvalue()
