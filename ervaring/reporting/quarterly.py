"""The monitor's rows: each registration indicator per quarter, beside its experience figure.

The experience figure of a quarter is the % "(helemaal) mee eens" on the configured standard
question among the continuous survey's responses of that quarter's three monthly cohorts
(the dataset's ``period``), computed by the same engine as the report, so the same minimum
n hides it. Templates, the downloads and the report only display these rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ervaring.accounts.models import Organisation
from ervaring.analysis import results as res
from ervaring.analysis.selections import provision_memberships
from ervaring.analysis.snapshots import get_snapshot
from ervaring.fieldwork.models import FieldworkSettings
from ervaring.questionnaires.models import Survey
from ervaring.reporting.models import RegistrationIndicator
from ervaring.reporting.registration import quarter_months
from ervaring.stats.rounding import decimal, round_half_up

UNIT_SUFFIX = {"aantal": "", "percentage": "%", "dagen": " dagen"}


@dataclass(frozen=True)
class Experience:
    """% eens in one quarter; all None when suppressed or without answers."""

    value: float | None
    n: int | None
    suppressed: bool


@dataclass(frozen=True)
class QuarterRow:
    quarter: str
    value: Decimal | None
    experience: Experience | None


@dataclass(frozen=True)
class IndicatorSeries:
    indicator: RegistrationIndicator
    question_text: str
    rows: tuple[QuarterRow, ...]

    @property
    def has_experience(self) -> bool:
        return bool(self.question_text)


def continuous_surveys(organisation: Organisation) -> list[Survey]:
    """The organisation's surveys measured continuously (monthly cohorts), newest first."""
    ids = FieldworkSettings.objects.filter(
        survey__organisation=organisation, is_continuous=True
    ).values("survey_id")
    return list(Survey.objects.filter(pk__in=ids).select_related("current_version").order_by("-pk"))


def monitor_series(
    organisation: Organisation, survey: Survey | None, quarters: list[str] | None = None
) -> list[IndicatorSeries]:
    """Every indicator with its values over ``quarters`` (default: all quarters with a value)."""
    indicators = list(
        RegistrationIndicator.objects.filter(organisation=organisation).prefetch_related("values")
    )
    if quarters is None:
        quarters = sorted({v.quarter for i in indicators for v in i.values.all()})
    questions = _standard_questions(survey) if survey else {}
    series = []
    for indicator in indicators:
        values = {v.quarter: v.value for v in indicator.values.all()}
        question = questions.get(indicator.experience_question)
        rows = tuple(
            QuarterRow(
                quarter,
                values.get(quarter),
                quarter_experience(survey, question, quarter) if question and survey else None,
            )
            for quarter in quarters
        )
        series.append(IndicatorSeries(indicator, question.text if question else "", rows))
    return series


def quarter_experience(survey: Survey, question: res.QuestionSpec, quarter: str) -> Experience:
    """% eens on ``question`` among the responses of the quarter's monthly cohorts."""
    snapshot = get_snapshot(survey)
    frame = snapshot.dataset.frame
    if frame.empty:
        return Experience(None, None, False)
    mask = frame["period"].isin(quarter_months(quarter)).to_numpy(bool)
    if not mask.any():
        return Experience(None, 0, False)
    subset = frame[mask]
    positions = mask.nonzero()[0]
    rows = res.question_results(
        subset,
        [question],
        res.build_design(subset, snapshot.dataset.population),
        min_n=snapshot.dataset.min_n,
        strata_groups=provision_memberships(snapshot, positions),
    )
    overall = next((r for r in rows if r.breakdown == res.OVERALL and r.is_total), None)
    if overall is None:
        return Experience(None, None, False)
    return Experience(overall.value, overall.n, overall.suppressed)


def _standard_questions(survey: Survey) -> dict[str, res.QuestionSpec]:
    snapshot = get_snapshot(survey)
    return {q.standard: q for q in snapshot.scale_questions if q.standard and q.type == "agree"}


def format_value(value: Decimal | None, unit: str) -> str:
    """A registration figure as the report prints it: 1234, 87,5%, 12 dagen, or –.

    Counts get no thousands dot, like every count in the report (a dot in a number reads
    as a decimal point to the reader check and to anyone copying it into a spreadsheet)."""
    if value is None:
        return "–"
    if unit == "aantal":
        return str(round_half_up(float(value)))
    places = 0 if value == value.to_integral_value() else 1
    text = decimal(float(value), places) if places else str(round_half_up(float(value)))
    return text + UNIT_SUFFIX[unit]


def format_experience(experience: Experience | None, min_n: int = 10) -> str:
    if experience is None:
        return ""
    if experience.suppressed:
        return f"te weinig antwoorden (n < {min_n})"
    if experience.value is None:
        return "geen antwoorden"
    return f"{round_half_up(experience.value)}% eens (n={experience.n})"
