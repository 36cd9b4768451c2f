"""Is a difference more than chance? Two-proportion z tests with design-based variances.

Year on year, the two estimates come from independent samples, so the variance of the
difference is the sum of the two variances. Group versus the rest of the same survey
shares strata with it, so the variance of the difference is linearised jointly
(``z_group - z_rest`` per respondent), which also carries the covariance through the
stratum means; R: ``svyby(..., covmat = TRUE)`` followed by ``svycontrast``.
The normal distribution is used for the p-value (a z test), as the brief and the
usual report practice ("significant at 5%") ask.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike
from scipy import special

from .codes import AGREE_POSITIVE, AGREE_SCALE, EXCLUDED_CODES
from .design import StratifiedDesign, build_cell_table, influence_sums, stratified_variance
from .proportions import _as_design
from .summaries import categorise

DEFAULT_ALPHA = 0.05


@dataclass(frozen=True)
class DifferenceTest:
    """First minus second, in percentage points, with the z test of "no difference"."""

    difference: float
    se: float
    z: float
    p_value: float
    is_significant: bool


def compare_independent(
    estimate_1: float,
    se_1: float,
    estimate_2: float,
    se_2: float,
    alpha: float = DEFAULT_ALPHA,
) -> DifferenceTest:
    """z test for two estimates from independent samples (e.g. this year and last year).

    Percentages and standard errors in points; ``se = sqrt(se_1^2 + se_2^2)``.
    """
    if se_1 < 0 or se_2 < 0 or not 0 < alpha < 1:
        raise ValueError("standard errors must be >= 0 and alpha in (0, 1)")
    difference = estimate_1 - estimate_2
    se = math.sqrt(se_1**2 + se_2**2)
    if se > 0:
        z = difference / se
    else:
        z = 0.0 if difference == 0 else math.copysign(math.inf, difference)
    p_value = float(2 * special.ndtr(-abs(z)))
    return DifferenceTest(difference, se, z, p_value, p_value < alpha)


def compare_groups_with_rest(
    codes: ArrayLike,
    strata: ArrayLike | StratifiedDesign | None,
    population_by_stratum: Mapping[Hashable, float] | pd.Series | float | None = None,
    weights: ArrayLike | None = None,
    groups: ArrayLike | None = None,
    *,
    positive: Sequence[int] = AGREE_POSITIVE,
    valid: Sequence[int] = AGREE_SCALE,
    excluded: Sequence[int] = EXCLUDED_CODES,
    alpha: float = DEFAULT_ALPHA,
) -> pd.DataFrame:
    """Each group against all other respondents on the share of ``positive`` answers.

    Default: % (helemaal) mee eens on the agree scale. One row per group (index
    "group"); columns ``estimate``, ``estimate_rest``, ``difference`` (group minus
    rest, points), ``se``, ``z``, ``p_value``, ``is_significant``.
    """
    if groups is None:
        raise ValueError("comparing groups needs groups")
    if not set(positive) <= set(valid):
        raise ValueError("positive codes must be among the valid codes")
    design = _as_design(strata, population_by_stratum, weights, len(codes))
    negative = [c for c in valid if c not in positive]
    category = categorise(codes, [*positive, *negative, *excluded])
    n_pos, n_valid = len(positive), len(valid)
    # Fold to 0: positive, 1: valid but not positive, 2: outside the domain.
    fold = np.array([0] * n_pos + [1] * (n_valid - n_pos) + [2] * (len(excluded) + 1))
    table = build_cell_table(design, fold[category], 3, groups)
    labels = table.row_labels[:-1]
    group_w, group_w2 = table.wsum[:-1], table.w2sum[:-1]
    rest_w, rest_w2 = table.wsum[-1] - group_w, table.w2sum[-1] - group_w2

    def sums(w: np.ndarray, w2: np.ndarray):
        return influence_sums(w[..., 0], w2[..., 0], w[..., :2].sum(-1), w2[..., :2].sum(-1))

    share_g, sz_g, sz2_g = sums(group_w, group_w2)
    share_r, sz_r, sz2_r = sums(rest_w, rest_w2)
    # Disjoint units: sum (z_g - z_r)^2 = sum z_g^2 + sum z_r^2.
    variance = stratified_variance(design, sz_g - sz_r, sz2_g + sz2_r)
    difference = 100 * (share_g - share_r)
    se = 100 * np.sqrt(variance)
    with np.errstate(divide="ignore", invalid="ignore"):
        z = difference / se
    p_value = 2 * special.ndtr(-np.abs(z))
    return pd.DataFrame(
        {
            "estimate": 100 * share_g,
            "estimate_rest": 100 * share_r,
            "difference": difference,
            "se": se,
            "z": z,
            "p_value": p_value,
            "is_significant": p_value < alpha,
        },
        index=pd.Index(labels, name="group", dtype=object),
    )
