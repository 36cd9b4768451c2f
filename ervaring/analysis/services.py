"""Verbs of the analysis domain: a survey's results, and its trends against earlier years.

Thin: the dataset comes from :mod:`ervaring.analysis.dataset`, the figures from
:mod:`ervaring.analysis.results` and :mod:`ervaring.analysis.trends`.
"""

from collections.abc import Iterable, Sequence

from ervaring.accounts.models import Organisation
from ervaring.analysis import results as res
from ervaring.analysis.dataset import SurveyDataset, build_dataset
from ervaring.analysis.models import TrendResult, TrendSource
from ervaring.analysis.results import ResultRow
from ervaring.analysis.trends import TrendComparison, YearFigure, compare_years
from ervaring.questionnaires.models import Survey
from ervaring.stats.codes import TOTAL_LABEL

#: Breakdowns of the dashboard and the report, besides "per voorziening".
DEFAULT_BREAKDOWNS = ("team", "district", "age_band", "channel", "respondent_role")
PROVISION_BREAKDOWN = "provision_groups"


def get_survey_results(
    survey: Survey, breakdowns: Sequence[str] = DEFAULT_BREAKDOWNS
) -> tuple[SurveyDataset, list[ResultRow]]:
    """Every question of a survey, overall, per breakdown and per provision group.

    Suppression uses the survey's minimum group size; the provision groups decide which
    strata are pooled per question (the design's strata are their combinations).
    """
    dataset = build_dataset(survey)
    design = res.build_design(dataset.frame, dataset.population)
    rows = res.question_results(
        dataset.frame,
        dataset.questions,
        design,
        breakdowns,
        min_n=dataset.min_n,
        memberships={PROVISION_BREAKDOWN: dataset.memberships},
        strata_groups=dataset.memberships,
    )
    return dataset, rows


def get_group_differences(
    dataset: SurveyDataset, rows: Sequence[ResultRow], breakdowns: Sequence[str]
) -> dict[tuple[str, str, str], int]:
    """Per published group of each breakdown (and provision group): +1/-1 when its % eens
    differs from the other respondents by more than chance (see ``results.group_differences``)."""
    design = res.build_design(dataset.frame, dataset.population)
    return res.group_differences(
        dataset.frame,
        dataset.questions,
        design,
        rows,
        breakdowns,
        min_n=dataset.min_n,
        memberships={PROVISION_BREAKDOWN: dataset.memberships},
        strata_groups=dataset.memberships,
    )


def record_trend(
    organisation: Organisation,
    law: str,
    year: int,
    question: str,
    pct_agree: float,
    n: int,
    *,
    population: int | None = None,
    se: float | None = None,
    source: str = TrendSource.REPORT,
) -> TrendResult:
    """Store (or correct) one earlier year's figure for a question."""
    trend, _ = TrendResult.objects.update_or_create(
        organisation=organisation,
        law=law,
        year=year,
        question=question,
        defaults={
            "pct_agree": pct_agree,
            "n": n,
            "population": population,
            "se": se,
            "source": source,
        },
    )
    return trend


def record_trends_from_results(
    survey: Survey, year: int, questions: Iterable[res.QuestionSpec], rows: Iterable[ResultRow]
) -> list[TrendResult]:
    """Keep this survey's overall % eens per scale question as the figure of ``year``."""
    keys = {q.id: q.standard or q.id for q in questions if q.type in res.SCALE_TYPES}
    stored = []
    for row in rows:
        if row.breakdown != res.OVERALL or row.question_id not in keys or row.suppressed:
            continue
        if row.value is None or row.n is None:
            continue
        stored.append(
            record_trend(
                survey.organisation,
                survey.law,
                year,
                keys[row.question_id],
                row.value,
                row.n,
                se=row.se,
                source=TrendSource.DATASET,
            )
        )
    return stored


def compare_with_previous_year(
    survey: Survey, year: int, questions: Iterable[res.QuestionSpec], rows: Iterable[ResultRow]
) -> list[TrendComparison]:
    """This year's overall % eens per question against the latest stored earlier year.

    Questions are matched on their standard id (else their id); a suppressed or missing
    figure on either side gives no comparison.
    """
    keys = {q.id: q.standard or q.id for q in questions if q.type in res.SCALE_TYPES}
    earlier: dict[str, TrendResult] = {}
    for trend in TrendResult.objects.filter(
        organisation=survey.organisation,
        law=survey.law,
        year__lt=year,
        question__in=set(keys.values()),
    ).order_by("year"):
        earlier[trend.question] = trend  # the latest year wins
    comparisons = []
    for row in rows:
        key = keys.get(row.question_id)
        if row.breakdown != res.OVERALL or row.group != TOTAL_LABEL or key not in earlier:
            continue
        if row.suppressed or row.value is None or row.n is None:
            continue
        before = earlier[key]
        comparisons.append(
            compare_years(
                key,
                YearFigure(year, row.value, row.n, se=row.se),
                YearFigure(before.year, before.pct_agree, before.n, before.se, before.population),
            )
        )
    return comparisons
