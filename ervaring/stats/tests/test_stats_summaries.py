"""Per-question summaries: hand-worked tables and Hypothesis properties."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ervaring.stats import (
    StratifiedDesign,
    summarise_agree,
    summarise_multiple_choice,
    summarise_single_choice,
    summarise_yes_no,
)
from ervaring.stats.summaries import categorise

NAN = float("nan")


def test_agree_summary_counts_and_percentages_by_hand():
    codes = [5, 5, 4, 4, 4, 3, 2, 1, 8, 9, 9, NAN]
    row = summarise_agree(codes, None).loc["totaal"]
    assert row["n"] == 8
    assert (row["n_excluded"], row["n_weet_niet"], row["n_nvt"], row["n_missing"]) == (4, 1, 2, 1)
    assert [row[f"count_{c}"] for c in (5, 4, 3, 2, 1)] == [2, 3, 1, 1, 1]
    assert row["pct_5"] == pytest.approx(100 * 2 / 8)
    assert row["pct_agree"] == pytest.approx(100 * 5 / 8)
    assert row["pct_neutral"] == pytest.approx(100 * 1 / 8)
    assert row["pct_disagree"] == pytest.approx(100 * 2 / 8)
    assert row["ci_low"] < row["pct_agree"] < row["ci_high"]


def test_almelo_published_percentages_follow_from_counts_with_nvt_excluded():
    # Almelo CEO Jeugd 2022: "22% wist dat zij gebruik kon maken van een OCO (n=94); 78%
    # wist dit niet". 21 of 94 is the only count that rounds to 22%.
    codes = [1] * 21 + [2] * 73 + [9] * 6
    row = summarise_yes_no(codes, None).loc["totaal"]
    assert row["n"] == 94 and row["n_nvt"] == 6
    assert round(row["pct_yes"]) == 22 and round(row["pct_no"]) == 78
    # "94% ... heeft hulp gekregen, tegenover 6%" (n=65): 61 and 4.
    row = summarise_yes_no([1] * 61 + [2] * 4, None).loc["totaal"]
    assert (round(row["pct_yes"]), round(row["pct_no"])) == (94, 6)


def test_groups_come_in_order_with_unknown_group_and_total_last():
    codes = [5, 4, 3, 2, 1, 5]
    groups = ["Zuid", "Noord", None, "Zuid", "Noord", "Noord"]
    result = summarise_agree(codes, None, groups=groups)
    assert list(result.index) == ["Noord", "Zuid", "onbekend", "totaal"]
    assert list(result["n"]) == [3, 2, 1, 6]
    assert result.loc["Noord", "pct_agree"] == pytest.approx(200 / 3)


def test_categorical_groups_keep_empty_categories_as_rows():
    groups = pd.Categorical(["Noord", "Noord"], categories=["Noord", "Oost"])
    result = summarise_agree([5, 1], None, groups=groups)
    assert list(result.index) == ["Noord", "Oost", "totaal"]
    assert result.loc["Oost", "n"] == 0


def test_unexpected_answer_code_is_an_error_not_silently_dropped():
    with pytest.raises(ValueError, match="unexpected answer codes"):
        summarise_agree([5, 6, 4], None)


def test_categorise_gives_each_code_its_place_and_missing_the_last():
    allowed = [5, 4, 3, 2, 1, 8, 9]
    index = categorise([5, 1, 9, NAN, 8, 3.0, 4], allowed)
    assert index.tolist() == [0, 4, 6, 7, 5, 2, 1]


@pytest.mark.parametrize("code", [6, 10, 2.5, -1, float("inf")])
def test_categorise_refuses_any_other_code(code):
    # 10 is one past the highest allowed code: the place where missing answers go.
    with pytest.raises(ValueError, match=r"unexpected answer codes"):
        categorise([5, code, NAN], [5, 4, 3, 2, 1, 8, 9])


def test_stratum_weights_shift_the_total_but_not_a_single_stratum_group():
    codes = [5] * 10 + [1] * 10
    strata = ["a"] * 10 + ["b"] * 10
    result = summarise_agree(codes, strata, {"a": 100, "b": 300}, groups=strata)
    assert result.loc["a", "pct_agree"] == 100
    assert result.loc["totaal", "pct_agree"] == pytest.approx(25)


def test_single_choice_gives_percent_per_option_of_valid_answers():
    result = summarise_single_choice([1, 1, 2, 3, 9, NAN], [1, 2, 3], None)
    assert list(result["option"]) == [1, 2, 3]
    assert list(result["pct"]) == pytest.approx([50, 25, 25])
    assert set(result["n"]) == {4} and set(result["n_excluded"]) == {2}


def test_multiple_choice_shares_are_of_respondents_who_ticked_something():
    selected = pd.DataFrame(
        {"huisarts": [1, 1, 0, 0, NAN], "school": [1, 0, 1, 0, NAN], "anders": [0, 0, 0, 0, NAN]}
    )
    result = summarise_multiple_choice(selected, None)
    assert list(result["option"]) == ["huisarts", "school", "anders"]
    # Row 4 ticked nothing and row 5 is blank: base is 3.
    assert list(result["n"]) == [3, 3, 3]
    assert list(result["pct"]) == pytest.approx([200 / 3, 200 / 3, 0])


def test_multiple_choice_accepts_an_explicit_base():
    selected = np.array([[1, 0], [0, 0], [0, 1], [0, 0]])
    result = summarise_multiple_choice(selected, None, answered=[True, True, True, False])
    assert list(result["pct"]) == pytest.approx([100 / 3, 100 / 3])


# --- properties -------------------------------------------------------------------------

CODES = st.sampled_from([1, 2, 3, 4, 5, 8, 9, NAN])


@st.composite
def surveys(draw, min_size=1):
    n = draw(st.integers(min_size, 60))
    codes = draw(st.lists(CODES, min_size=n, max_size=n))
    strata = draw(st.lists(st.sampled_from(["a", "b", "c"]), min_size=n, max_size=n))
    groups = draw(st.lists(st.sampled_from(["x", "y", None]), min_size=n, max_size=n))
    weights = draw(
        st.one_of(
            st.none(),
            st.lists(st.floats(0.1, 10), min_size=n, max_size=n),
        )
    )
    population = {s: strata.count(s) + draw(st.integers(0, 200)) for s in set(strata)}
    return codes, strata, population, weights, groups


@given(surveys())
@settings(max_examples=150, deadline=None)
def test_agree_shares_add_up_to_100(survey):
    result = summarise_agree(*survey)
    answered = result[result["n"] > 0]
    per_code = answered[[f"pct_{c}" for c in (5, 4, 3, 2, 1)]].sum(axis=1)
    assert per_code.to_numpy() == pytest.approx(100)
    three = answered[["pct_agree", "pct_neutral", "pct_disagree"]].sum(axis=1)
    assert three.to_numpy() == pytest.approx(100)
    assert (result["n"] + result["n_excluded"]).iloc[-1] == len(survey[0])


@given(surveys())
@settings(max_examples=150, deadline=None)
def test_interval_stays_inside_0_100_and_holds_the_estimate(survey):
    result = summarise_agree(*survey)
    has_interval = result["ci_low"].notna()
    ok = result[has_interval]
    assert (ok["ci_low"] >= -1e-9).all() and (ok["ci_high"] <= 100 + 1e-9).all()
    assert (ok["ci_low"] <= ok["pct_agree"] + 1e-9).all()
    assert (ok["pct_agree"] <= ok["ci_high"] + 1e-9).all()
    # No interval only where there is no design df (at most one answer per stratum).
    assert (result.loc[~has_interval, "df"] < 1).all()


@given(surveys(), st.lists(st.sampled_from([8, 9, NAN]), min_size=1, max_size=20), st.data())
@settings(max_examples=150, deadline=None)
def test_excluded_answers_never_change_pct_agree_with_given_weights(survey, extra, data):
    codes, strata, _population, weights, groups = survey
    weights = weights or [1.0] * len(codes)
    before = summarise_agree(codes, strata, None, weights, groups)
    k = len(extra)
    more_strata = data.draw(st.lists(st.sampled_from(sorted(set(strata))), min_size=k, max_size=k))
    more_groups = data.draw(st.lists(st.sampled_from(["x", "y"]), min_size=k, max_size=k))
    after = summarise_agree(
        codes + extra, strata + more_strata, None, weights + [2.5] * k, groups + more_groups
    )
    shared = before.index.intersection(after.index)
    assert after.loc[shared, "pct_agree"].to_numpy() == pytest.approx(
        before.loc[shared, "pct_agree"].to_numpy(), nan_ok=True
    )
    assert after.loc["totaal", "n_excluded"] == before.loc["totaal", "n_excluded"] + k


@given(surveys(), st.data())
@settings(max_examples=150, deadline=None)
def test_which_excluded_code_was_given_never_changes_any_percentage(survey, data):
    codes, strata, population, weights, groups = survey
    swapped = [
        data.draw(st.sampled_from([8, 9, NAN])) if c in (8, 9) or c != c else c for c in codes
    ]
    before = summarise_agree(codes, strata, population, weights, groups)
    after = summarise_agree(swapped, strata, population, weights, groups)
    columns = ["n", "n_excluded", "pct_agree", "se_agree", "ci_low", "ci_high", "pct_3"]
    pd.testing.assert_frame_equal(before[columns], after[columns])


@given(st.lists(st.sampled_from([1, 2, 3, 4, 9]), min_size=1, max_size=80))
@settings(max_examples=100, deadline=None)
def test_unweighted_single_choice_is_count_over_valid_n(codes):
    result = summarise_single_choice(codes, [1, 2, 3, 4], None)
    valid = [c for c in codes if c != 9]
    if valid:
        expected = [100 * valid.count(o) / len(valid) for o in (1, 2, 3, 4)]
        assert list(result["pct"]) == pytest.approx(expected)
        assert result["pct"].sum() == pytest.approx(100)


def test_a_prepared_design_is_reused_across_questions_with_the_same_result():
    rng = np.random.default_rng(7)
    codes = rng.choice([1, 2, 3, 4, 5, 8], 500).astype(float)
    strata = pd.Categorical(rng.choice(["a", "b"], 500))
    population = {"a": 1000, "b": 2000}
    design = StratifiedDesign.build(strata, population)
    groups = rng.choice(["x", "y", "z"], 500)
    pd.testing.assert_frame_equal(
        summarise_agree(codes, design, groups=groups),
        summarise_agree(codes, strata, population, groups=groups),
    )
