"""Design-based proportions and intervals, checked against textbook formulas by hand."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from ervaring.stats import StratifiedDesign, estimate_proportion


def ones_and_zeros(ones: int, zeros: int) -> np.ndarray:
    return np.array([1.0] * ones + [0.0] * zeros)


def test_simple_random_sample_reduces_to_cochran_textbook_se():
    # Cochran (1977) 3.2: v(p) = p q / (n - 1) without fpc.
    result = estimate_proportion(ones_and_zeros(30, 70))
    assert result.estimate == pytest.approx(30.0)
    assert result.se == pytest.approx(100 * math.sqrt(0.3 * 0.7 / 99), rel=1e-12)
    assert (result.n, result.df) == (100, 99)


def test_simple_random_sample_with_population_gains_the_fpc_n_minus_n_over_n():
    # Cochran 3.2 with fpc: v(p) = (N - n) / N * p q / (n - 1).
    result = estimate_proportion(ones_and_zeros(30, 70), None, 1000)
    assert result.se == pytest.approx(100 * math.sqrt(900 / 1000 * 0.21 / 99), rel=1e-12)


def test_wald_interval_is_estimate_plus_minus_t_quantile_times_se():
    result = estimate_proportion(ones_and_zeros(30, 70), interval="wald")
    half = stats.t.ppf(0.975, 99) * 100 * math.sqrt(0.21 / 99)
    assert result.ci_low == pytest.approx(30 - half, rel=1e-12)
    assert result.ci_high == pytest.approx(30 + half, rel=1e-12)


def test_normal_quantile_can_be_asked_for_instead_of_t():
    result = estimate_proportion(ones_and_zeros(30, 70), interval="wald", dof="normal")
    assert result.ci_high == pytest.approx(30 + 1.959963984540054 * 100 * math.sqrt(0.21 / 99))


def test_logit_interval_is_wald_on_the_log_odds_mapped_back():
    result = estimate_proportion(ones_and_zeros(30, 70))
    se_logit = math.sqrt(0.21 / 99) / (0.3 * 0.7)
    q = stats.t.ppf(0.975, 99)
    logit = math.log(0.3 / 0.7)
    assert result.ci_low == pytest.approx(100 / (1 + math.exp(-(logit - q * se_logit))))
    assert result.ci_high == pytest.approx(100 / (1 + math.exp(-(logit + q * se_logit))))


def test_logit_interval_stays_inside_0_100_where_wald_leaves_it():
    y = ones_and_zeros(1, 19)
    wald = estimate_proportion(y, interval="wald")
    logit = estimate_proportion(y, interval="logit")
    assert wald.ci_low < 0
    assert 0 < logit.ci_low < logit.estimate < logit.ci_high < 100


def test_wilson_interval_uses_the_effective_sample_size():
    # Without weights or fpc, n_eff = p q / v = n - 1 = 99.
    result = estimate_proportion(ones_and_zeros(30, 70), interval="wilson")
    n, p, q = 99, 0.3, stats.t.ppf(0.975, 99)
    centre = (p + q**2 / (2 * n)) / (1 + q**2 / n)
    half = q / (1 + q**2 / n) * math.sqrt(p * (1 - p) / n + q**2 / (4 * n**2))
    assert result.ci_low == pytest.approx(100 * (centre - half), rel=1e-12)
    assert result.ci_high == pytest.approx(100 * (centre + half), rel=1e-12)


def test_everyone_agreeing_gives_an_interval_below_100_not_a_point():
    # "100% of 12" is not certain; the logit interval does not exist at 100%, so the
    # Wilson interval with the Kish effective n (12) is used.
    result = estimate_proportion(ones_and_zeros(12, 0))
    q = stats.t.ppf(0.975, 11)
    assert result.estimate == 100
    assert result.ci_high == pytest.approx(100)
    assert result.ci_low == pytest.approx(100 * 12 / (12 + q**2), rel=1e-12)


def test_nobody_agreeing_gives_an_interval_above_zero():
    result = estimate_proportion(ones_and_zeros(0, 12))
    assert result.ci_low == pytest.approx(0, abs=1e-12)
    assert 0 < result.ci_high < 30


def test_census_stratum_has_no_sampling_error():
    result = estimate_proportion(ones_and_zeros(30, 30), None, 60)
    assert result.se == 0
    assert result.ci_low == pytest.approx(50) and result.ci_high == pytest.approx(50)


def test_stratified_estimate_weights_strata_by_population_not_by_respondents():
    # 10 of 10 agree in a stratum of 100; 0 of 10 in a stratum of 300: 25%, not 50%.
    y = ones_and_zeros(10, 10)
    strata = ["a"] * 10 + ["b"] * 10
    assert estimate_proportion(y, strata, {"a": 100, "b": 300}).estimate == pytest.approx(25)


def test_stratified_se_is_the_classical_stratified_formula():
    # sum_h W_h^2 (1 - f_h) s_h^2 / n_h, with s_h^2 = n_h p_h q_h / (n_h - 1).
    y = np.concatenate([ones_and_zeros(6, 14), ones_and_zeros(12, 18)])
    strata = ["a"] * 20 + ["b"] * 30
    big_n = {"a": 100, "b": 300}
    w_a, w_b = 100 / 400, 300 / 400
    v = w_a**2 * (1 - 20 / 100) * 0.3 * 0.7 / 19 + w_b**2 * (1 - 30 / 300) * 0.4 * 0.6 / 29
    result = estimate_proportion(y, strata, big_n)
    assert result.estimate == pytest.approx(100 * (w_a * 0.3 + w_b * 0.4))
    assert result.se == pytest.approx(100 * math.sqrt(v), rel=1e-12)
    assert result.df == 50 - 2


def test_excluded_answers_form_a_domain_and_stay_in_the_stratum_size():
    # 100 respondents, 20 said "weet niet", 40 of the 80 agree. Domain estimation keeps
    # n = 100 in the design: v = n / (n - 1) * p q / n_d (R: subset(design, ...)).
    y = np.concatenate([ones_and_zeros(40, 40), np.full(20, np.nan)])
    result = estimate_proportion(y)
    assert result.estimate == pytest.approx(50)
    assert result.se == pytest.approx(100 * math.sqrt(100 / 99 * 0.25 / 80), rel=1e-12)
    assert (result.n, result.df) == (80, 79)


def test_given_weights_replace_the_design_weights_but_keep_the_fpc():
    y = ones_and_zeros(1, 1)
    strata = ["a", "a"]
    result = estimate_proportion(y, strata, {"a": 4}, weights=[3.0, 1.0])
    assert result.estimate == pytest.approx(75)
    # z = w (y - R) / W = (0.1875, -0.1875); (1 - 2/4) * 2/1 * sum z^2.
    assert result.se == pytest.approx(100 * math.sqrt(0.5 * 2 * 2 * 0.1875**2), rel=1e-12)


def test_a_prepared_design_gives_the_same_result_as_raw_strata():
    y = np.concatenate([ones_and_zeros(6, 14), ones_and_zeros(12, 18)])
    strata = ["a"] * 20 + ["b"] * 30
    design = StratifiedDesign.build(strata, {"a": 100, "b": 300})
    assert estimate_proportion(y, design) == estimate_proportion(y, strata, {"a": 100, "b": 300})


def test_a_single_respondent_has_no_interval():
    result = estimate_proportion(ones_and_zeros(1, 0))
    assert result.df == 0
    assert math.isnan(result.ci_low) and math.isnan(result.ci_high)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"population_by_stratum": {"a": 5}}, "more respondents than population"),
        ({"population_by_stratum": {"b": 50}}, "no population size"),
        ({"weights": [1.0, -1.0] * 5}, "non-negative"),
    ],
)
def test_design_rejects_inconsistent_inputs(kwargs, message):
    with pytest.raises(ValueError, match=message):
        estimate_proportion(ones_and_zeros(5, 5), ["a"] * 10, **kwargs)


def test_indicator_must_be_zero_or_one():
    with pytest.raises(ValueError, match="0/1"):
        estimate_proportion([0, 1, 2])
