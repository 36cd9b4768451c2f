"""Weighting: post-stratification, raking, trimming, and what weighting costs.

Weights make the response look like the population on known characteristics. They also
make estimates less precise; the Kish design effect ``1 + CV^2`` and the effective sample
size ``n / deff`` say how much, and belong next to any weighted figure.

All functions return a new weight per respondent and never change their input. The
algorithms follow R's survey package (``postStratify``, ``rake``, ``trimWeights``) so the
golden tests can hold them to it.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from .design import factorize

Margins = Mapping[str, tuple[ArrayLike, Mapping[Hashable, float] | pd.Series]]


class WeightingError(ValueError):
    """Weights cannot be computed as asked (empty category, no convergence, bad input)."""


def _base(base_weights: ArrayLike | None, n: int) -> np.ndarray:
    if base_weights is None:
        return np.ones(n)
    w = np.asarray(base_weights, dtype=float)
    if w.shape != (n,) or not np.all(np.isfinite(w)) or np.any(w <= 0):
        raise WeightingError(f"base weights must be {n} positive finite numbers")
    return w


def _cells(labels: ArrayLike, population: Mapping | pd.Series, name: str):
    """Category index per respondent and the population count per category."""
    index, categories = factorize(labels, what="groups")
    if np.any(index < 0):
        raise WeightingError(f"{name}: respondents without a value cannot be weighted")
    lookup = dict(population.items())
    unknown = [c for c in categories if c not in lookup]
    if unknown:
        raise WeightingError(f"{name}: categories {unknown!r} have no population count")
    empty = [c for c, v in lookup.items() if v > 0 and c not in categories]
    if empty:
        raise WeightingError(
            f"{name}: no respondents in categories {empty!r}; merge them with a "
            "neighbouring category before weighting"
        )
    targets = np.array([float(lookup[c]) for c in categories])
    if np.any(targets <= 0):
        zero = [c for c, t in zip(categories, targets, strict=True) if t <= 0]
        raise WeightingError(f"{name}: respondents in categories {zero!r} of population 0")
    return index, targets


def poststratify(
    cells: ArrayLike,
    population_counts: Mapping[Hashable, float] | pd.Series,
    base_weights: ArrayLike | None = None,
) -> np.ndarray:
    """Weights that make the weighted count of every cell equal its population count.

    ``w_i = b_i * N_c / sum_{j in c} b_j`` (R ``postStratify``). For a crossing such as
    gender x age group, pass one combined label per respondent. A population cell
    without respondents is an error: its people would silently vanish from the total.
    """
    index, targets = _cells(cells, population_counts, "post-stratification")
    base = _base(base_weights, len(index))
    current = np.bincount(index, weights=base, minlength=len(targets))
    return base * (targets / current)[index]


@dataclass(frozen=True)
class RakingResult:
    """Raked weights, the number of full passes used, and the largest relative margin error."""

    weights: np.ndarray
    iterations: int
    max_error: float


def rake(
    margins: Margins,
    base_weights: ArrayLike | None = None,
    *,
    tol: float = 1e-10,
    max_iter: int = 100,
) -> RakingResult:
    """Iterative proportional fitting on several margins (R ``rake``).

    ``margins`` maps a name to (label per respondent, population count per category),
    e.g. ``{"gender": (gender, {"man": 812, "vrouw": 905}), "age": (...)}``. One pass
    post-stratifies to each margin in turn; it stops when every weighted margin total is
    within ``tol`` (relative) of its target. Raises :class:`WeightingError` when a margin
    has an empty category, the margins disagree on the population total, or the
    weights have not converged after ``max_iter`` passes (usually: a crossing of
    categories that is empty in the response, or targets that contradict each other).
    """
    if not margins:
        raise WeightingError("raking needs at least one margin")
    prepared = {name: _cells(lab, pop, name) for name, (lab, pop) in margins.items()}
    sizes = {len(index) for index, _ in prepared.values()}
    if len(sizes) != 1:
        raise WeightingError("all margins need one label per respondent")
    totals = [targets.sum() for _, targets in prepared.values()]
    if max(totals) - min(totals) > 1e-9 * max(totals):
        raise WeightingError(f"margins have different population totals: {totals!r}")
    w = _base(base_weights, sizes.pop()).copy()
    for iteration in range(1, max_iter + 1):
        for index, targets in prepared.values():
            current = np.bincount(index, weights=w, minlength=len(targets))
            w *= (targets / current)[index]
        error = _max_margin_error(w, prepared.values())
        if error <= tol:
            return RakingResult(w, iteration, error)
    raise WeightingError(
        f"raking did not converge in {max_iter} passes (largest margin error {error:.3g}); "
        "check for empty combinations of categories or merge small categories"
    )


def _max_margin_error(w: np.ndarray, prepared) -> float:
    errors = [
        np.max(np.abs(np.bincount(index, weights=w, minlength=len(t)) - t) / t)
        for index, t in prepared
    ]
    return float(max(errors))


def trim_weights(
    weights: ArrayLike,
    lower: float = -np.inf,
    upper: float = np.inf,
    *,
    strict: bool = False,
    max_passes: int = 1000,
) -> np.ndarray:
    """Cap and floor weights, spreading what was cut evenly over the untouched weights.

    Same as R ``trimWeights``: the total weight stays the same. With ``strict`` it
    repeats until no weight is outside the bounds (the spreading can push one over);
    that is impossible when the total exceeds ``n * upper`` (or is below ``n * lower``),
    which raises instead of looping.
    Trimming breaks the margins; :func:`rake_trimmed` rakes again afterwards.
    """
    if lower > upper:
        raise WeightingError("lower bound above upper bound")
    w = np.asarray(weights, dtype=float).copy()
    if strict and not w.size * lower <= w.sum() <= w.size * upper:
        raise WeightingError("the total weight cannot be kept within these bounds")
    for _ in range(max_passes):
        outside = (w < lower) | (w > upper)
        if not outside.any():
            return w
        if outside.all():
            raise WeightingError("every weight is outside the bounds; widen them")
        clipped = np.clip(w, lower, upper)
        cut = float(np.sum(w - clipped))
        clipped[~outside] += cut / np.count_nonzero(~outside)
        w = clipped
        if not strict:
            return w
    raise WeightingError(f"strict trimming did not settle in {max_passes} passes")


def rake_trimmed(
    margins: Margins,
    lower: float,
    upper: float,
    base_weights: ArrayLike | None = None,
    *,
    tol: float = 1e-10,
    max_iter: int = 100,
    max_rounds: int = 100,
    bound_tol: float = 0.01,
) -> RakingResult:
    """Rake, trim to [lower, upper], rake again, until the raked weights stay in bounds.

    Bounds are absolute weights (e.g. ``0.3 * mean`` and ``3 * mean`` computed by the
    caller). The margins are always met exactly (to ``tol``); the bounds only to
    ``bound_tol`` (relative), because re-raking scales whole categories again and the
    alternation approaches a binding cap slowly, from above (R's ``trimWeights`` +
    ``rake`` loop behaves the same). Raises :class:`WeightingError` when that does not
    happen within ``max_rounds`` rounds; then widen the bounds or merge categories.
    """
    result = rake(margins, base_weights, tol=tol, max_iter=max_iter)
    for _ in range(max_rounds):
        w = result.weights
        if np.all(w >= lower * (1 - bound_tol)) and np.all(w <= upper * (1 + bound_tol)):
            return result
        trimmed = trim_weights(w, lower, upper)
        result = rake(margins, trimmed, tol=tol, max_iter=max_iter)
    raise WeightingError(
        f"weights did not settle within [{lower}, {upper}] after {max_rounds} rounds"
    )


def kish_design_effect(weights: ArrayLike) -> float:
    """Kish's design effect of unequal weights: ``1 + CV^2 = n sum w^2 / (sum w)^2``.

    The CV uses the population variance (divisor n), as in Kish (1965). 1 for equal
    weights; 2 means the weighted sample is worth half as many respondents.
    """
    w = np.asarray(weights, dtype=float)
    if w.size == 0 or np.any(w < 0) or w.sum() <= 0:
        raise WeightingError("weights must be non-negative with a positive sum")
    return float(w.size * np.sum(w**2) / np.sum(w) ** 2)


def effective_sample_size(weights: ArrayLike) -> float:
    """Kish's effective sample size ``(sum w)^2 / sum w^2`` = ``n / deff``."""
    w = np.asarray(weights, dtype=float)
    return float(w.size / kish_design_effect(w))
