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
    Suppression,
    compare_groups_with_rest,
    decide_suppression,
    summarise_agree,
    summarise_multiple_choice,
    summarise_single_choice,
    summarise_yes_no,
)
from ervaring.stats.codes import AGREE_SCALE, TOTAL_LABEL
from ervaring.stats.design import group_index
from ervaring.stats.suppression import (
    DEFAULT_MIN_N,
    decide_overlapping_suppression,
    hidden_only,
    strata_to_pool,
)

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
    strata_groups: str | pd.DataFrame | None = None,
) -> list[ResultRow]:
    """Result rows for every question: overall, then per breakdown (groups, then totaal).

    ``breakdowns`` are columns of ``frame`` with one label per respondent (a missing label
    is the group "onbekend"). ``memberships`` adds breakdowns in which a respondent may
    belong to several groups (provision groups): a name -> long frame with the columns
    ``row`` (position in ``frame``) and ``group``.

    ``strata_groups`` names the groups the design's strata are made of (a column of
    ``frame``, or a long frame like a membership): per question, the strata of respondents
    whose groups are all suppressed are pooled for *every* figure of that question, so
    that the weighted total does not tell suppressed groups apart. Pass it wherever the
    total is published, so that every output shows the same total.

    Suppression follows :mod:`ervaring.stats.suppression` throughout.
    """
    parts = [_breakdown(frame, column, min_n) for column in breakdowns]
    overlapping = [
        _breakdown_from_long(long, name, len(frame), min_n)
        for name, long in (memberships or {}).items()
    ]
    strata = _strata_groups(frame, strata_groups, min_n)
    rows: list[ResultRow] = []
    for question in questions:
        if question.type not in SUPPORTED_TYPES:
            continue
        answers = _answers(frame, question)
        valid = valid_answers(question, answers)
        own_design = _question_design(design, strata, valid)[0]
        per_breakdown = [
            _rows(question, answers, own_design, part, _decide(part, valid)) for part in parts
        ]
        if per_breakdown:
            # Every breakdown's totaal is the overall figure: reuse it, no extra pass.
            total = [r for r in per_breakdown[0] if r.group == TOTAL_LABEL]
            rows.extend(replace(r, breakdown=OVERALL) for r in total)
        else:
            rows.extend(_total_rows(question, answers, own_design, min_n))
        for part in per_breakdown:
            rows.extend(part)
        for part in overlapping:
            decision = _decide(part, valid)
            rows.extend(_overlapping_rows(question, answers, own_design, part, decision))
    return rows


def group_differences(
    frame: pd.DataFrame,
    questions: Sequence[QuestionSpec],
    design: StratifiedDesign,
    rows: Iterable[ResultRow],
    breakdowns: Sequence[str] = (),
    *,
    min_n: int = DEFAULT_MIN_N,
    memberships: Mapping[str, pd.DataFrame] | None = None,
    strata_groups: str | pd.DataFrame | None = None,
    alpha: float = 0.05,
) -> dict[tuple[str, str, str], int]:
    """Which published groups differ from all other respondents on % eens, by more than chance.

    Per scale question and breakdown, each group is tested against its complement with
    :func:`ervaring.stats.compare_groups_with_rest` (design-based, the same strata, fpc
    and pooled strata as the published figures). Returns ``(question, breakdown, group)``
    -> +1 (higher than the rest) or -1 (lower), only for significant differences.

    Only groups whose row in ``rows`` is published get a mark: a suppressed group gets
    none, so a mark never says anything about a hidden figure. The complement of a
    published group is "the total minus that group", whose figure a reader can already
    compute from the published total and group; the mark adds only whether that known
    difference is more than chance, so it cannot reveal a suppressed group either.
    """
    published = {
        (r.question_id, r.breakdown, r.group)
        for r in rows
        if r.option is None and not r.suppressed and r.value is not None
    }
    strata = _strata_groups(frame, strata_groups, min_n)
    overlapping = [
        _breakdown_from_long(long, name, len(frame), min_n)
        for name, long in (memberships or {}).items()
    ]
    found: dict[tuple[str, str, str], int] = {}
    for question in questions:
        if question.type not in SCALE_TYPES:
            continue
        answers = _answers(frame, question)
        own_design = _question_design(design, strata, valid_answers(question, answers))[0]
        for column in breakdowns:
            # Groups do not overlap: one pass tests every group against its complement.
            codes, labels = group_index(frame[column], len(frame))
            names = np.asarray([str(label) for label in labels], dtype=object)[codes]
            test = compare_groups_with_rest(answers, own_design, groups=names, alpha=alpha)
            found.update(_marks(test, question.id, column, published))
        for member in overlapping:
            name = member.name
            for j, label in enumerate(member.labels):
                inside = member.membership[:, j]
                if inside.all() or (question.id, name, str(label)) not in published:
                    continue
                split = np.where(inside, str(label), "")
                test = compare_groups_with_rest(answers, own_design, groups=split, alpha=alpha)
                found.update(_marks(test.loc[[str(label)]], question.id, name, published))
    return found


