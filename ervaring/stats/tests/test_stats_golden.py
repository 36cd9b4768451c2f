"""The statistics core against R's survey package (golden files; R is not needed here).

The golden values come from tools/r-golden/make_golden.R on the synthetic data written by
tools/r-golden/make_synthetic.py; see docs/statistics.md. Tolerance: 1e-9 relative
(1e-12 absolute for values at zero).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from ervaring.stats import (
    StratifiedDesign,
    compare_groups_with_rest,
    compare_with_population,
    effective_sample_size,
    estimate_proportion,
    kish_design_effect,
    poststratify,
    rake,
    rake_trimmed,
    summarise_agree,
    summarise_multiple_choice,
    summarise_single_choice,
    summarise_yes_no,
    trim_weights,
)

GOLDEN = Path(__file__).parent / "golden"
TEAMS = ["Centrum", "Noord", "Oost", "West", "Zuid", "onbekend", "totaal"]
MC = ["mc_a", "mc_b", "mc_c", "mc_d"]


def close(value: float) -> object:
    return pytest.approx(value, rel=1e-9, abs=1e-12)


@cache
def golden() -> dict[tuple[str, str, str, str, str], float]:
    frame = pd.read_csv(GOLDEN / "r_estimates.csv", dtype=str, keep_default_na=False)
    return {
        (r.section, r.question, r.group, r.option, r.statistic): float(r.value)
        for r in frame.itertuples()
    }


@cache
def survey() -> pd.DataFrame:
    return pd.read_csv(GOLDEN / "survey.csv")


@cache
def population() -> dict[str, float]:
    strata = pd.read_csv(GOLDEN / "strata.csv")
    return dict(zip(strata["stratum"], strata["N"].astype(float), strict=True))


@cache
def r_weights() -> pd.DataFrame:
    return pd.read_csv(GOLDEN / "r_weights.csv")


def margin(variable: str) -> dict[str, float]:
    margins = pd.read_csv(GOLDEN / "margins.csv")
    part = margins[margins["variable"] == variable]
    return dict(zip(part["category"], part["N"].astype(float), strict=True))


def check_share(
    row: pd.Series,
    section: str,
    question: str,
    group: str,
    option: str,
    estimate: str,
    se: str,
    wald: pd.Series | None = None,
) -> None:
    g = golden()
    key = (section, question, group, option)
    assert row[estimate] / 100 == close(g[(*key, "estimate")])
    assert row[se] / 100 == close(g[(*key, "se")])
    assert row["df"] == g[(*key, "df")]
    # xlogit: R's delta-method logit interval, exact; logit: R's svyglm fit of the same
    # interval, exact only to glm's convergence tolerance (about 1e-8).
    assert row["ci_low"] / 100 == close(g[(*key, "xlogit_low")])
    assert row["ci_high"] / 100 == close(g[(*key, "xlogit_high")])
    assert row["ci_low"] / 100 == pytest.approx(g[(*key, "logit_low")], rel=1e-6)
    assert row["ci_high"] / 100 == pytest.approx(g[(*key, "logit_high")], rel=1e-6)
    if wald is not None:
        assert wald["ci_low"] / 100 == close(g[(*key, "wald_low")])
        assert wald["ci_high"] / 100 == close(g[(*key, "wald_high")])


@pytest.mark.parametrize(
    ("section", "question", "weighted"),
    [
        ("agree", "q1", False),
        ("agree", "q2", False),
        ("agree", "q3", False),
        ("agree_weighted", "q1", True),
    ],
)
def test_agree_summary_matches_r_survey_per_team_and_total(section, question, weighted):
    d = survey()
    weights = d["w"] if weighted else None
    args = (d[question], d["stratum"], population(), weights, d["team"])
    logit = summarise_agree(*args)
    wald = summarise_agree(*args, interval="wald")
    assert list(logit.index) == TEAMS
    for team in TEAMS:
        check_share(
            logit.loc[team],
            section,
            question,
            team,
            "agree",
            "pct_agree",
            "se_agree",
            wald.loc[team],
        )
        for code in (5, 4, 3, 2, 1):
            expected = golden()[(section, question, team, str(code), "pct")]
            assert logit.loc[team, f"pct_{code}"] / 100 == close(expected)
        assert logit.loc[team, "n"] == golden()[(section, question, team, "", "n")]


def test_yes_no_summary_matches_r_survey():
    d = survey()
    result = summarise_yes_no(d["q_ja"], d["stratum"], population(), groups=d["team"])
    for team in TEAMS:
        check_share(result.loc[team], "yes_no", "q_ja", team, "1", "pct_yes", "se_yes")


def test_single_choice_summary_matches_r_survey_for_every_option():
    d = survey()
    result = summarise_single_choice(
        d["q_keuze"], [1, 2, 3, 4], d["stratum"], population(), groups=d["team"]
    )
    assert len(result) == 4 * len(TEAMS)
    for row in result.itertuples(index=False):
        check_share(
            pd.Series(row._asdict()),
            "single_choice",
            "q_keuze",
            row.group,
            str(row.option),
            "pct",
            "se",
        )


def test_multiple_choice_summary_matches_r_survey_for_every_option():
    d = survey()
    result = summarise_multiple_choice(d[MC], d["stratum"], population(), groups=d["team"])
    for row in result.itertuples(index=False):
        check_share(
            pd.Series(row._asdict()), "multiple_choice", "mc", row.group, row.option, "pct", "se"
        )


def test_group_versus_rest_difference_matches_r_svycontrast():
    d = survey()
    result = compare_groups_with_rest(d["q1"], d["stratum"], population(), groups=d["team"])
    for team in TEAMS[:-1]:
        key = ("group_vs_rest", "q1", team, "agree")
        row = result.loc[team]
        assert row["difference"] / 100 == close(golden()[(*key, "difference")])
        assert row["se"] / 100 == close(golden()[(*key, "se")])
        assert row["z"] == close(golden()[(*key, "z")])
        assert row["p_value"] == close(golden()[(*key, "p_value")])
        assert row["is_significant"] == (golden()[(*key, "p_value")] < 0.05)


@pytest.mark.parametrize(("question", "population_size"), [("no_fpc", None), ("fpc", 900.0)])
def test_simple_random_sample_matches_r_survey(question, population_size):
    codes = pd.read_csv(GOLDEN / "srs.csv")["q1"].to_numpy(float)
    valid = np.isin(codes, [1, 2, 3, 4, 5])
    indicator = np.where(valid, np.isin(codes, [4, 5]).astype(float), np.nan)
    key = ("srs", question, "totaal", "agree")
    logit = estimate_proportion(indicator, None, population_size)
    wald = estimate_proportion(indicator, None, population_size, interval="wald")
    assert logit.estimate / 100 == close(golden()[(*key, "estimate")])
    assert logit.se / 100 == close(golden()[(*key, "se")])
    assert logit.df == golden()[(*key, "df")]
    assert logit.ci_low / 100 == close(golden()[(*key, "xlogit_low")])
    assert logit.ci_high / 100 == close(golden()[(*key, "xlogit_high")])
    assert logit.ci_low / 100 == pytest.approx(golden()[(*key, "logit_low")], rel=1e-6)
    assert wald.ci_low / 100 == close(golden()[(*key, "wald_low")])
    assert wald.ci_high / 100 == close(golden()[(*key, "wald_high")])


@pytest.mark.parametrize("variable", ["agegroup", "district", "gender"])
def test_chi_square_goodness_of_fit_matches_r_chisq_test(variable):
    result = compare_with_population(survey()[variable], margin(variable))
    assert result.chi2 == close(golden()[("chisq", variable, "", "", "statistic")])
    assert result.p_value == close(golden()[("chisq", variable, "", "", "p_value")])
    assert result.df == golden()[("chisq", variable, "", "", "df")]


def design_weights() -> np.ndarray:
    d = survey()
    return StratifiedDesign.build(d["stratum"], population()).respondent_weights()


def test_design_weights_are_population_over_respondents_as_in_r():
    assert design_weights() == pytest.approx(r_weights()["design"].to_numpy(), rel=1e-12)


def test_poststratification_weights_match_r_poststratify():
    d = survey()
    cells_frame = pd.read_csv(GOLDEN / "cells.csv")
    cells = {f"{g}|{a}": n for g, a, n in cells_frame.itertuples(index=False)}
    weights = poststratify(d["gender"] + "|" + d["agegroup"], cells, design_weights())
    assert weights == pytest.approx(r_weights()["poststratify"].to_numpy(), rel=1e-9)
    pct = summarise_agree(d["q1"], d["stratum"], population(), weights).loc["totaal"]
    assert pct["pct_agree"] / 100 == close(
        golden()[("weighting", "poststratify", "totaal", "agree", "estimate")]
    )


def raking_margins() -> dict:
    d = survey()
    return {name: (d[name], margin(name)) for name in ("gender", "agegroup", "district")}


def test_raking_weights_match_r_rake():
    result = rake(raking_margins(), design_weights(), tol=1e-13, max_iter=500)
    assert result.weights == pytest.approx(r_weights()["rake"].to_numpy(), rel=1e-9)
    d = survey()
    pct = summarise_agree(d["q1"], d["stratum"], population(), result.weights).loc["totaal"]
    assert pct["pct_agree"] / 100 == close(
        golden()[("weighting", "rake", "totaal", "agree", "estimate")]
    )
    assert kish_design_effect(result.weights) == close(
        golden()[("weighting", "kish", "rake", "", "deff")]
    )


def test_trimming_matches_r_trimweights():
    trimmed = trim_weights(r_weights()["rake"].to_numpy(), lower=2, upper=8)
    assert trimmed == pytest.approx(r_weights()["trim"].to_numpy(), rel=1e-12)


def test_trim_then_rerake_matches_the_same_loop_in_r():
    result = rake_trimmed(
        raking_margins(), 2, 8, design_weights(), tol=1e-13, max_iter=500, bound_tol=1e-6
    )
    assert result.iterations > 0
    assert result.weights == pytest.approx(r_weights()["rake_trimmed"].to_numpy(), rel=1e-9)


def test_kish_design_effect_and_effective_n_of_given_weights_match_r():
    w = survey()["w"].to_numpy()
    assert kish_design_effect(w) == close(golden()[("weighting", "kish", "given", "", "deff")])
    assert effective_sample_size(w) == close(golden()[("weighting", "kish", "given", "", "n_eff")])
