import logging
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandParser

from ervaring.reporting import docx_report, report_render
from ervaring.reporting.council_letter_forms import load_council_letter
from ervaring.reporting.management.commands._reporting import analyse, get_survey, write
from ervaring.reporting.report import build_report

FORMATS = ("pdf", "html", "docx", "raadsbrief-docx", "raadsbrief-pdf")


class Command(BaseCommand):
    help = (
        "Write the survey's report: an accessible PDF (PDF/UA), a self-contained HTML file, "
        "an editable Word file, or the council letter (raadsbrief) as Word or PDF."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--survey", required=True, help="survey slug")
        parser.add_argument("--format", choices=FORMATS, default="pdf")
        parser.add_argument("--out", required=True, help="the file to write")

    def handle(self, *args: object, **options: object) -> None:
        logging.getLogger("weasyprint").setLevel(logging.WARNING)
        logging.getLogger("fontTools").setLevel(logging.WARNING)
        survey = get_survey(str(options["survey"]))
        inputs = analyse(survey, self.stdout.write)
        started = time.perf_counter()
        report = build_report(survey, inputs)
        self.stdout.write(
            f"report built: {len(report.themes)} themes "
            f"({time.perf_counter() - started:.1f} s); rendering {options['format']} ..."
        )
        started = time.perf_counter()
        fmt = str(options["format"])
        if fmt == "pdf":
            content = report_render.render_pdf(report)
        elif fmt == "html":
            content = report_render.render_html(report).encode("utf-8")
        elif fmt == "docx":
            content = docx_report.render_docx(report)
        elif fmt == "raadsbrief-docx":
            content = docx_report.render_council_letter(load_council_letter(survey, report))
        else:
            content = report_render.render_council_letter_pdf(load_council_letter(survey, report))
        self.stdout.write(f"... rendered ({time.perf_counter() - started:.1f} s)")
        write(Path(str(options["out"])), content, self.stdout.write)
