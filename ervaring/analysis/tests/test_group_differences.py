"""Significance marks for breakdowns: a group against all other respondents, design-based.

The expected values are worked out by hand below (one stratum, weight N/n, linearised
domain means), not taken from the code.
"""

import math

import pandas as pd

from ervaring.analysis.results import (
    QuestionSpec,
    build_design,
    group_differences,
    question_results,
)

QUESTION = QuestionSpec(id="q1", type="agree")


def _frame() -> pd.DataFrame:
    # Team a: 8 of 10 agree (80%); team b: 5 of 10 agree (50%); one stratum.
    answers = [5] * 8 + [2] * 2 + [4] * 5 + [1] * 5
    teams = ["a"] * 10 + ["b"] * 10
    return pd.DataFrame({"q1": answers, "team": teams, "stratum": "s"})


def _hand_z(population: int) -> float:
    """z of team a against the rest (team b), worked out step by step.

    Linearised values u_i = (y_i - p_group) / n_group (the weight N/n cancels):
    team a: 8 x (1 - 0.8)/10 = 0.02 and 2 x (0 - 0.8)/10 = -0.08 -> sum of squares 0.016;
    team b (sign flipped, squares the same): 10 x 0.05^2 -> 0.025. Mean of u is 0.
    v = (1 - n/N) * n/(n-1) * 0.041 with n = 20.
    """
    variance = (1 - 20 / population) * 20 / 19 * 0.041
    return 0.30 / math.sqrt(variance)


def _marks(population: int) -> dict:
    frame = _frame()
    design = build_design(frame, {"s": population})
    rows = question_results(frame, [QUESTION], design, ["team"], min_n=10)
    return group_differences(frame, [QUESTION], design, rows, ["team"], min_n=10)


def test_hand_values_sit_on_either_side_of_the_5_percent_line():
    assert _hand_z(25) > 1.96  # 3.23: the fpc of a nearly complete count
    assert _hand_z(1000) < 1.96  # 1.46


def test_small_population_makes_the_difference_significant_through_the_fpc():
    assert _marks(25) == {("q1", "team", "a"): 1, ("q1", "team", "b"): -1}


def test_large_population_leaves_the_same_difference_unmarked():
    assert _marks(1000) == {}


def test_a_suppressed_group_gets_no_mark():
    frame = _frame()
    design = build_design(frame, {"s": 25})
    rows = question_results(frame, [QUESTION], design, ["team"], min_n=10)
    hidden = [
        r if r.group != "a" else r.__class__(**{**r.__dict__, "suppressed": True}) for r in rows
    ]
    marks = group_differences(frame, [QUESTION], design, hidden, ["team"], min_n=10)
    assert ("q1", "team", "a") not in marks
    assert marks == {("q1", "team", "b"): -1}


def test_overlapping_groups_are_tested_against_everyone_outside_them():
    frame = _frame()
    design = build_design(frame, {"s": 25})
    # Provision "hulp" holds exactly team a's respondents, "vervoer" team b's: same test.
    long = pd.DataFrame({"row": range(20), "group": ["hulp"] * 10 + ["vervoer"] * 10})
    rows = question_results(
        frame, [QUESTION], design, min_n=10, memberships={"provision_groups": long}
    )
    marks = group_differences(
        frame, [QUESTION], design, rows, min_n=10, memberships={"provision_groups": long}
    )
    assert marks == {
        ("q1", "provision_groups", "hulp"): 1,
        ("q1", "provision_groups", "vervoer"): -1,
    }
