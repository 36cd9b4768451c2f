"""Differences between years and between a group and the rest."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from ervaring.stats import compare_groups_with_rest, compare_independent, summarise_agree


def test_year_on_year_difference_by_hand():
    # 60% (se 3) this year, 50% (se 4) last year: se of the difference sqrt(9 + 16) = 5,
    # z = 10 / 5 = 2, two-sided p = 2 * (1 - Phi(2)) = 0.0455.
    result = compare_independent(60, 3, 50, 4)
    assert result.difference == 10 and result.se == 5 and result.z == 2
    assert result.p_value == pytest.approx(2 * stats.norm.sf(2.0), rel=1e-12)
    assert result.p_value == pytest.approx(0.0455, abs=1e-4)
    assert result.is_significant


def test_a_small_change_is_not_significant():
    result = compare_independent(54, 4, 50, 4)
    assert result.z == pytest.approx(4 / math.sqrt(32))
    assert not result.is_significant


def test_change_between_census_figures_is_certain():
    assert compare_independent(55, 0, 50, 0).p_value == 0
    assert compare_independent(50, 0, 50, 0).p_value == 1


def test_alpha_sets_the_significance_level():
    assert not compare_independent(60, 3, 50, 4, alpha=0.01).is_significant


def test_year_on_year_uses_the_published_standard_errors():
    this_year = summarise_agree([5] * 70 + [1] * 30, None).loc["totaal"]
    last_year = summarise_agree([5] * 55 + [1] * 45, None).loc["totaal"]
    result = compare_independent(
        this_year["pct_agree"], this_year["se_agree"], last_year["pct_agree"], last_year["se_agree"]
    )
    se = 100 * math.sqrt(0.7 * 0.3 / 99 + 0.55 * 0.45 / 99)
    assert result.difference == pytest.approx(15)
    assert result.se == pytest.approx(se, rel=1e-12)


def test_group_versus_rest_in_one_stratum_by_hand():
    # One stratum, no fpc, no weights: 16 of 20 in group a agree, 20 of 40 in the rest.
    # Joint linearisation: z_i = (y_i - p_g)/n_g for the group, -(y_i - p_r)/n_r for the
    # rest; variance n/(n-1) * sum (z - mean z)^2 with mean z = 0.
    codes = [5] * 16 + [1] * 4 + [5] * 20 + [1] * 20
    groups = ["a"] * 20 + ["b"] * 40
    row = compare_groups_with_rest(codes, None, groups=groups).loc["a"]
    variance = 60 / 59 * (0.8 * 0.2 / 20 + 0.5 * 0.5 / 40)
    assert row["difference"] == pytest.approx(30)
    assert row["se"] == pytest.approx(100 * math.sqrt(variance), rel=1e-12)
    assert row["p_value"] == pytest.approx(2 * stats.norm.sf(30 / row["se"]))
    assert row["is_significant"]


def test_group_versus_rest_needs_groups():
    with pytest.raises(ValueError):
        compare_groups_with_rest([5, 4], None)


@given(
    st.lists(st.sampled_from([1, 2, 3, 4, 5, 8]), min_size=4, max_size=60),
    st.data(),
)
@settings(max_examples=100, deadline=None)
def test_with_two_groups_each_is_the_mirror_of_the_other(codes, data):
    n = len(codes)
    groups = data.draw(st.lists(st.sampled_from(["a", "b"]), min_size=n, max_size=n))
    strata = data.draw(st.lists(st.sampled_from(["s", "t"]), min_size=n, max_size=n))
    result = compare_groups_with_rest(codes, strata, groups=groups)
    if {"a", "b"} <= set(result.index):
        a, b = result.loc["a"], result.loc["b"]
        assert a["difference"] == pytest.approx(-b["difference"], nan_ok=True, abs=1e-9)
        assert a["se"] == pytest.approx(b["se"], nan_ok=True)
        assert np.isnan(a["p_value"]) or a["p_value"] == pytest.approx(b["p_value"])