def _marks(
    test: pd.DataFrame, question: str, breakdown: str, published: set[tuple[str, str, str]]
) -> dict[tuple[str, str, str], int]:
    """+1/-1 per published, significantly different group of a ``compare_groups_with_rest``."""
    return {
        (question, breakdown, str(group)): 1 if row.difference > 0 else -1
        for group, row in test.iterrows()
        if row.is_significant and (question, breakdown, str(group)) in published
    }


def pooled_strata(
    frame: pd.DataFrame,
    questions: Sequence[QuestionSpec],
    design: StratifiedDesign,
    strata_groups: str | pd.DataFrame,
    *,
    min_n: int = DEFAULT_MIN_N,
) -> dict[str, tuple[Hashable, ...]]:
    """Per question, the strata pooled for its figures (rule 4), when any were.

    For the data file's notes: with these strata pooled (weight ``sum N / sum n``), its
    weights reproduce that question's published percentages.
    """
    groups = _strata_groups(frame, strata_groups, min_n)
    found = {}
    for question in questions:
        if question.type not in SUPPORTED_TYPES:
            continue
        valid = valid_answers(question, _answers(frame, question))
        pooled = _question_design(design, groups, valid)[1]
        if len(pooled):
            found[question.id] = tuple(design.stratum_labels[i] for i in pooled)
    return found


def valid_answers(question: QuestionSpec, answers: np.ndarray | pd.DataFrame) -> np.ndarray:
    """Per respondent: does the answer count in the question's percentages (its n)?"""
    if question.type == "multi":
        return (np.nan_to_num(np.asarray(answers, dtype=float), nan=0.0) == 1).any(axis=1)
    values = np.asarray(answers, dtype=float)
    if question.type in SCALE_TYPES:
        return (values >= min(AGREE_SCALE)) & (values <= max(AGREE_SCALE))
    if question.type == "yesno":
        return (values == YES) | (values == NO)
    return ~np.isnan(values)


def respondent_suppression(
    labels: pd.Series | pd.Categorical, min_n: int = DEFAULT_MIN_N
) -> frozenset[Hashable]:
    """Groups too small to show at all (rule 3): by respondents, with their complement.

    Used for the per-question cells and for everything published per group besides them
    (population, respondents, response rate, margin of error), and by the data file.
    """
    return _breakdown(pd.DataFrame({"g": labels}), "g", min_n).forced


def membership_suppression(
    long: pd.DataFrame, n: int, min_n: int = DEFAULT_MIN_N
) -> frozenset[Hashable]:
    """Rule 3 for groups a respondent may belong to several of (provision groups)."""
    return _breakdown_from_long(long, "groups", n, min_n).forced


def breakdown_groups(
    frame: pd.DataFrame, breakdown: str | pd.DataFrame, min_n: int = DEFAULT_MIN_N
) -> _Groups:
    """A breakdown with its rule-3 groups, for figures beside the questions (coded themes):
    a column of ``frame``, or the long memberships of overlapping groups."""
    if isinstance(breakdown, str):
        return _breakdown(frame, breakdown, min_n)
    return _breakdown_from_long(breakdown, "groups", len(frame), min_n)


def decide_cells(
    groups: _Groups, valid: np.ndarray, also_hidden: Iterable[Hashable] = ()
) -> Suppression:
    """Rules 1-3 for a count per respondent in one breakdown (``valid`` per respondent),
    with ``also_hidden`` groups suppressed whatever their size."""
    forced = groups.forced | frozenset(also_hidden)
    return _decide(replace(groups, forced=forced), np.asarray(valid, dtype=bool))


def group_sizes(groups: _Groups, valid: np.ndarray) -> dict[Hashable, int]:
    """Per group the respondents for whom ``valid`` holds."""
    valid = np.asarray(valid, dtype=bool)
    if groups.codes is not None:
        sizes = np.bincount(groups.codes, weights=valid, minlength=len(groups.labels))
    else:
        sizes = (groups.membership & valid[:, None]).sum(axis=0)
    return dict(zip(groups.labels, np.asarray(sizes, dtype=np.int64).tolist(), strict=True))


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


@dataclass(frozen=True)
class _Groups:
    """One breakdown with its rule-3 groups: a group code per respondent when the groups
    do not overlap (``membership`` None: a respondents x groups matrix would cost memory
    at a million respondents for nothing), else the membership matrix."""

    name: str
    respondents: dict[Hashable, int]
    labels: tuple[Hashable, ...]
    membership: np.ndarray | None
    codes: np.ndarray | None  # group per respondent when the groups do not overlap
    values: pd.Series | None  # what the summaries group by (no overlap)
    forced: frozenset[Hashable]
    min_n: int


