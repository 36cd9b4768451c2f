"""Respondents compared with the population on a known characteristic."""

from __future__ import annotations

import pytest
from scipy import stats

from ervaring.stats import compare_with_population


def test_chi_square_and_shares_by_hand():
    # 30 men and 70 women responded; the population is half and half (500/500).
    # Expected 50/50: chi2 = 20^2/50 + 20^2/50 = 16, df = 1.
    result = compare_with_population({"man": 30, "vrouw": 70}, {"man": 500, "vrouw": 500})
    assert result.chi2 == pytest.approx(16)
    assert result.df == 1
    assert result.p_value == pytest.approx(stats.chi2.sf(16, 1), rel=1e-12)
    table = result.table
    assert table.loc["man", "pct_respondents"] == 30
    assert table.loc["man", "pct_population"] == 50
    assert table.loc["man", "difference"] == -20
    assert result.flagged == ["man", "vrouw"]


def test_only_differences_beyond_the_threshold_are_flagged():
    result = compare_with_population(
        {"18-64": 34, "65-79": 39, "80+": 27},
        {"18-64": 300, "65-79": 400, "80+": 300},
        threshold_points=3.5,
    )
    assert result.flagged == ["18-64"]
    assert not result.table.loc["65-79", "is_flagged"]


def test_labels_per_respondent_are_counted_and_missing_ones_reported_apart():
    labels = ["Binnenstad"] * 6 + ["Dorpen"] * 4 + [None] * 3
    result = compare_with_population(labels, {"Binnenstad": 600, "Dorpen": 400, "Noordrand": 0})
    assert result.n_unknown == 3
    assert list(result.table["n_respondents"]) == [6, 4, 0]
    assert result.chi2 == pytest.approx(0)
    assert result.has_small_expected  # 4 expected in Dorpen


def test_a_population_category_without_respondents_counts_as_zero():
    result = compare_with_population({"a": 10}, {"a": 50, "b": 50})
    assert result.table.loc["b", "n_respondents"] == 0
    assert result.chi2 == pytest.approx(10)


def test_respondent_category_missing_from_the_population_is_an_error():
    with pytest.raises(ValueError, match="not in the population"):
        compare_with_population({"a": 5, "x": 1}, {"a": 10})
