"""The report as a stand-alone HTML file and as an accessible PDF (PDF/UA-1).

One template (``reporting/report_document.html``) serves both: the HTML file carries its
stylesheet inline so it can be mailed or put on the website as it is; WeasyPrint reads the
same stylesheet for the PDF, whose ``@page`` rules give the cover, running footer and page
numbers. PDF/UA needs a tagged structure, a title and a document language: the tags come
from ``pdf_variant="pdf/ua-1"``, the language from ``<html lang="nl">``, the bookmarks from
the headings (WeasyPrint makes an outline entry per ``h1``-``h3``).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from django.template.loader import render_to_string

from ervaring.accounts.branding import house_style_css
from ervaring.reporting.council_letter import CouncilLetter
from ervaring.reporting.report_context import Report

STYLESHEET = Path(__file__).resolve().parent / "static" / "reporting" / "report.css"


@cache
def stylesheet() -> str:
    return STYLESHEET.read_text(encoding="utf-8")


def render_html(report: Report, *, for_print: bool = False) -> str:
    """The report as one self-contained HTML document (stylesheet inline)."""
    return render_to_string(
        "reporting/report_document.html",
        {
            "report": report,
            "inline_css": stylesheet() + house_style_css(report.house_colour),
            "for_print": for_print,
        },
    )


def render_pdf(report: Report) -> bytes:
    """The report as a tagged PDF/UA-1 with bookmarks, title and language."""
    from weasyprint import HTML  # heavy import (pango, fonts): only where a PDF is made

    html = render_html(report, for_print=True)
    document = HTML(string=html, base_url=str(STYLESHEET.parent))
    return document.write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True)


def render_council_letter_pdf(letter: CouncilLetter) -> bytes:
    """The council letter (raadsbrief) as a tagged PDF/UA-1."""
    from weasyprint import HTML  # heavy import: only where a PDF is made

    html = render_to_string(
        "reporting/report_raadsbrief.html",
        {"letter": letter, "inline_css": stylesheet() + house_style_css(letter.house_colour)},
    )
    document = HTML(string=html, base_url=str(STYLESHEET.parent))
    return document.write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True)
