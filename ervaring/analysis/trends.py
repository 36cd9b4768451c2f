"""Year on year: is this year's % eens different from last year's by more than chance?

Pure functions (no Django); :mod:`ervaring.analysis.services` feeds them stored years. The
test is :func:`ervaring.stats.compare_independent` (two independent samples, the variance
of the difference is the sum of the two design variances). A year typed in from an old
report has only a percentage and its n; its standard error is then the design variance of
a simple random sample from its population, ``(1 - n/N) p q / (n - 1)`` (Cochran; the one-
stratum case of the engine's estimator), which is what the report's own margins assumed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ervaring.stats import DifferenceTest, compare_independent


@dataclass(frozen=True)
class YearFigure:
    """One year's % eens (0-100) with its n and, if known, its standard error in points."""

    year: int
    pct: float
    n: int
    se: float | None = None
    population: int | None = None

    def standard_error(self) -> float:
        """The stored design-based se, else the simple-random-sample approximation."""
        if self.se is not None:
            return self.se
        return simple_standard_error(self.pct, self.n, self.population)


@dataclass(frozen=True)
class TrendComparison:
    """This year against an earlier one; ``difference`` is this year minus that year."""

    question: str
    year: int
    pct: float
    previous_year: int
    previous_pct: float
    difference: float
    z: float
    p_value: float
    is_significant: bool


def simple_standard_error(pct: float, n: int, population: int | None = None) -> float:
    """Standard error in points of a share from a simple random sample without replacement."""
    if n < 2:
        raise ValueError("a standard error needs at least two answers")
    p = pct / 100
    fpc = 1.0 if population is None else max(0.0, 1 - n / population)
    return 100 * math.sqrt(fpc * p * (1 - p) / (n - 1))


def compare_years(
    question: str, current: YearFigure, previous: YearFigure, alpha: float = 0.05
) -> TrendComparison:
    """z test of ``current`` against ``previous`` (independent samples)."""
    test: DifferenceTest = compare_independent(
        current.pct, current.standard_error(), previous.pct, previous.standard_error(), alpha
    )
    return TrendComparison(
        question=question,
        year=current.year,
        pct=current.pct,
        previous_year=previous.year,
        previous_pct=previous.pct,
        difference=test.difference,
        z=test.z,
        p_value=test.p_value,
        is_significant=test.is_significant,
    )
