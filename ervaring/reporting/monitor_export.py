"""The quarterly monitor as files: CSV and Excel of the time series, and the quarterly edition.

The quarterly edition puts one quarter of a continuous survey together: the quarter's
registration figures, the survey's figures for that quarter's three monthly cohorts (% eens
per statement, with the report's suppression) and the signals that were open in it. The
same rows feed the page and the PDF.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.template.loader import render_to_string

from ervaring.accounts.models import Organisation
from ervaring.analysis import results as res
from ervaring.analysis.models import Alert
from ervaring.analysis.selections import provision_memberships
from ervaring.analysis.snapshots import get_snapshot
from ervaring.questionnaires.models import Survey
from ervaring.reporting import quarterly
from ervaring.reporting.registration import quarter_months
from ervaring.reporting.report_render import STYLESHEET, stylesheet
from ervaring.reporting.tablebook import safe_text
from ervaring.stats.rounding import round_half_up

HEADER = (
    "indicator",
    "eenheid",
    "wet",
    "kwartaal",
    "waarde",
    "ervaringsvraag",
    "% eens",
    "n",
    "onderdrukt",
)


def quarter_bounds(quarter: str) -> tuple[date, date]:
    """First and last day of a quarter like "2026-K3"."""
    months = quarter_months(quarter)
    year, first_month = int(months[0][:4]), int(months[0][5:])
    first = date(year, first_month, 1)
    following = date(year + 1, 1, 1) if first_month == 10 else date(year, first_month + 3, 1)
    return first, following - timedelta(days=1)


def _records(series: Sequence[quarterly.IndicatorSeries]) -> list[list[object]]:
    records = []
    for s in series:
        i = s.indicator
        for row in s.rows:
            e = row.experience
            records.append(
                [
                    i.name,
                    i.unit,
                    i.get_law_display() if i.law else "",
                    row.quarter,
                    None if row.value is None else float(row.value),
                    s.question_text,
                    None if e is None or e.value is None else round(e.value, 1),
                    None if e is None else e.n,
                    "ja" if e and e.suppressed else "",
                ]
            )
    return records


def series_csv(series: Sequence[quarterly.IndicatorSeries]) -> str:
    """One row per indicator and quarter; ';' and decimal comma, as Dutch Excel opens it."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(HEADER)
    for record in _records(series):
        writer.writerow(
            [safe_text(str(v).replace(".", ",") if isinstance(v, float) else v) for v in record]
        )
    return out.getvalue()


def series_xlsx(series: Sequence[quarterly.IndicatorSeries]) -> bytes:
    import xlsxwriter  # heavy enough to keep off the URL path

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    sheet = book.add_worksheet("Kwartaalmonitor")
    bold = book.add_format({"bold": True})
    sheet.write_row(0, 0, HEADER, bold)
    for r, record in enumerate(_records(series), start=1):
        for c, value in enumerate(record):
            if isinstance(value, int | float):
                sheet.write_number(r, c, value)
            elif value:
                sheet.write_string(r, c, safe_text(value))
    sheet.set_column(0, 0, 40)
    sheet.set_column(5, 5, 50)
    book.close()
    return buffer.getvalue()


@dataclass(frozen=True)
class StatementRow:
    text: str
    value: str
    n: int | None
    suppressed: bool


@dataclass(frozen=True)
class QuarterEdition:
    organisation: str
    survey: Survey
    quarter: str
    first: date
    last: date
    registration: list[tuple[str, str, str]]  # (indicator, value, % eens beside it)
    statements: list[StatementRow]
    responses: int
    alerts: list[Alert]
    min_n: int


def quarter_edition(
    organisation: Organisation, survey: Survey, quarter: str, alerts: list[Alert]
) -> QuarterEdition:
    series = quarterly.monitor_series(organisation, survey, [quarter])
    registration = [
        (
            s.indicator.name,
            quarterly.format_value(s.rows[0].value, s.indicator.unit),
            quarterly.format_experience(s.rows[0].experience, survey.min_group_size),
        )
        for s in series
    ]
    statements, responses = _statements(survey, quarter)
    first, last = quarter_bounds(quarter)
    return QuarterEdition(
        organisation.name,
        survey,
        quarter,
        first,
        last,
        registration,
        statements,
        responses,
        alerts,
        survey.min_group_size,
    )


def _statements(survey: Survey, quarter: str) -> tuple[list[StatementRow], int]:
    """% eens per statement among the responses of the quarter's monthly cohorts."""
    snapshot = get_snapshot(survey)
    frame = snapshot.dataset.frame
    if frame.empty:
        return [], 0
    mask = frame["period"].isin(quarter_months(quarter)).to_numpy(bool)
    if not mask.any():
        return [], 0
    subset = frame[mask]
    questions = [q for q in snapshot.scale_questions if q.type == "agree"]
    rows = res.question_results(
        subset,
        questions,
        res.build_design(subset, snapshot.dataset.population),
        min_n=snapshot.dataset.min_n,
        strata_groups=provision_memberships(snapshot, mask.nonzero()[0]),
    )
    overall = {r.question_id: r for r in rows if r.breakdown == res.OVERALL and r.is_total}
    found = []
    for q in questions:
        row = overall.get(q.id)
        if row is None:
            continue
        shown = "" if row.value is None else f"{round_half_up(row.value)}%"
        found.append(StatementRow(q.text, shown, row.n, row.suppressed))
    return found, int(mask.sum())


def render_quarter_pdf(edition: QuarterEdition) -> bytes:
    """The quarterly edition as a tagged PDF/UA-1, with the report's stylesheet."""
    from weasyprint import HTML  # heavy import: only where a PDF is made

    html = render_to_string(
        "reporting/quarter_document.html", {"edition": edition, "inline_css": stylesheet()}
    )
    return HTML(string=html, base_url=str(STYLESHEET.parent)).write_pdf(
        pdf_variant="pdf/ua-1", pdf_tags=True
    )
