"""The report's and raadsbrief's short section on registration figures per quarter.

Only when the organisation has registration figures for the survey's law (or for no law in
particular): a table of the last quarters up to the end of the report's year, one row per
indicator, with the survey's own % eens beside it where the indicator is paired with a
standard question. The letter gets the same in a few sentences. Numbers are printed the
Dutch way (:mod:`ervaring.stats.rounding`).
"""

from __future__ import annotations

from ervaring.analysis.results import OVERALL
from ervaring.reporting.models import RegistrationIndicator
from ervaring.reporting.quarterly import format_value
from ervaring.reporting.report_context import Cell, RegistrationSection, ReportInputs, Table
from ervaring.stats.codes import TOTAL_LABEL
from ervaring.stats.rounding import round_half_up

#: Two years of quarters: enough to see a trend, narrow enough for a printed page.
QUARTERS_SHOWN = 8
ORDINALS = {"1": "eerste", "2": "tweede", "3": "derde", "4": "vierde"}


def quarter_label(quarter: str) -> str:
    """ "2026-K3" -> "het derde kwartaal van 2026"."""
    year, number = quarter.split("-K")
    return f"het {ORDINALS[number]} kwartaal van {year}"


def build_registration(inputs: ReportInputs) -> RegistrationSection | None:
    survey = inputs.survey
    indicators = [
        i
        for i in RegistrationIndicator.objects.filter(
            organisation=survey.organisation, law__in=("", survey.law)
        ).prefetch_related("values")
        if i.values.all()
    ]
    last = f"{inputs.year}-K4"
    quarters = sorted({v.quarter for i in indicators for v in i.values.all() if v.quarter <= last})
    quarters = quarters[-QUARTERS_SHOWN:]
    if not quarters:
        return None
    rows, sentences = [], []
    for indicator in indicators:
        values = {v.quarter: v.value for v in indicator.values.all()}
        shown = [format_value(values.get(q), indicator.unit) for q in quarters]
        experience, sentence_end = _experience(inputs, indicator.experience_question)
        rows.append((Cell(indicator.name), *(Cell(s) for s in shown), Cell(experience)))
        present = [q for q in quarters if q in values]
        if present:
            sentences.append(_sentence(indicator, values, present) + sentence_end)
    table = Table(
        caption=f"Registratiecijfers per kwartaal naast de uitkomst van {inputs.year}",
        header=("Cijfer", *quarters, f"% eens {inputs.year}"),
        rows=tuple(rows),
        notes=(
            "De registratiecijfers komen uit de eigen registratie van de gemeente. De laatste "
            "kolom is het percentage cliënten dat het eens is met de stelling die erbij hoort.",
        ),
    )
    return RegistrationSection(table, tuple(sentences))


def _sentence(indicator: RegistrationIndicator, values: dict, present: list[str]) -> str:
    first, last = present[0], present[-1]
    now = format_value(values[last], indicator.unit)
    if first == last:
        return f"{indicator.name}: {now} in {quarter_label(last)}."
    before = format_value(values[first], indicator.unit)
    return (
        f"{indicator.name}: {now} in {quarter_label(last)}, "
        f"tegen {before} in {quarter_label(first)}."
    )


def _experience(inputs: ReportInputs, standard: str) -> tuple[str, str]:
    """(table cell, sentence ending) for the paired standard question, or ("–", "")."""
    question = next((q for q in inputs.questionnaire.questions() if q.standard == standard), None)
    if not standard or question is None:
        return "–", ""
    row = inputs.rows.get((question.id, OVERALL, TOTAL_LABEL, None))
    if row is None or row.suppressed or row.value is None:
        return "–", ""
    pct = round_half_up(row.value)
    text = str(question.text.get("nl", "")).rstrip(".")
    return f"{pct}% (n={row.n})", f" Van de cliënten is {pct}% het eens met '{text}'."
