"""Ready result rows per question, overall and per group of each breakdown.

This is the one place where dashboards, the report, the table book and ``ervaring analyse``
get their figures: every number comes from :mod:`ervaring.stats` (never a second
implementation of a statistic), suppression is already applied, and a row carries the
headline ``value`` with its ``n`` and ``suppressed`` so that templates only display.

No Django here: the input is a respondent-level DataFrame (see
:mod:`ervaring.analysis.dataset` for the survey's own responses, and
:mod:`ervaring.analysis.files` for files from outside) plus the population per stratum.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from ervaring.stats import (
    StratifiedDesign,
    decide_suppression,
    summarise_agree,
    summarise_multiple_choice,
    summarise_single_choice,
    summarise_yes_no,
)
from ervaring.stats.codes import TOTAL_LABEL
from ervaring.stats.suppression import DEFAULT_MIN_N

#: Breakdown label of the rows for all respondents (no breakdown).
OVERALL = ""
#: Question types with the five-point scale and "weet niet"/"n.v.t." (codes 5..1, 8, 9).
SCALE_TYPES = ("agree", "satisfaction")
SUPPORTED_TYPES = (*SCALE_TYPES, "yesno", "single", "multi")
YES, NO = 1, 2
#: Separator between a multiple-choice question id and an option in a column name.
MULTI_SEPARATOR = "__"


@dataclass(frozen=True)
class QuestionSpec:
    """What the results need to know of a question: its type and, for choices, options.

    ``options`` are the option codes in display order (single and multiple choice). For a
    multiple-choice question the dataset holds one 0/1 column per option, named
    ``<id>__<option>``.
    """

    id: str
    type: str
    text: str = ""
    options: tuple[str, ...] = ()
    standard: str | None = None

    def columns(self) -> list[str]:
        if self.type == "multi":
            return [f"{self.id}{MULTI_SEPARATOR}{o}" for o in self.options]
        return [self.id]


@dataclass(frozen=True)
class ResultRow:
    """One published cell: a question (and option) in one group of one breakdown.

    ``value`` is the headline percentage: % eens (or % tevreden) on a scale, % ja, or the %
    choosing ``option``. All percentages are unrounded, 0-100. When ``suppressed`` every
    figure is None, never 0; when a figure cannot be computed (no valid answers, no
    interval) it is None as well.
    """

    question_id: str
    breakdown: str
    group: str
    option: str | None
    value: float | None
    n: int | None
    n_excluded: int | None
    pct_agree: float | None
    pct_neutral: float | None
    pct_disagree: float | None
    ci_low: float | None
    ci_high: float | None
    se: float | None
    suppressed: bool

    @property
    def is_total(self) -> bool:
        return self.group == TOTAL_LABEL


def build_design(
    frame: pd.DataFrame,
    population: Mapping[Hashable, float] | None = None,
    *,
    strata_column: str = "stratum",
    weight_column: str | None = None,
) -> StratifiedDesign:
    """The sample design of a dataset; build it once and reuse it for every question.

    Without ``population`` there is no finite population correction and each respondent
    counts once. ``weight_column`` names calibration weights (raking, post-stratification);
    leave it out for the design weights ``N_h / n_h``.
    """
    strata = frame.get(strata_column, None)
    weights = frame[weight_column].to_numpy(float) if weight_column else None
    return StratifiedDesign.build(strata, population, weights, n=len(frame))


def question_results(
    frame: pd.DataFrame,
    questions: Sequence[QuestionSpec],
    design: StratifiedDesign,
    breakdowns: Sequence[str] = (),
    *,
    min_n: int = DEFAULT_MIN_N,
    memberships: Mapping[str, pd.DataFrame] | None = None,
) -> list[ResultRow]:
    """Result rows for every question: overall, then per breakdown (groups, then totaal).

    ``breakdowns`` are columns of ``frame`` with one label per respondent (a missing label
    is the group "onbekend"). ``memberships`` adds breakdowns in which a respondent may
    belong to several groups (provision groups): a name -> long frame with the columns
    ``row`` (position in ``frame``) and ``group``. Those groups overlap, so they do not add
    up to the total and only the primary rule (n < min_n) applies to them.
    """
    rows: list[ResultRow] = []
    for question in questions:
        if question.type not in SUPPORTED_TYPES:
            continue
        answers = _answers(frame, question)
        per_breakdown = [
            _rows(question, answers, design, frame[column], column, min_n) for column in breakdowns
        ]
        if per_breakdown:
            # Every breakdown's totaal is the overall figure: reuse it, no extra pass.
            total = [r for r in per_breakdown[0] if r.group == TOTAL_LABEL]
            rows.extend(replace(r, breakdown=OVERALL) for r in total)
        else:
            rows.extend(_rows(question, answers, design, None, OVERALL, min_n))
        for part in per_breakdown:
            rows.extend(part)
        for name, long in (memberships or {}).items():
            rows.extend(_overlapping_rows(question, answers, design, long, name, min_n))
    return rows


def rows_by_key(rows: Iterable[ResultRow]) -> dict[tuple[str, str, str, str | None], ResultRow]:
    """Index rows by (question, breakdown, group, option), for templates and tests."""
    return {(r.question_id, r.breakdown, r.group, r.option): r for r in rows}


# --------------------------------------------------------------------------- internals


def codes_as_float(values: pd.Series) -> np.ndarray:
    """Numeric answer codes as floats with NaN for missing, fast for Categoricals."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        categories = values.cat.categories
        lookup = np.append(pd.to_numeric(categories).to_numpy(float), np.nan)
        codes = values.cat.codes.to_numpy()
        return lookup[np.where(codes < 0, len(categories), codes)]
    return pd.to_numeric(values, errors="raise").to_numpy(float, na_value=np.nan)


