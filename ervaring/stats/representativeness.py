"""Does the response look like the population? Shares table and chi-square test.

Reports compare respondents with the population on characteristics known from the
population file (age group, gender, district, provision). Two views, because they
answer different questions: the chi-square goodness-of-fit test says whether the
differences are more than chance (with a thousand respondents even trivial differences
are "significant"), the difference in points says whether they matter. A category is
flagged when its share differs by more than ``threshold_points``; that, not the p-value,
is the usual trigger for weighting.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

DEFAULT_THRESHOLD_POINTS = 5.0


@dataclass(frozen=True)
class RepresentativenessResult:
    """Table of shares per category and the chi-square goodness-of-fit test.

    ``table`` (index "category"): ``n_respondents``, ``pct_respondents``,
    ``n_population``, ``pct_population``, ``difference`` (respondents minus population,
    points), ``expected`` (respondents expected from the population shares),
    ``is_flagged``. ``has_small_expected`` warns that some expected count is below 5,
    where the chi-square approximation is rough. ``n_unknown`` respondents had no value.
    """

    table: pd.DataFrame
    chi2: float
    df: int
    p_value: float
    has_small_expected: bool
    n_unknown: int

    @property
    def flagged(self) -> list[Hashable]:
        return list(self.table.index[self.table["is_flagged"]])


def compare_with_population(
    respondents: ArrayLike | Mapping[Hashable, int],
    population_counts: Mapping[Hashable, float] | pd.Series,
    threshold_points: float = DEFAULT_THRESHOLD_POINTS,
) -> RepresentativenessResult:
    """Compare the respondents' distribution on one characteristic with the population's.

    ``respondents`` is either one label per respondent (missing labels are counted as
    unknown and left out) or a mapping of counts. Every respondent category must exist
    in the population; population categories without respondents count as 0.
    """
    population = pd.Series(dict(population_counts.items()), dtype=float)
    if population.empty or np.any(population < 0) or population.sum() <= 0:
        raise ValueError("population counts must be non-negative with a positive total")
    if isinstance(respondents, Mapping):
        observed = pd.Series(dict(respondents.items()), dtype=float)
        n_unknown = 0
    else:
        labels = pd.Series(np.asarray(respondents, dtype=object))
        n_unknown = int(labels.isna().sum())
        observed = labels.dropna().value_counts().astype(float)
    unknown = [label for label in observed.index if label not in population.index]
    if unknown:
        raise ValueError(f"respondent categories not in the population: {unknown!r}")
    observed = observed.reindex(population.index, fill_value=0.0)
    if np.any(observed[population == 0] > 0):
        raise ValueError("respondents in a category that has no population")
    n = observed.sum()
    if n <= 0:
        raise ValueError("no respondents with a known value")
    share_pop = population / population.sum()
    expected = n * share_pop
    used = share_pop > 0
    from scipy import stats  # the goodness-of-fit test is the only user; slow to import

    chi2, p_value = stats.chisquare(observed[used], expected[used])
    table = pd.DataFrame(
        {
            "n_respondents": observed.astype(np.int64),
            "pct_respondents": 100 * observed / n,
            "n_population": population,
            "pct_population": 100 * share_pop,
        }
    )
    table["difference"] = table["pct_respondents"] - table["pct_population"]
    table["expected"] = expected
    table["is_flagged"] = table["difference"].abs() > threshold_points
    table.index.name = "category"
    return RepresentativenessResult(
        table=table,
        chi2=float(chi2),
        df=int(used.sum() - 1),
        p_value=float(p_value),
        has_small_expected=bool(np.any(expected[used] < 5)),
        n_unknown=n_unknown,
    )
