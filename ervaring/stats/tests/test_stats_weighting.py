"""Post-stratification, raking, trimming and the cost of weighting, by hand."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ervaring.stats import (
    WeightingError,
    effective_sample_size,
    kish_design_effect,
    poststratify,
    rake,
    rake_trimmed,
    trim_weights,
)


def test_poststratification_scales_each_cell_to_its_population():
    # 3 men for a population of 300, 1 woman for 500: weights 100 and 500.
    weights = poststratify(["m", "m", "m", "v"], {"m": 300, "v": 500})
    assert list(weights) == [100, 100, 100, 500]


def test_poststratification_keeps_relative_base_weights_within_a_cell():
    weights = poststratify(["m", "m"], {"m": 30}, base_weights=[1, 2])
    assert list(weights) == [10, 20]


def test_poststratification_refuses_a_population_cell_without_respondents():
    with pytest.raises(WeightingError, match="no respondents in categories \\['v'\\]"):
        poststratify(["m", "m"], {"m": 30, "v": 20})


def test_raking_two_by_two_reaches_both_margins():
    gender = ["m", "m", "v", "v", "v", "v"]
    age = ["jong", "oud", "jong", "oud", "oud", "oud"]
    margins = {
        "gender": (gender, {"m": 50, "v": 50}),
        "age": (age, {"jong": 40, "oud": 60}),
    }
    result = rake(margins)
    w = result.weights
    assert w[:2].sum() == pytest.approx(50) and w[2:].sum() == pytest.approx(50)
    young = np.array(age) == "jong"
    assert w[young].sum() == pytest.approx(40) and w[~young].sum() == pytest.approx(60)
    assert result.max_error <= 1e-10


def test_raking_with_one_margin_is_poststratification():
    labels = ["a", "b", "b", "c"]
    population = {"a": 10, "b": 30, "c": 5}
    result = rake({"x": (labels, population)})
    assert result.weights == pytest.approx(poststratify(labels, population))
    assert result.iterations == 1


def test_raking_raises_when_a_margin_has_an_empty_category():
    with pytest.raises(WeightingError, match="no respondents"):
        rake({"g": (["m", "m"], {"m": 5, "v": 5}), "a": (["x", "y"], {"x": 4, "y": 6})})


def test_raking_raises_when_margins_disagree_on_the_total():
    with pytest.raises(WeightingError, match="different population totals"):
        rake({"g": (["m", "v"], {"m": 5, "v": 5}), "a": (["x", "y"], {"x": 4, "y": 7})})


def test_raking_raises_when_it_does_not_converge():
    # Men are all young and women all old in the response, but the population wants
    # 50/50 gender and 20/80 age: no weights can meet both.
    margins = {
        "g": (["m", "m", "v", "v"], {"m": 50, "v": 50}),
        "a": (["jong", "jong", "oud", "oud"], {"jong": 20, "oud": 80}),
    }
    with pytest.raises(WeightingError, match="did not converge"):
        rake(margins, max_iter=50)


def test_trimming_caps_and_spreads_the_excess_over_the_other_weights():
    # Cut 10 to 4 and spread the 6 over the three others: total stays 13.
    assert list(trim_weights([1, 1, 1, 10], upper=4)) == [3, 3, 3, 4]


def test_trimming_floors_small_weights():
    assert list(trim_weights([0.5, 2, 2, 3.5], lower=1)) == pytest.approx(
        [1, 2 - 0.5 / 3, 2 - 0.5 / 3, 3.5 - 0.5 / 3]
    )


def test_strict_trimming_repeats_until_all_weights_are_inside():
    w = trim_weights([1, 1, 3.9, 10], upper=4, strict=True)
    assert w.max() <= 4 and w.sum() == pytest.approx(15.9)
    # One pass leaves 3.9 + 6/3 = 5.9 above the cap.
    assert trim_weights([1, 1, 3.9, 10], upper=4).max() == pytest.approx(5.9)


def test_strict_trimming_refuses_bounds_the_total_cannot_meet():
    with pytest.raises(WeightingError, match="cannot be kept"):
        trim_weights([1, 3.9, 10], upper=4, strict=True)


def test_rake_then_trim_then_rerake_ends_inside_the_bounds_on_the_margins():
    rng = np.random.default_rng(3)
    n = 400
    gender = rng.choice(["m", "v"], n, p=[0.3, 0.7])
    age = rng.choice(["jong", "oud"], n, p=[0.7, 0.3])
    margins = {
        "gender": (gender, {"m": 500, "v": 500}),
        "age": (age, {"jong": 400, "oud": 600}),
    }
    untrimmed = rake(margins).weights
    result = rake_trimmed(margins, lower=0.5, upper=7)
    assert untrimmed.max() > 8
    assert result.weights.min() >= 0.5 and result.weights.max() <= 7 * 1.01
    assert result.weights[gender == "m"].sum() == pytest.approx(500)
    assert result.weights[age == "oud"].sum() == pytest.approx(600)
    assert kish_design_effect(result.weights) < kish_design_effect(untrimmed)


def test_rake_trimmed_raises_when_bounds_and_margins_cannot_both_hold():
    margins = {"g": (["m", "v", "v", "v"], {"m": 50, "v": 50})}
    with pytest.raises(WeightingError, match="did not settle"):
        rake_trimmed(margins, lower=10, upper=30, max_rounds=5, bound_tol=1e-6)


def test_kish_design_effect_by_hand():
    # Weights 1 and 3: 1 + CV^2 = n sum w^2 / (sum w)^2 = 2 * 10 / 16 = 1.25.
    assert kish_design_effect([1, 3]) == pytest.approx(1.25)
    assert effective_sample_size([1, 3]) == pytest.approx(16 / 10)


@given(st.lists(st.floats(0.01, 100), min_size=1, max_size=50), st.floats(0.01, 100))
@settings(max_examples=100, deadline=None)
def test_design_effect_is_at_least_one_and_ignores_the_scale_of_weights(weights, scale):
    deff = kish_design_effect(weights)
    assert deff >= 1 - 1e-12
    assert kish_design_effect(np.array(weights) * scale) == pytest.approx(deff)
    assert effective_sample_size(weights) <= len(weights) + 1e-9
