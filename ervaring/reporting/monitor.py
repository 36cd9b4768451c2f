"""The figures for the Gemeentelijke Monitor Sociaal Domein, as a CSV per year.

The monitor's CEO indicators are the % "(helemaal) mee eens" on the national standard
questions (``wmo-1`` ... ``wmo-10``, ``jeugd-ouder-*``, ``jeugd-jongere-*``), with n; for the
yes/no standard question (the independent client supporter) it is the % "ja". Questions
are matched on their ``standard`` id, so a local questionnaire that kept the standard
questions delivers the same indicators. Earlier years come from the stored trend figures;
the survey's own year from the analysis rows. A suppressed figure is left empty.
"""

from __future__ import annotations

import csv
import io

from ervaring.analysis.models import TrendResult
from ervaring.analysis.results import OVERALL
from ervaring.reporting.report_context import ReportInputs
from ervaring.reporting.tablebook import safe_text
from ervaring.stats.codes import TOTAL_LABEL

HEADER = ("jaar", "gemeente", "wet", "indicator", "vraag", "maat", "percentage", "n", "bron")


def monitor_rows(inputs: ReportInputs) -> list[dict[str, object]]:
    """One row per year and standard question, oldest year first."""
    survey = inputs.survey
    standards = {
        q.standard: q
        for q in inputs.questionnaire.questions()
        if q.standard and q.type in ("agree", "satisfaction", "yesno")
    }
    rows: list[dict[str, object]] = []
    for trend in TrendResult.objects.filter(
        organisation=survey.organisation,
        law=survey.law,
        year__lt=inputs.year,
        question__in=list(standards),
    ).order_by("year", "question"):
        question = standards[trend.question]
        rows.append(_row(inputs, trend.year, question, trend.pct_agree, trend.n, "eerder jaar"))
    for question in standards.values():
        result = inputs.rows.get((question.id, OVERALL, TOTAL_LABEL, None))
        if result is None:
            continue
        value = None if result.suppressed else result.value
        rows.append(_row(inputs, inputs.year, question, value, result.n, "dit onderzoek"))
    return sorted(rows, key=lambda r: (r["jaar"], _order(str(r["indicator"]))))


def _order(standard: str) -> tuple[str, int]:
    prefix, _, number = standard.rpartition("-")
    return (prefix, int(number) if number.isdigit() else 0)


def _row(inputs, year, question, value, n, source) -> dict[str, object]:
    return {
        "jaar": year,
        "gemeente": inputs.survey.organisation.name,
        "wet": inputs.survey.law,
        "indicator": question.standard,
        "vraag": question.text.get("nl"),
        "maat": "% ja" if question.type == "yesno" else "% (helemaal) mee eens",
        "percentage": "" if value is None else f"{value:.1f}",
        "n": "" if value is None or n is None else n,
        "bron": source,
    }


def monitor_csv(inputs: ReportInputs) -> str:
    """The monitor rows as CSV text (comma separated, decimal point, UTF-8)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=HEADER, lineterminator="\n")
    writer.writeheader()
    for row in monitor_rows(inputs):
        writer.writerow({k: safe_text(v) for k, v in row.items()})
    return buffer.getvalue()