def _breakdown(frame: pd.DataFrame, column: str, min_n: int) -> _Groups:
    codes, labels = group_index(frame[column], len(frame))
    sizes = dict(zip(labels, np.bincount(codes, minlength=len(labels)).tolist(), strict=True))
    forced = decide_suppression(sizes, min_n, respondents=sizes)
    return _Groups(column, sizes, labels, None, codes, frame[column], forced.groups, min_n)


def _breakdown_from_long(long: pd.DataFrame, name: str, n: int, min_n: int) -> _Groups:
    labels = long["group"]
    order = list(labels.cat.categories) if isinstance(labels.dtype, pd.CategoricalDtype) else []
    # unique() first: set() of a column of Arrow strings takes every row through Python.
    order = tuple(order or sorted(labels.unique()))
    column = pd.Categorical(labels, categories=order).codes
    membership = np.zeros((n, len(order)), dtype=bool)
    membership[long["row"].to_numpy(), column] = True
    forced = decide_overlapping_suppression(membership, order, np.ones(n, dtype=bool), min_n)
    sizes = dict(zip(order, membership.sum(axis=0).tolist(), strict=True))
    return _Groups(name, sizes, order, membership, None, None, forced.groups, min_n)


def _strata_groups(
    frame: pd.DataFrame, groups: str | pd.DataFrame | None, min_n: int
) -> _Groups | None:
    if groups is None:
        return None
    if isinstance(groups, str):
        return _breakdown(frame, groups, min_n)
    return _breakdown_from_long(groups, "strata", len(frame), min_n)


def _decide(groups: _Groups, valid: np.ndarray) -> Suppression:
    """Rules 1-3 for one question in one breakdown."""
    min_n = groups.min_n
    if groups.codes is not None:
        sizes = np.bincount(groups.codes, weights=valid, minlength=len(groups.labels))
        counts = dict(zip(groups.labels, sizes.astype(np.int64).tolist(), strict=True))
        return decide_suppression(
            counts, min_n, forced=groups.forced, respondents=groups.respondents
        )
    return decide_overlapping_suppression(
        groups.membership, groups.labels, valid, min_n, forced=groups.forced
    )


def _question_design(
    design: StratifiedDesign, groups: _Groups | None, valid: np.ndarray
) -> tuple[StratifiedDesign, np.ndarray]:
    """The design for one question's figures, and the strata pooled in it (rule 4)."""
    if groups is None:
        return design, np.zeros(0, dtype=np.int64)
    decision = _decide(groups, valid)
    if decision.total:
        return design, np.zeros(0, dtype=np.int64)
    hidden = np.array([label in decision.groups for label in groups.labels], dtype=bool)
    if groups.codes is not None:
        alone = hidden[groups.codes]  # without overlap: in a suppressed group is enough
    else:
        alone = hidden_only(groups.membership, hidden)
    pool = strata_to_pool(design.stratum_index, alone)
    return design.pooled(pool), pool


def _total_rows(
    question: QuestionSpec,
    answers: np.ndarray | pd.DataFrame,
    design: StratifiedDesign,
    min_n: int,
) -> list[ResultRow]:
    """The total on its own: only its own size counts (there is nothing to subtract from)."""
    summary = _summary(question, answers, design, None)
    hidden = np.full(len(summary), int(summary["n"].iloc[0]) < min_n)
    return _to_rows(question, summary, OVERALL, hidden)


def _rows(
    question: QuestionSpec,
    answers: np.ndarray | pd.DataFrame,
    design: StratifiedDesign,
    groups: _Groups,
    decision: Suppression,
) -> list[ResultRow]:
    """Rows of one breakdown without overlap (groups, then totaal), suppressed."""
    summary = _summary(question, answers, design, groups.values)
    hidden = set(decision.groups) | ({TOTAL_LABEL} if decision.total else set())
    labels = _labels(summary)
    return _to_rows(question, summary, groups.name, np.isin(labels, list(hidden)))


def _labels(summary: pd.DataFrame) -> np.ndarray:
    is_long = "group" in summary.columns
    return np.asarray(summary["group"] if is_long else summary.index, dtype=object)


def _overlapping_rows(
    question: QuestionSpec,
    answers: np.ndarray | pd.DataFrame,
    design: StratifiedDesign,
    groups: _Groups,
    decision: Suppression,
) -> list[ResultRow]:
    """Each group of an overlapping breakdown as a domain: "in the group" versus the rest."""
    rows: list[ResultRow] = []
    for j, label in enumerate(groups.labels):
        member = groups.membership[:, j]
        split = pd.Categorical.from_codes(np.where(member, 0, 1), categories=["in", "rest"])
        summary = _summary(question, answers, design, split)
        summary = summary[_labels(summary) == "in"]
        if "group" in summary.columns:
            summary = summary.assign(group=str(label))
        else:
            summary.index = pd.Index([str(label)], name="group")
        hidden = np.full(len(summary), label in decision.groups or decision.total)
        rows.extend(_to_rows(question, summary, groups.name, hidden))
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
