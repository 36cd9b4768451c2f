"""Per-question summaries for a breakdown: agree scale, yes/no, single and multiple choice.

Each function returns one row per group plus the row "totaal", unrounded and in
percentage points 0-100, so that rounding happens once, at display. Counts are respondents
(unweighted: they are the "(n=94)" of the report); percentages and intervals use the
design weights. "Weet niet", "niet van toepassing" and missing answers are counted
separately and never enter a percentage.

Pass *every* respondent of the survey, also those not asked a question (their answer is
missing): the stratum sizes of the design come from these rows, and are the same for
every question. Suppression of small groups is a separate step
(:func:`ervaring.stats.suppression.apply_suppression`).
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from .codes import (
    AGREE_NEGATIVE,
    AGREE_NEUTRAL,
    AGREE_POSITIVE,
    AGREE_SCALE,
    NIET_VAN_TOEPASSING,
    WEET_NIET,
)
from .design import CellTable, StratifiedDesign, build_cell_table, ratio_stats
from .proportions import DegreesOfFreedom, IntervalMethod, _as_design, confidence_interval

Population = Mapping[Hashable, float] | pd.Series | float | None
DEFAULT_EXCLUDED: dict[str, int] = {"weet_niet": WEET_NIET, "nvt": NIET_VAN_TOEPASSING}


def categorise(codes: ArrayLike, allowed: Sequence[int]) -> np.ndarray:
    """Index of each answer in ``allowed``; missing answers get ``len(allowed)``.

    Any other code is an error rather than silently dropped: a stray 6 on a five-point
    scale means the export or the questionnaire version is wrong.
    """
    c = _as_float(codes)
    allowed_arr = np.asarray(allowed, dtype=float)
    if len(set(allowed)) != len(allowed) or np.any(allowed_arr < 0):
        raise ValueError(f"allowed codes must be distinct and >= 0, got {allowed!r}")
    top = int(allowed_arr.max())
    # One slot per whole number 0..top, then one for missing and one for anything else:
    # a single lookup per answer, without masked copies (a million answers per question).
    lookup = np.full(top + 3, -1, dtype=np.int64)
    lookup[allowed_arr.astype(np.int64)] = np.arange(len(allowed))
    lookup[top + 1] = len(allowed)
    with np.errstate(invalid="ignore"):  # a missing answer casts to nonsense, set below
        slot = c.astype(np.intp)
        whole = (c >= 0) & (c <= top) & (slot == c)  # false for a missing answer
    np.putmask(slot, ~whole, top + 2)
    np.putmask(slot, np.isnan(c), top + 1)
    index = lookup.take(slot)
    if np.any(index < 0):
        bad = sorted(set(np.unique(c[index < 0]).tolist()))
        raise ValueError(f"unexpected answer codes {bad!r}; allowed are {list(allowed)!r}")
    return index


def _as_float(values: ArrayLike) -> np.ndarray:
    if isinstance(values, pd.Series | pd.Index | pd.api.extensions.ExtensionArray):
        return pd.to_numeric(pd.Series(values), errors="raise").to_numpy(float, na_value=np.nan)
    return np.asarray(values, dtype=float)


def _shares(table: CellTable, cells: Sequence[int], valid: Sequence[int]) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        num = table.wsum[:, :, list(cells)].sum(axis=(1, 2))
        return 100 * num / table.wsum[:, :, list(valid)].sum(axis=(1, 2))


def _interval_columns(
    table: CellTable,
    design: StratifiedDesign,
    cells: Sequence[int],
    valid: Sequence[int],
    interval: IntervalMethod,
    confidence: float,
    dof: DegreesOfFreedom,
) -> dict[str, np.ndarray]:
    """Estimate, se, interval and df (per row) for the share of ``cells`` among ``valid``."""
    cells, valid = list(cells), list(valid)
    rs = ratio_stats(
        table.wsum[:, :, cells].sum(-1),
        table.w2sum[:, :, cells].sum(-1),
        table.wsum[:, :, valid].sum(-1),
        table.w2sum[:, :, valid].sum(-1),
        table.count[:, :, valid].sum(-1),
        design,
    )
    low, high = confidence_interval(rs, interval, confidence, dof)
    return {
        "se": 100 * np.sqrt(rs.variance),
        "ci_low": 100 * low,
        "ci_high": 100 * high,
        "df": rs.df.astype(np.int64),
    }


def _count_columns(table: CellTable, n_options: int, excluded: Mapping[str, int]) -> dict:
    counts = table.count.sum(axis=1)
    columns = {"n": counts[:, :n_options].sum(-1).astype(np.int64)}
    columns["n_excluded"] = counts[:, n_options:].sum(-1).astype(np.int64)
    for offset, name in enumerate(excluded):
        columns[f"n_{name}"] = counts[:, n_options + offset].astype(np.int64)
    columns["n_missing"] = counts[:, -1].astype(np.int64)
    return columns


def _frame(table: CellTable, columns: dict) -> pd.DataFrame:
    frame = pd.DataFrame(columns, index=pd.Index(table.row_labels, name="group", dtype=object))
    return frame


def summarise_agree(
    codes: ArrayLike,
    strata: ArrayLike | StratifiedDesign | None,
    population_by_stratum: Population = None,
    weights: ArrayLike | None = None,
    groups: ArrayLike | None = None,
    *,
    interval: IntervalMethod = "logit",
    confidence: float = 0.95,
    dof: DegreesOfFreedom = "design",
) -> pd.DataFrame:
    """Agree-scale statement (5 ... 1, 8 weet niet, 9 n.v.t.) per group and "totaal".

    Columns: ``n`` (valid answers), ``n_excluded`` and its parts ``n_weet_niet``,
    ``n_nvt``, ``n_missing``; ``count_5`` ... ``count_1``; ``pct_5`` ... ``pct_1``;
    ``pct_agree`` (5+4), ``pct_neutral`` (3), ``pct_disagree`` (2+1); ``se_agree``,
    ``ci_low``/``ci_high`` (interval for ``pct_agree``) and ``df``. Rows: the groups
    (a missing group label becomes "onbekend"), then "totaal".
    """
    design = _as_design(strata, population_by_stratum, weights, len(codes))
    options = list(AGREE_SCALE)
    category = categorise(codes, [*options, *DEFAULT_EXCLUDED.values()])
    table = build_cell_table(design, category, len(options) + len(DEFAULT_EXCLUDED) + 1, groups)
    valid = range(len(options))
    columns = _count_columns(table, len(options), DEFAULT_EXCLUDED)
    per_code = table.count.sum(axis=1)
    for i, code in enumerate(options):
        columns[f"count_{code}"] = per_code[:, i].astype(np.int64)
    for i, code in enumerate(options):
        columns[f"pct_{code}"] = _shares(table, [i], valid)
    for name, group_codes in (
        ("agree", AGREE_POSITIVE),
        ("neutral", AGREE_NEUTRAL),
        ("disagree", AGREE_NEGATIVE),
    ):
        columns[f"pct_{name}"] = _shares(table, [options.index(c) for c in group_codes], valid)
    agree_cells = [options.index(c) for c in AGREE_POSITIVE]
    ci = _interval_columns(table, design, agree_cells, valid, interval, confidence, dof)
    columns["se_agree"] = ci.pop("se")
    columns.update(ci)
    return _frame(table, columns)


def summarise_yes_no(
    codes: ArrayLike,
    strata: ArrayLike | StratifiedDesign | None,
    population_by_stratum: Population = None,
    weights: ArrayLike | None = None,
    groups: ArrayLike | None = None,
    *,
    yes_code: int = 1,
    no_code: int = 2,
    excluded: Mapping[str, int] | None = None,
    interval: IntervalMethod = "logit",
    confidence: float = 0.95,
    dof: DegreesOfFreedom = "design",
) -> pd.DataFrame:
    """Yes/no question per group and "totaal".

    Columns: ``n``, ``n_excluded`` (+ one ``n_<name>`` per excluded code and
    ``n_missing``), ``count_yes``, ``count_no``, ``pct_yes``, ``pct_no``, ``se_yes``,
    ``ci_low``/``ci_high`` (for ``pct_yes``), ``df``.
    """
    excluded = dict(DEFAULT_EXCLUDED if excluded is None else excluded)
    design = _as_design(strata, population_by_stratum, weights, len(codes))
    category = categorise(codes, [yes_code, no_code, *excluded.values()])
    table = build_cell_table(design, category, 2 + len(excluded) + 1, groups)
    columns = _count_columns(table, 2, excluded)
    per_code = table.count.sum(axis=1)
    columns["count_yes"] = per_code[:, 0].astype(np.int64)
    columns["count_no"] = per_code[:, 1].astype(np.int64)
    columns["pct_yes"] = _shares(table, [0], [0, 1])
    columns["pct_no"] = _shares(table, [1], [0, 1])
    ci = _interval_columns(table, design, [0], [0, 1], interval, confidence, dof)
    columns["se_yes"] = ci.pop("se")
    columns.update(ci)
    return _frame(table, columns)


def summarise_single_choice(
    codes: ArrayLike,
    options: Sequence[int],
    strata: ArrayLike | StratifiedDesign | None,
    population_by_stratum: Population = None,
    weights: ArrayLike | None = None,
    groups: ArrayLike | None = None,
    *,
    excluded: Mapping[str, int] | None = None,
    interval: IntervalMethod = "logit",
    confidence: float = 0.95,
    dof: DegreesOfFreedom = "design",
) -> pd.DataFrame:
    """Single-choice question: % of valid answers per option, long format.

    One row per (group, option), groups in order then "totaal". Columns: ``group``,
    ``option``, ``count``, ``n`` (valid answers in the group), ``n_excluded``, ``pct``,
    ``se``, ``ci_low``, ``ci_high``, ``df``.
    """
    excluded = dict(DEFAULT_EXCLUDED if excluded is None else excluded)
    options = list(options)
    design = _as_design(strata, population_by_stratum, weights, len(codes))
    category = categorise(codes, [*options, *excluded.values()])
    table = build_cell_table(design, category, len(options) + len(excluded) + 1, groups)
    valid = list(range(len(options)))
    totals = _count_columns(table, len(options), excluded)
    per_code = table.count.sum(axis=1)
    parts = []
    for i, option in enumerate(options):
        ci = _interval_columns(table, design, [i], valid, interval, confidence, dof)
        parts.append(
            pd.DataFrame(
                {
                    "group": list(table.row_labels),
                    "option": option,
                    "count": per_code[:, i].astype(np.int64),
                    "n": totals["n"],
                    "n_excluded": totals["n_excluded"],
                    "pct": _shares(table, [i], valid),
                    **ci,
                }
            )
        )
    return _long(parts, table.row_labels)


def summarise_multiple_choice(
    selected: pd.DataFrame | np.ndarray,
    strata: ArrayLike | StratifiedDesign | None,
    population_by_stratum: Population = None,
    weights: ArrayLike | None = None,
    groups: ArrayLike | None = None,
    *,
    options: Sequence[Hashable] | None = None,
    answered: ArrayLike | None = None,
    interval: IntervalMethod = "logit",
    confidence: float = 0.95,
    dof: DegreesOfFreedom = "design",
) -> pd.DataFrame:
    """Multiple-choice question: % of respondents who chose each option, long format.

    ``selected`` has one 0/1 column per option (DataFrame columns name the options).
    The base is the respondents who answered: by default those who ticked at least one
    option (an untouched question is "not answered", not "chose nothing"); pass
    ``answered`` when the questionnaire has an explicit "none of these" or routing.
    Shares need not add up to 100. Columns as in :func:`summarise_single_choice`.
    """
    if isinstance(selected, pd.DataFrame):
        options = list(selected.columns) if options is None else list(options)
        matrix = selected.apply(_as_float).to_numpy(float)
    else:
        matrix = np.asarray(selected, dtype=float)
        options = list(range(matrix.shape[1])) if options is None else list(options)
    if matrix.ndim != 2 or matrix.shape[1] != len(options):
        raise ValueError("selected must be respondents x options, one column per option")
    ticked = np.nan_to_num(matrix, nan=0.0)
    if np.any((ticked != 0) & (ticked != 1)):
        raise ValueError("selected must hold 0/1 (or missing)")
    base = ticked.any(axis=1) if answered is None else np.asarray(answered, dtype=bool)
    design = _as_design(strata, population_by_stratum, weights, len(matrix))
    parts, labels = [], ()
    for j, option in enumerate(options):
        # Category 0: chose it, 1: answered but not this option, 2: not answered.
        category = np.where(base, np.where(ticked[:, j] == 1, 0, 1), 2).astype(np.int64)
        table = build_cell_table(design, category, 3, groups)
        labels = table.row_labels
        ci = _interval_columns(table, design, [0], [0, 1], interval, confidence, dof)
        n = table.count[:, :, :2].sum(axis=(1, 2)).astype(np.int64)
        parts.append(
            pd.DataFrame(
                {
                    "group": list(labels),
                    "option": option,
                    "count": table.count[:, :, 0].sum(-1).astype(np.int64),
                    "n": n,
                    "n_excluded": table.count[:, :, 2].sum(-1).astype(np.int64),
                    "pct": _shares(table, [0], [0, 1]),
                    **ci,
                }
            )
        )
    return _long(parts, labels)


def _long(parts: list[pd.DataFrame], row_labels: tuple[Hashable, ...]) -> pd.DataFrame:
    """Stack per-option frames, ordered by group (in breakdown order) then option."""
    frame = pd.concat(parts, ignore_index=True)
    order = {label: i for i, label in enumerate(row_labels)}
    frame["_g"] = frame["group"].map(order)
    frame["_o"] = np.arange(len(parts)).repeat(len(row_labels))
    frame = frame.sort_values(["_g", "_o"], kind="stable").drop(columns=["_g", "_o"])
    return frame.reset_index(drop=True)
