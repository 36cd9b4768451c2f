"""What the API tells about surveys: their state and response, and their aggregated results.

Response figures come from the fieldwork overview (`fieldwork.overview`, the project leader's
page) and results from the report's analysis (`analysis.services.get_survey_results`), so
the API can never show a figure the pages do not, nor one they suppress: a suppressed cell
keeps its place with every figure null. No answer, code, address or client number is ever
in these answers; only counts and percentages of groups.
"""

import math
from collections.abc import Callable
from dataclasses import asdict
from numbers import Integral, Real

from ervaring.accounts.models import Team
from ervaring.analysis.results import OVERALL
from ervaring.analysis.services import (
    DEFAULT_BREAKDOWNS,
    PROVISION_BREAKDOWN,
    get_survey_results,
)
from ervaring.fieldwork import overview
from ervaring.fieldwork.group_names import group_name
from ervaring.fieldwork.models import Channel
from ervaring.questionnaires.models import Survey

#: What `?breakdown=` may name: the overall figure, or one breakdown of the report.
BREAKDOWNS = ("overall", *DEFAULT_BREAKDOWNS, PROVISION_BREAKDOWN)
COUNTS = ("sampled", "invited", "waiting", "not_sent", "started", "completed", "opted_out")
FIGURES = (
    "value",
    "n",
    "n_excluded",
    "pct_agree",
    "pct_neutral",
    "pct_disagree",
    "ci_low",
    "ci_high",
    "se",
)


def _date(value: object) -> str | None:
    return value.isoformat() if value is not None else None  # type: ignore[attr-defined]


def _counts(counts: overview.Counts) -> dict[str, object]:
    figures: dict[str, object] = {name: getattr(counts, name) for name in COUNTS}
    rate = counts.response_rate
    figures["response_rate"] = round(rate, 1) if rate is not None else None
    return figures


def describe_survey(survey: Survey) -> dict[str, object]:
    """A survey in the list: its state, dates and overall response (one query)."""
    return {
        "slug": survey.slug,
        "name": survey.name,
        "law": survey.law,
        "status": survey.status,
        "status_label": survey.get_status_display(),
        "opens_on": _date(survey.opens_on),
        "closes_on": _date(survey.closes_on),
        "fieldwork_started_at": _date(survey.fieldwork_started_at),
        "closed_at": _date(survey.closed_at),
        "min_group_size": survey.min_group_size,
        "response": _counts(overview.survey_totals(survey)),
    }


def describe_survey_in_full(survey: Survey) -> dict[str, object]:
    """A survey with its response per stratum (provision group), channel and team."""
    figures = overview.breakdowns(survey)
    described = describe_survey(survey)
    described["response"] = _counts(figures.totals)
    for name, rows in (
        ("by_stratum", figures.by_stratum),
        ("by_channel", figures.by_channel),
        ("by_team", figures.by_team),
    ):
        described[name] = [
            {"group": row.key, "label": row.label, **_counts(row.counts)} for row in rows
        ]
    return described


def _plain(value: object) -> object:
    """numpy's numbers as JSON's (an unset figure is null, never NaN)."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, Integral):
        return int(value)
    if isinstance(value, Real):
        return None if math.isnan(value) else float(value)
    return value


def _labeller(survey: Survey) -> Callable[[str, str], str]:
    teams = dict(
        Team.objects.filter(organisation_id=survey.organisation_id).values_list("slug", "name")
    )
    channels = dict(Channel.choices)

    def label(breakdown: str, group: str) -> str:
        if breakdown == "channel":
            return channels.get(group, group)
        return group_name(breakdown, group, teams)

    return label


def describe_results(survey: Survey, only: str = "") -> dict[str, object]:
    """Every question's cells, overall and per breakdown, as the report computes them;
    with `only`, the cells of that breakdown alone (the whole answer is large)."""
    dataset, rows = get_survey_results(survey, DEFAULT_BREAKDOWNS)
    label = _labeller(survey)
    questions: dict[str, dict[str, object]] = {
        q.id: {"id": q.id, "type": q.type, "text": q.text, "standard": q.standard, "cells": []}
        for q in dataset.questions
    }
    for row in rows:
        breakdown = row.breakdown or "overall"
        if only and breakdown != only:
            continue
        cells = questions[row.question_id]["cells"]
        figures = asdict(row)
        cells.append(  # type: ignore[attr-defined]
            {
                "breakdown": breakdown,
                "group": row.group,
                "label": row.group if row.breakdown == OVERALL else label(breakdown, row.group),
                "option": row.option,
                "suppressed": row.suppressed,
                **{name: _plain(figures[name]) for name in FIGURES},
            }
        )
    return {
        "survey": survey.slug,
        "min_group_size": dataset.min_n,
        "respondents": len(dataset.frame),
        "questions": [q for q in questions.values() if q["cells"]],
    }
