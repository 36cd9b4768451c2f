"""How full a printed page is (used on the demo's report, raadsbrief and quarterly report in
``ervaring/demo/tests/test_demo_report_pages.py``), and breakdown tables readable at any
number of groups.

A page's fill is how far down its content area (inside the @page margins, so without the
footer's page number) the lowest ink reaches, measured on the rendered page. A page filled
less than :data:`MIN_FILL` is the "half-empty page" the issue names: on paper that is where
a reader sees a gap, and with the report's tables and charts flowing (only a short table or
a chart moves whole to the next page) nothing needs that much room. Exempt are the cover,
the last page (the document ends there), and a page followed by a chapter start: a chapter
opens on a new page, as in the seed reports.
"""

import subprocess

from PIL import Image

from ervaring.reporting.report_context import Cell, Table
from ervaring.reporting.report_themes import MAX_GROUP_COLUMNS, split_columns

#: Below this share of its content area a page counts as half empty.
MIN_FILL = 0.5
#: The @page margins of report.css (top, bottom) in mm, and A4's height.
MARGIN_TOP, MARGIN_BOTTOM, PAGE_HEIGHT = 20, 22, 297
#: The report's chapters (h2 with class "major" in _report_body.html): each opens a page.
CHAPTERS = (
    "Inhoud",
    "Samenvatting",
    "Inleiding",
    "Onderzoeksverantwoording",
    "Bevindingen en aanbevelingen",
    "Resultaten per thema",
    "Wat cliënten zelf schrijven",
    "Wat cliënten vertellen in interviews",
    "Registratiecijfers per kwartaal",
    "Klachten",
    "Bijlage: representativiteit",
)


def page_fills(pdf: bytes, tmp_path, name: str) -> list[float]:
    """Per page: the share of the content area's height down to the lowest ink."""
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "40", "-gray", "-png", path, tmp_path / name], check=True)
    fills = []
    for png in sorted(tmp_path.glob(f"{name}-*.png")):
        with Image.open(png) as page:
            width, height = page.size
            top = round(height * MARGIN_TOP / PAGE_HEIGHT)
            bottom = height - round(height * MARGIN_BOTTOM / PAGE_HEIGHT)
            area = page.crop((0, top, width, bottom)).point(lambda v: 255 if v < 200 else 0)
            box = area.getbbox()  # the ink's bounding box, None on an empty page
            fills.append(0.0 if box is None else box[3] / (bottom - top))
    return fills


def page_texts(pdf_path) -> list[str]:
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf_path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return text.split("\f")


def half_empty(fills: list[float], texts: list[str]) -> list[tuple[int, int]]:
    """(page number, % filled) of every page under :data:`MIN_FILL` that is not exempt."""
    found = []
    for number, fill in enumerate(fills, start=1):
        if number == 1 or number == len(fills) or fill >= MIN_FILL:
            continue
        following = texts[number].strip() if number < len(texts) else ""
        if following.startswith(CHAPTERS):
            continue
        found.append((number, round(100 * fill)))
    return found


def test_the_fill_measure_sees_a_half_empty_page(tmp_path):
    """The measure itself: a page with a few lines at the top is half empty, a full one is not."""
    from weasyprint import HTML

    css = "@page { size: A4; margin: 20mm 18mm 22mm 18mm; } p { margin: 0 0 4mm; }"
    full = '<p>Een regel.</p><div style="height: 240mm; border-bottom: 2px solid"></div>'
    short = '<p style="break-before: page">Een regel.</p>' + "<p>Een regel.</p>" * 4
    chapter = '<h2 style="break-before: page">Klachten</h2>'
    pdf = HTML(string=f"<style>{css}</style>{full}{short}{chapter}").write_pdf()
    fills = page_fills(pdf, tmp_path, "proef")
    assert fills[0] > 0.9
    assert fills[1] < MIN_FILL
    assert page_texts(tmp_path / "proef.pdf")[2].strip() == "Klachten"


def test_a_short_page_counts_unless_it_is_the_cover_the_last_or_before_a_chapter():
    fills = [0.2, 0.9, 0.2, 0.3, 0.2, 0.1]
    texts = ["Omslag", "Tekst", "Tekst", "  Klachten\nIn 2025", "Tekst", "Tekst", ""]
    # Page 3 is followed by the chapter Klachten; pages 4 and 5 are followed by more text.
    assert half_empty(fills, texts) == [(4, 30), (5, 20)]


def _breakdown(groups: int) -> Table:
    statements = ("Ik werd snel geholpen.", "De medewerker nam mij serieus.")
    return Table(
        caption="Toegang: % eens per team",
        header=("Stelling", *(f"Wijkteam {n}" for n in range(1, groups + 1))),
        rows=tuple((Cell(s), *(Cell(f"{60 + n}%") for n in range(groups))) for s in statements),
        notes=("Een toelichting.",),
    )


def test_twelve_teams_make_two_tables_of_six_each_with_the_statements():
    parts = split_columns(_breakdown(12))
    assert [len(p.header) - 1 for p in parts] == [6, 6]
    assert [h for p in parts for h in p.header[1:]] == [f"Wijkteam {n}" for n in range(1, 13)]
    for part in parts:
        assert part.header[0] == "Stelling"
        assert [row[0].text for row in part.rows] == [
            "Ik werd snel geholpen.",
            "De medewerker nam mij serieus.",
        ]
    assert parts[1].rows[0][6].text == "71%"  # the twelfth team's figure, in its own column
    assert parts[0].notes == () and parts[1].notes == ("Een toelichting.",)
    assert parts[0].caption == "Toegang: % eens per team (deel 1 van 2)"


def test_groups_are_split_evenly_and_a_table_that_fits_stays_whole():
    assert [len(p.header) - 1 for p in split_columns(_breakdown(7))] == [4, 3]
    table = _breakdown(MAX_GROUP_COLUMNS)
    assert split_columns(table) == (table,)
