"""Design-based proportions with a 95% interval.

Three intervals, all with the quantile of a t distribution on the design degrees of
freedom (R ``svyciprop``'s default, Korn & Graubard), which is a little wider than the
normal quantile for small groups:

- ``"logit"`` (shown by default): the Wald interval on ``log(p / (1 - p))``, mapped back.
  It always stays inside 0-100 and is asymmetric near the ends, where CEO statements
  live (85% agree is common). Equals R ``svyciprop(method = "logit")``.
- ``"wald"``: ``p +/- q * se``; symmetric, may leave 0-100. Kept for comparison.
- ``"wilson"``: Wilson's score interval with the effective sample size
  ``n_eff = p (1 - p) / var``, so design effect and fpc are carried in.

When the estimate is exactly 0% or 100% the logit interval does not exist (R gives NaN);
then the Wilson interval with the Kish effective sample size of the domain is used, so
that "100% of 12" still shows how uncertain it is.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

# scipy.special holds the quantile functions scipy.stats calls; importing scipy.stats as well
# would add over a second to every command's start-up.
from scipy import special

from .design import RatioStats, StratifiedDesign, build_cell_table, ratio_stats

IntervalMethod = Literal["logit", "wald", "wilson"]
DegreesOfFreedom = Literal["design", "normal"]
INTERVAL_METHODS: tuple[str, ...] = ("logit", "wald", "wilson")


def quantile(df: np.ndarray, confidence: float, dof: DegreesOfFreedom = "design") -> np.ndarray:
    """Two-sided quantile: t on the design df, or normal; NaN when df < 1 (no interval)."""
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be between 0 and 1, got {confidence!r}")
    upper = 0.5 + confidence / 2
    df_arr = np.asarray(df, dtype=float)
    if dof == "normal":
        return np.full(df_arr.shape, special.ndtri(upper))
    if dof != "design":
        raise ValueError(f"unknown degrees of freedom {dof!r}")
    safe = np.where(df_arr >= 1, df_arr, 1.0)
    return np.where(df_arr >= 1, special.stdtrit(safe, upper), np.nan)


def _wilson(p: np.ndarray, n: np.ndarray, q: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    with np.errstate(divide="ignore", invalid="ignore"):
        q2n = q**2 / n
        centre = (p + q2n / 2) / (1 + q2n)
        half = q / (1 + q2n) * np.sqrt(p * (1 - p) / n + q**2 / (4 * n**2))
    return np.clip(centre - half, 0, 1), np.clip(centre + half, 0, 1)


def confidence_interval(
    rs: RatioStats,
    method: IntervalMethod = "logit",
    confidence: float = 0.95,
    dof: DegreesOfFreedom = "design",
) -> tuple[np.ndarray, np.ndarray]:
    """Lower and upper bound (shares 0-1) for each estimate in ``rs``."""
    if method not in INTERVAL_METHODS:
        raise ValueError(f"interval must be one of {INTERVAL_METHODS}, got {method!r}")
    p, var = rs.estimate, rs.variance
    q = quantile(rs.df, confidence, dof)
    se = np.sqrt(var)
    if method == "wald":
        return p - q * se, p + q * se
    at_edge = (p <= 0) | (p >= 1)
    with np.errstate(divide="ignore", invalid="ignore"):
        n_eff = np.where(var > 0, p * (1 - p) / var, np.inf)
        n_eff = np.where(at_edge, rs.n_kish, n_eff)
    wil_low, wil_high = _wilson(p, n_eff, q)
    if method == "wilson":
        return wil_low, wil_high
    with np.errstate(divide="ignore", invalid="ignore"):
        logit = np.log(p / (1 - p))
        half = q * se / (p * (1 - p))
        low = 1 / (1 + np.exp(-(logit - half)))
        high = 1 / (1 + np.exp(-(logit + half)))
    return np.where(at_edge, wil_low, low), np.where(at_edge, wil_high, high)


@dataclass(frozen=True)
class ProportionEstimate:
    """One estimated percentage with its standard error and interval, all in points 0-100.

    ``n`` is the number of respondents in the domain, ``df`` the design degrees of
    freedom used for the interval's quantile.
    """

    estimate: float
    se: float
    ci_low: float
    ci_high: float
    n: int
    df: int
    interval: str


def estimate_proportion(
    indicator: ArrayLike,
    strata: ArrayLike | StratifiedDesign | None = None,
    population_by_stratum: Mapping[Hashable, float] | pd.Series | float | None = None,
    weights: ArrayLike | None = None,
    *,
    domain: ArrayLike | None = None,
    interval: IntervalMethod = "logit",
    confidence: float = 0.95,
    dof: DegreesOfFreedom = "design",
) -> ProportionEstimate:
    """Percentage of the domain with ``indicator`` true, design-based.

    ``indicator`` is 0/1 (or bool); missing values are outside the domain. ``domain``
    narrows it further (e.g. only those asked). The design is all rows given, so pass
    every respondent, not only the domain: the stratum sizes ``n_h`` must be complete.
    With one stratum, no population and no weights this is Cochran's textbook
    ``se = sqrt(p (1 - p) / (n - 1))``; with a population it gains ``(N - n) / N``.
    """
    y = np.asarray(indicator, dtype=float)
    design = _as_design(strata, population_by_stratum, weights, len(y))
    in_domain = ~np.isnan(y)
    if domain is not None:
        in_domain &= np.asarray(domain, dtype=bool)
    if np.any((y[in_domain] != 0) & (y[in_domain] != 1)):
        raise ValueError("indicator must be 0/1 (or missing)")
    # Category 0: yes, 1: no, 2: outside the domain.
    category = np.where(in_domain, np.where(y == 1, 0, 1), 2).astype(np.int64)
    table = build_cell_table(design, category, 3)
    rs = ratio_stats(
        table.wsum[..., 0],
        table.w2sum[..., 0],
        table.wsum[..., :2].sum(-1),
        table.w2sum[..., :2].sum(-1),
        table.count[..., :2].sum(-1),
        design,
    )
    low, high = confidence_interval(rs, interval, confidence, dof)
    return ProportionEstimate(
        estimate=float(100 * rs.estimate[0]),
        se=float(100 * np.sqrt(rs.variance[0])),
        ci_low=float(100 * low[0]),
        ci_high=float(100 * high[0]),
        n=int(rs.n[0]),
        df=int(rs.df[0]),
        interval=interval,
    )


def _as_design(
    strata: ArrayLike | StratifiedDesign | None,
    population_by_stratum: Mapping[Hashable, float] | pd.Series | float | None,
    weights: ArrayLike | None,
    n: int,
) -> StratifiedDesign:
    """Accept a ready design (fast path for many questions) or build one."""
    if isinstance(strata, StratifiedDesign):
        if population_by_stratum is not None or weights is not None:
            raise ValueError("pass population and weights to StratifiedDesign.build, not here")
        design = strata
    else:
        design = StratifiedDesign.build(strata, population_by_stratum, weights, n=n)
    if design.n != n:
        raise ValueError(f"{n} answers for a design of {design.n} respondents")
    return design