def _answers(frame: pd.DataFrame, question: QuestionSpec) -> np.ndarray | pd.DataFrame:
    """The question's answers in the numeric form the summaries take."""
    if question.type == "multi":
        columns = question.columns()
        return pd.DataFrame(
            {o: codes_as_float(frame[c]) for o, c in zip(question.options, columns, strict=True)}
        )
    values = frame[question.id]
    if question.type == "yesno":
        mapped = values.astype(object).map({"ja": YES, "nee": NO, 8: 8, 9: 9})
        return mapped.to_numpy(float, na_value=np.nan)
    if question.type == "single":
        lookup = {code: i + 1 for i, code in enumerate(question.options)}
        return values.astype(object).map(lookup).to_numpy(float, na_value=np.nan)
    return codes_as_float(values)


def _summary(
    question: QuestionSpec,
    answers: np.ndarray | pd.DataFrame,
    design: StratifiedDesign,
    groups: pd.Series | np.ndarray | None,
) -> pd.DataFrame:
    if question.type in SCALE_TYPES:
        return summarise_agree(answers, design, groups=groups)
    if question.type == "yesno":
        return summarise_yes_no(answers, design, groups=groups, yes_code=YES, no_code=NO)
    if question.type == "single":
        options = list(range(1, len(question.options) + 1))
        summary = summarise_single_choice(answers, options, design, groups=groups)
        summary["option"] = [question.options[i - 1] for i in summary["option"]]
        return summary
    return summarise_multiple_choice(answers, design, groups=groups)


def _rows(
    question: QuestionSpec,
    answers: np.ndarray | pd.DataFrame,
    design: StratifiedDesign,
    groups: pd.Series | None,
    breakdown: str,
    min_n: int,
) -> list[ResultRow]:
    """Rows of one breakdown (or, with ``groups=None``, the total alone), suppressed."""
    summary = _summary(question, answers, design, groups)
    labels = _labels(summary)
    first = pd.Series(summary["n"].to_numpy(), index=labels).groupby(level=0, sort=False).first()
    if groups is None:
        # A total on its own: only the primary rule applies.
        hidden = {TOTAL_LABEL} if first[TOTAL_LABEL] < min_n else set()
    else:
        decision = decide_suppression(first.drop(TOTAL_LABEL).to_dict(), min_n)
        hidden = set(decision.groups) | ({TOTAL_LABEL} if decision.total else set())
    return _to_rows(question, summary, breakdown, np.isin(labels, list(hidden)))


