"""Margin of error (foutmarge) as Dutch CEO reports give it, and sample-size planning.

These are *planning* figures: they use an assumed share p (worst case 50%) rather than
an estimate, so they can be printed per stratum next to population, sample and response
before a single answer is in. The interval around an actual estimate comes from
:mod:`ervaring.stats.proportions` instead.

The finite population correction is ``(N - n) / (N - 1)``: the exact variance factor of a
sample proportion drawn without replacement (hypergeometric), which is what the reports
and the usual steekproefcalculators use. It matters because Wmo/Jeugd populations are small.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from scipy import special

ArrayOrFloat = float | np.ndarray


def z_value(confidence: float) -> float:
    """Two-sided standard normal quantile, e.g. 1.959963984540054 for 95%.

    The exact quantile is used rather than the rounded 1.96, so figures match R and
    scipy to the last digit; the difference is at most 0.01 percentage points.
    """
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be between 0 and 1, got {confidence!r}")
    return float(special.ndtri(0.5 + confidence / 2))


def finite_population_correction(n: ArrayOrFloat, population: ArrayOrFloat) -> ArrayOrFloat:
    """Variance factor ``(N - n) / (N - 1)``; 0 for a census (n == N, also when N == 1)."""
    n_arr = np.asarray(n, dtype=float)
    big_n = np.asarray(population, dtype=float)
    if np.any(n_arr < 0) or np.any(n_arr > big_n):
        raise ValueError("sample size must be between 0 and the population size")
    with np.errstate(divide="ignore", invalid="ignore"):
        fpc = np.where(n_arr >= big_n, 0.0, (big_n - n_arr) / (big_n - 1))
    return float(fpc) if fpc.ndim == 0 else fpc


def margin_of_error(
    n: ArrayOrFloat,
    population: ArrayOrFloat | None = None,
    p: float = 0.5,
    confidence: float = 0.95,
) -> ArrayOrFloat:
    """Half-width of the confidence interval, in percentage points.

    ``z * sqrt(p (1 - p) / n * (N - n) / (N - 1)) * 100``; without a population the
    correction is left out (an infinite population). Works element-wise on arrays, so a
    whole per-stratum table is one call.
    """
    n_arr = np.asarray(n, dtype=float)
    if np.any(n_arr <= 0):
        raise ValueError("the margin of error needs at least one respondent")
    if not 0 <= p <= 1:
        raise ValueError(f"p is a share between 0 and 1, got {p!r}")
    variance = p * (1 - p) / n_arr
    if population is not None:
        variance = variance * finite_population_correction(n_arr, population)
    result = 100 * z_value(confidence) * np.sqrt(variance)
    return float(result) if np.ndim(result) == 0 else result


def stratified_margin_of_error(
    n_h: Sequence[float] | np.ndarray,
    population_h: Sequence[float] | np.ndarray,
    p: float | Sequence[float] | np.ndarray = 0.5,
    confidence: float = 0.95,
) -> float:
    """Overall margin of error of a stratified sample, in percentage points.

    Each stratum counts with its population share ``W_h = N_h / N``:
    ``V = sum_h W_h^2 p_h (1 - p_h) / n_h * (N_h - n_h) / (N_h - 1)``. This is the honest
    overall figure when small strata were over-sampled; pooling all respondents as if one
    simple sample would understate it. Every stratum needs a respondent, otherwise the
    overall figure does not cover it.
    """
    n_arr = np.asarray(n_h, dtype=float)
    big_n = np.asarray(population_h, dtype=float)
    if n_arr.shape != big_n.shape or n_arr.ndim != 1:
        raise ValueError("n_h and population_h must be one-dimensional and of equal length")
    if np.any(n_arr <= 0):
        raise ValueError("every stratum needs at least one respondent")
    p_arr = np.broadcast_to(np.asarray(p, dtype=float), n_arr.shape)
    shares = big_n / big_n.sum()
    fpc = finite_population_correction(n_arr, big_n)
    variance = float(np.sum(shares**2 * p_arr * (1 - p_arr) / n_arr * fpc))
    return 100 * z_value(confidence) * math.sqrt(variance)


def expected_margin_of_error(
    sample_n: ArrayOrFloat,
    population: ArrayOrFloat,
    response_rate: ArrayOrFloat,
    p: float = 0.5,
    confidence: float = 0.95,
) -> ArrayOrFloat:
    """Margin of error to expect when ``sample_n`` are invited and ``response_rate`` answer.

    For the sample-design table: the expected number of respondents is
    ``sample_n * response_rate`` (not rounded: it is an expectation). Element-wise on arrays.
    """
    rate = np.asarray(response_rate, dtype=float)
    if np.any(rate <= 0) or np.any(rate > 1):
        raise ValueError("response_rate must be a share in (0, 1]")
    sample = np.asarray(sample_n, dtype=float)
    if np.any(sample > np.asarray(population, dtype=float)):
        raise ValueError("the sample cannot be larger than the population")
    return margin_of_error(sample * rate, population, p=p, confidence=confidence)


def required_respondents(
    population: float,
    margin_points: float,
    p: float = 0.5,
    confidence: float = 0.95,
) -> int:
    """Smallest number of respondents whose margin of error is at most ``margin_points``.

    The exact inverse of :func:`margin_of_error`:
    ``n = N z^2 p q / (e^2 (N - 1) + z^2 p q)``, rounded up. Divide by the expected
    response rate to get the number to invite.
    """
    if population < 1 or margin_points <= 0:
        raise ValueError("population must be >= 1 and the margin positive")
    z = z_value(confidence)
    e = margin_points / 100
    pq = p * (1 - p)
    n = population * z**2 * pq / (e**2 * (population - 1) + z**2 * pq)
    # Guard against n landing a hair above an integer through rounding.
    return min(int(population), max(1, math.ceil(n - 1e-9)))
