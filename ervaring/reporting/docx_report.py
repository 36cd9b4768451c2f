"""The report and the council letter as DOCX, for a policy officer to edit in Word.

Built from the same :class:`~ervaring.reporting.report_context.Report` as the HTML and the
PDF, so the figures are identical. Headings use Word's own heading styles (the navigation
pane and a generated table of contents work), tables get a header row that repeats on
every page, and the document language is Dutch. Charts are SVG, which Word cannot take
from python-docx; each chart's figures are in the table right below it, as in the PDF.
"""

from __future__ import annotations

import io

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

from ervaring.reporting.council_letter import CouncilLetter
from ervaring.reporting.report_context import InterviewChapter, Report, Table


def _colour(hex_colour: str) -> RGBColor:
    """The house colour (#rrggbb, contrast checked when saved) for Word runs."""
    return RGBColor.from_string(hex_colour.lstrip("#").upper())


def render_docx(report: Report) -> bytes:
    """The whole report as an editable Word document."""
    document = _document(report.title, report.organisation)
    document.add_heading(report.title, level=0)
    document.add_paragraph(f"{report.organisation} · rapport van {report.made_on:%d-%m-%Y}")
    _section(document, "Samenvatting", bullets=report.summary)
    _section(document, "Inleiding", paragraphs=report.introduction)
    document.add_heading("Onderzoeksverantwoording", level=1)
    method = report.method
    for label, value in (
        ("Doelgroep", method.target_group),
        ("Veldwerkmethode", method.channels),
        ("Veldwerkperiode", method.period),
        ("Respons", f"{report.respondents} respondenten ({method.response_rate})"),
        ("Foutmarge", method.margin),
    ):
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{label}: ").bold = True
        paragraph.add_run(value)
    _table(document, method.table)
    for text in (*method.paragraphs, report.open_answers_note, report.interviews_note):
        if text:
            document.add_paragraph(text)
    document.add_heading("Bevindingen en aanbevelingen", level=1)
    _section(document, "Pluspunten", bullets=report.findings.plus_points, level=2)
    _section(document, "Aandachtspunten", bullets=report.findings.attention_points, level=2)
    _section(document, "Aanbevelingen", bullets=report.findings.recommendations, level=2)
    document.add_heading("Resultaten per thema", level=1)
    for theme in report.themes:
        document.add_heading(theme.title, level=2)
        headline = document.add_paragraph()
        run = headline.add_run(theme.headline.upper())
        run.bold, run.font.color.rgb = True, _colour(report.house_colour)
        if theme.text:
            document.add_paragraph(theme.text)
        tables = (
            theme.statement_table,
            *theme.other_tables,
            theme.trend_table,
            theme.benchmark_table,
        )
        for table in (*tables, *theme.breakdown_tables):
            if table is not None:
                _table(document, table)
    if report.open_chapters:
        document.add_heading("Wat cliënten zelf schrijven", level=1)
    for chapter in report.open_chapters:
        document.add_heading(chapter.title, level=2)
        for text in (chapter.intro, chapter.note):
            if text:
                document.add_paragraph(text)
        for table in chapter.tables:
            _table(document, table)
        for text, themes in chapter.quotes:
            document.add_paragraph(f"‘{text}’" + (f" ({themes})" if themes else ""), style="Quote")
    if report.interview_chapter is not None:
        _interview_chapter(document, report.interview_chapter)
    if report.complaints:
        _section(document, "Klachten", paragraphs=report.complaints.paragraphs)
        if report.complaints.table:
            _table(document, report.complaints.table)
    appendix = report.appendix
    document.add_heading("Bijlage: representativiteit, betrouwbaarheid en foutmarge", level=1)
    _section(document, "Representativiteit", paragraphs=appendix.representativeness_text, level=2)
    for table in appendix.representativeness:
        _table(document, table)
    _section(document, "Betrouwbaarheid", paragraphs=appendix.reliability_text, level=2)
    _section(document, "Foutmarge", paragraphs=appendix.margin_text, level=2)
    return _bytes(document)