def _labels(summary: pd.DataFrame) -> np.ndarray:
    is_long = "group" in summary.columns
    return np.asarray(summary["group"] if is_long else summary.index, dtype=object)


def _overlapping_rows(
    question: QuestionSpec,
    answers: np.ndarray | pd.DataFrame,
    design: StratifiedDesign,
    long: pd.DataFrame,
    breakdown: str,
    min_n: int,
) -> list[ResultRow]:
    """Each group of an overlapping breakdown as a domain: "in the group" versus the rest.

    Only the primary rule applies: the groups overlap, so the total minus the published
    groups is not the sum of the suppressed ones.
    """
    rows: list[ResultRow] = []
    labels = long["group"]
    order = list(labels.cat.categories) if isinstance(labels.dtype, pd.CategoricalDtype) else []
    order = order or sorted(set(labels))
    for label in order:
        member = np.zeros(design.n, dtype=bool)
        member[long.loc[labels == label, "row"].to_numpy()] = True
        groups = pd.Categorical.from_codes(np.where(member, 0, 1), categories=["in", "rest"])
        summary = _summary(question, answers, design, groups)
        summary = summary[_labels(summary) == "in"]
        if "group" in summary.columns:
            summary = summary.assign(group=str(label))
        else:
            summary.index = pd.Index([str(label)], name="group")
        hidden = summary["n"].to_numpy() < min_n
        rows.extend(_to_rows(question, summary, breakdown, hidden))
    return rows


def _column(summary: pd.DataFrame, name: str | None) -> list[float | None]:
    """A float column as Python numbers, NaN as None; all None when absent."""
    if name is None or name not in summary.columns:
        return [None] * len(summary)
    values = summary[name].to_numpy(dtype=float)
    return [None if math.isnan(v) else v for v in values.tolist()]


def _to_rows(
    question: QuestionSpec, summary: pd.DataFrame, breakdown: str, hidden: np.ndarray
) -> list[ResultRow]:
    """Build rows column-wise (fast); a hidden row loses every figure."""
    if question.type in SCALE_TYPES:
        names = ("pct_agree", "pct_agree", "pct_neutral", "pct_disagree", "se_agree")
    elif question.type == "yesno":
        names = ("pct_yes", "pct_yes", None, "pct_no", "se_yes")
    else:
        names = ("pct", None, None, None, "se")
    value, agree, neutral, disagree, se = (_column(summary, name) for name in names)
    low, high = _column(summary, "ci_low"), _column(summary, "ci_high")
    n, excluded = _column(summary, "n"), _column(summary, "n_excluded")
    options = (
        [str(o) for o in summary["option"]] if "option" in summary.columns else [None] * len(n)
    )
    rows = []
    for i, group in enumerate(_labels(summary).tolist()):
        if hidden[i]:
            rows.append(ResultRow(question.id, breakdown, str(group), options[i], *_BLANK))
            continue
        rows.append(
            ResultRow(
                question_id=question.id,
                breakdown=breakdown,
                group=str(group),
                option=options[i],
                value=value[i],
                n=None if n[i] is None else int(n[i]),
                n_excluded=None if excluded[i] is None else int(excluded[i]),
                pct_agree=agree[i],
                pct_neutral=neutral[i],
                pct_disagree=disagree[i],
                ci_low=low[i],
                ci_high=high[i],
                se=se[i],
                suppressed=False,
            )
        )
    return rows


_BLANK = (None,) * 9 + (True,)
