"""Margin of error (foutmarge) and sample size, worked out by hand from the formulas."""

from __future__ import annotations

import math

import numpy as np
import pytest

from ervaring.stats import (
    expected_margin_of_error,
    margin_of_error,
    required_respondents,
    stratified_margin_of_error,
)

Z95 = 1.959963984540054  # scipy.stats.norm.ppf(0.975), written out


def test_margin_of_error_for_100_of_1000_at_50_percent_is_9_3_points():
    # z * sqrt(p q / n * (N - n) / (N - 1)) = 1.96 * sqrt(0.25 / 100 * 900 / 999) * 100
    expected = 100 * Z95 * math.sqrt(0.5 * 0.5 / 100 * (1000 - 100) / (1000 - 1))
    assert expected == pytest.approx(9.3016, abs=1e-4)
    assert margin_of_error(100, 1000) == pytest.approx(expected, rel=1e-12)


def test_margin_of_error_without_population_is_the_textbook_9_8_points_for_n_100():
    assert margin_of_error(100) == pytest.approx(100 * Z95 * 0.05, rel=1e-12)
    assert round(margin_of_error(100), 1) == 9.8


def test_margin_of_error_shrinks_with_fpc():
    assert margin_of_error(100, 200) < margin_of_error(100, 1000) < margin_of_error(100)


def test_margin_of_error_is_zero_for_a_census():
    assert margin_of_error(60, 60) == 0.0
    assert margin_of_error(1, 1) == 0.0


def test_margin_of_error_is_largest_at_fifty_percent():
    assert margin_of_error(100, 1000, p=0.5) > margin_of_error(100, 1000, p=0.8)
    assert margin_of_error(100, 1000, p=0.8) == pytest.approx(
        100 * Z95 * math.sqrt(0.8 * 0.2 / 100 * 900 / 999), rel=1e-12
    )


def test_lower_confidence_gives_smaller_margin_as_report_appendix_allows_for_small_groups():
    # The Almelo appendix: "bij geringe populaties ... een betrouwbaarheid van 80-90%".
    z90 = 1.6448536269514722
    assert margin_of_error(50, 120, confidence=0.90) == pytest.approx(
        100 * z90 * math.sqrt(0.25 / 50 * 70 / 119), rel=1e-12
    )
    assert margin_of_error(50, 120, confidence=0.90) < margin_of_error(50, 120)


def test_margin_of_error_works_per_stratum_on_arrays():
    result = margin_of_error(np.array([100, 50]), np.array([1000, 200]))
    assert result == pytest.approx([margin_of_error(100, 1000), margin_of_error(50, 200)])


def test_margin_of_error_rejects_impossible_inputs():
    with pytest.raises(ValueError):
        margin_of_error(0, 100)
    with pytest.raises(ValueError):
        margin_of_error(101, 100)
    with pytest.raises(ValueError):
        margin_of_error(10, 100, p=1.5)


@pytest.mark.parametrize(
    ("population", "krejcie_morgan_n"), [(100, 80), (500, 217), (1000, 278), (10000, 370)]
)
def test_published_krejcie_morgan_sample_sizes_give_a_margin_of_5_points(
    population, krejcie_morgan_n
):
    # Krejcie & Morgan (1970), the table behind Dutch "steekproefcalculators": 95%, 5%,
    # p = 0.5, same fpc formula. Their n is the exact n rounded to nearest, so a margin of
    # 5 points lies between the margins half a respondent either side.
    n = krejcie_morgan_n
    assert margin_of_error(n + 0.5, population) <= 5 <= margin_of_error(n - 0.5, population)


@pytest.mark.parametrize(("population", "n"), [(100, 80), (500, 218), (1000, 278), (10000, 370)])
def test_required_respondents_rounds_up_so_the_margin_is_kept(population, n):
    assert required_respondents(population, 5) == n
    assert margin_of_error(n, population) <= 5 < margin_of_error(n - 1, population)


def test_stratified_margin_of_error_weights_strata_by_population_share():
    # Two strata: 100 of 1000 and 50 of 200; W = 1000/1200 and 200/1200.
    w1, w2 = 1000 / 1200, 200 / 1200
    variance = w1**2 * 0.25 / 100 * 900 / 999 + w2**2 * 0.25 / 50 * 150 / 199
    expected = 100 * Z95 * math.sqrt(variance)
    assert stratified_margin_of_error([100, 50], [1000, 200]) == pytest.approx(expected, rel=1e-12)


def test_stratified_margin_of_error_with_one_stratum_is_the_plain_margin():
    assert stratified_margin_of_error([100], [1000]) == pytest.approx(margin_of_error(100, 1000))


def test_stratified_margin_is_wider_than_pooling_when_a_small_stratum_was_oversampled():
    # Everyone in a small stratum answered a lot, the big one little: pooling 150 of 1200
    # would flatter the precision.
    assert stratified_margin_of_error([100, 50], [200, 1000]) > margin_of_error(150, 1200)


def test_stratified_margin_needs_a_respondent_in_every_stratum():
    with pytest.raises(ValueError):
        stratified_margin_of_error([100, 0], [1000, 200])


def test_expected_margin_uses_sample_times_response_rate():
    # 400 invited of 2000, 25% respond: expect 100 respondents.
    assert expected_margin_of_error(400, 2000, 0.25) == pytest.approx(margin_of_error(100, 2000))


def test_expected_margin_at_almelo_response_rate_is_wide():
    # Almelo 2022 reached 5.9% response by letter: inviting 1600 of 1600 gives ~94
    # respondents, the n of its OCO question (n=94), and a margin near 10 points.
    expected_n = 1600 * 0.059
    assert expected_n == pytest.approx(94.4)
    margin = expected_margin_of_error(1600, 1600, 0.059)
    assert margin == pytest.approx(margin_of_error(expected_n, 1600))
    assert 9.0 < margin < 10.0


def test_expected_margin_rejects_a_response_rate_outside_zero_to_one():
    with pytest.raises(ValueError):
        expected_margin_of_error(400, 2000, 0)
    with pytest.raises(ValueError):
        expected_margin_of_error(400, 2000, 25)