def _interview_chapter(document, chapter: InterviewChapter) -> None:
    document.add_heading("Wat cliënten vertellen in interviews", level=1)
    document.add_paragraph(chapter.intro)
    for table in chapter.tables:
        _table(document, table)
    if chapter.comparison is not None:
        document.add_heading("Vergeleken met de vorige ronde", level=2)
        _table(document, chapter.comparison)
    if chapter.quotes:
        document.add_heading("Wat geïnterviewden vertelden", level=2)
    for text, source in chapter.quotes:
        document.add_paragraph(f"‘{text}’ ({source})", style="Quote")


def render_council_letter(letter: CouncilLetter) -> bytes:
    """The council letter (raadsbrief) as an editable Word document, in the letter's shape."""
    document = _document(letter.subject, letter.organisation)
    sender = document.add_paragraph().add_run(letter.organisation)
    sender.bold, sender.font.color.rgb = True, _colour(letter.house_colour)
    for label, value in (
        ("Aan", letter.addressee),
        ("Datum", letter.date_text),
        ("Ons kenmerk", letter.reference),
        ("Bijlage", letter.attachment),
    ):
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{label}: ").bold = True
        paragraph.add_run(value)
    document.add_heading(f"Onderwerp: {letter.subject}", level=1)
    for text in ("Geachte leden van de raad,", *letter.summary):
        document.add_paragraph(text)
    _section(document, "Uitkomsten per thema", level=2)
    for title, sentence in letter.themes:
        item = document.add_paragraph(style="List Bullet")
        item.add_run(f"{title} ").bold = True
        item.add_run(sentence)
    _section(document, "Vergeleken met vorig jaar", paragraphs=letter.comparison, level=2)
    if letter.references:
        _section(
            document,
            "Vergeleken met andere gemeenten en landelijk",
            paragraphs=(letter.reference_intro,),
            bullets=letter.references,
            level=2,
        )
    if letter.registration:
        _section(
            document, "Registratiecijfers per kwartaal", paragraphs=letter.registration, level=2
        )
    if letter.complaints:
        _section(document, "Klachten", paragraphs=letter.complaints, level=2)
    _section(document, "Wat het college gaat doen", bullets=letter.actions, level=2)
    for text in (
        "Het volledige rapport vindt u in de bijlage.",
        "Met vriendelijke groet,",
        f"{letter.college},",
        f"de secretaris, {letter.secretary}".rstrip(", "),
        f"de burgemeester, {letter.mayor}".rstrip(", "),
    ):
        document.add_paragraph(text)
    return _bytes(document)


def _document(title: str, author: str) -> Document:
    document = Document()
    document.core_properties.title = title
    document.core_properties.author = author
    document.core_properties.language = "nl-NL"
    styles = document.styles
    styles["Normal"].font.name = "Arial"
    styles["Normal"].font.size = Pt(10.5)
    # Proofing and screen readers read the language from the run properties.
    run_properties = styles["Normal"].element.get_or_add_rPr()
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), "nl-NL")
    run_properties.append(language)
    return document


def _section(document, title, *, paragraphs=(), bullets=(), level: int = 1) -> None:
    document.add_heading(title, level=level)
    for text in paragraphs:
        document.add_paragraph(text)
    for text in bullets:
        document.add_paragraph(text, style="List Bullet")


def _table(document, table: Table) -> None:
    caption = document.add_paragraph()
    caption.add_run(table.caption).bold = True
    grid = document.add_table(rows=1, cols=len(table.header))
    grid.style = "Table Grid"
    header = grid.rows[0]
    for cell, text in zip(header.cells, table.header, strict=True):
        cell.text = text
        cell.paragraphs[0].runs[0].bold = True
    # Repeat the header row on every page (w:tblHeader).
    properties = header._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    properties.append(repeat)
    for row in table.rows:
        cells = grid.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = value.text + (f" ({value.note})" if value.note else "")
    for note in table.notes:
        document.add_paragraph(note).runs[0].italic = True


def _bytes(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
