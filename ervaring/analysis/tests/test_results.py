"""Result rows from a small dataset, checked against counts worked out by hand."""

import numpy as np
import pandas as pd
import pytest

from ervaring.analysis.results import (
    OVERALL,
    QuestionSpec,
    build_design,
    question_results,
    rows_by_key,
)

SCALE = [5, 4, 3, 2, 1, 8, 9]


def dataset():
    """20 respondents, one stratum: team a has 14, team b 6.

    q: a -> 6x5, 4x4, 2x3, 1x2, 1x9 (13 valid, 10 agree); b -> 3x4, 3x1 (6 valid, 3 agree).
    """
    q = [5] * 6 + [4] * 4 + [3] * 2 + [2] + [9] + [4] * 3 + [1] * 3
    return pd.DataFrame(
        {
            "stratum": pd.Categorical(["alle"] * 20),
            "team": pd.Categorical(["a"] * 14 + ["b"] * 6),
            "q": pd.Categorical(q, categories=SCALE),
            "yn": ["ja"] * 12 + ["nee"] * 6 + [None] * 2,
            "keuze": ["bus"] * 5 + ["taxi"] * 15,
            "m__bus": [1.0] * 8 + [0.0] * 10 + [np.nan] * 2,
            "m__taxi": [1.0] * 18 + [np.nan] * 2,
        }
    )


SPECS = [
    QuestionSpec("q", "agree"),
    QuestionSpec("yn", "yesno"),
    QuestionSpec("keuze", "single", options=("bus", "taxi")),
    QuestionSpec("m", "multi", options=("bus", "taxi")),
]


def test_overall_row_is_published_from_min_n_and_groups_are_suppressed_together():
    frame = dataset()
    rows = rows_by_key(question_results(frame, SPECS, build_design(frame), ["team"], min_n=10))
    overall = rows[("q", OVERALL, "totaal", None)]
    assert overall.n == 19 and overall.n_excluded == 1
    assert overall.value == pytest.approx(100 * 13 / 19)
    assert overall.pct_neutral == pytest.approx(100 * 2 / 19)
    assert overall.ci_low < overall.value < overall.ci_high
    # b has 6 valid answers: suppressed, and a with it (else b = totaal - a).
    assert rows[("q", "team", "b", None)].suppressed
    assert rows[("q", "team", "a", None)].suppressed
    assert rows[("q", "team", "a", None)].value is None
    assert not rows[("q", "team", "totaal", None)].suppressed


def test_groups_at_min_n_are_published_with_their_own_shares():
    frame = dataset()
    rows = rows_by_key(question_results(frame, SPECS, build_design(frame), ["team"], min_n=6))
    a, b = rows[("q", "team", "a", None)], rows[("q", "team", "b", None)]
    assert (a.n, b.n) == (13, 6)
    assert a.value == pytest.approx(100 * 10 / 13) and b.value == pytest.approx(50.0)
    assert b.pct_disagree == pytest.approx(50.0)


def test_yes_no_single_and_multiple_choice_give_a_row_per_option():
    frame = dataset()
    rows = rows_by_key(question_results(frame, SPECS, build_design(frame), min_n=10))
    yes = rows[("yn", OVERALL, "totaal", None)]
    assert yes.n == 18 and yes.value == pytest.approx(100 * 12 / 18)
    assert rows[("keuze", OVERALL, "totaal", "bus")].value == pytest.approx(25.0)
    assert rows[("keuze", OVERALL, "totaal", "taxi")].value == pytest.approx(75.0)
    # Multiple choice: % of the 18 who answered; the shares need not add up to 100.
    assert rows[("m", OVERALL, "totaal", "bus")].value == pytest.approx(100 * 8 / 18)
    assert rows[("m", OVERALL, "totaal", "taxi")].value == pytest.approx(100.0)


def test_an_overlapping_breakdown_counts_a_respondent_in_each_of_their_groups():
    frame = dataset()
    # Rows 0-9 hold begeleiding, rows 5-19 vervoer: 5 respondents hold both.
    long = pd.DataFrame(
        {
            "row": np.r_[np.arange(0, 10), np.arange(5, 20)],
            "group": pd.Categorical(["begeleiding"] * 10 + ["vervoer"] * 15),
        }
    )
    rows = rows_by_key(
        question_results(
            frame, SPECS[:1], build_design(frame), min_n=5, memberships={"voorziening": long}
        )
    )
    begeleiding = rows[("q", "voorziening", "begeleiding", None)]
    vervoer = rows[("q", "voorziening", "vervoer", None)]
    # Rows 0-9: 6x5, 4x4 -> 10 of 10 agree. Rows 5-19: 1x5, 4x4, 2x3, 1x2, 1x9, 3x4, 3x1.
    assert begeleiding.n == 10 and begeleiding.value == pytest.approx(100.0)
    assert vervoer.n == 14 and vervoer.value == pytest.approx(100 * 8 / 14)
    assert not begeleiding.suppressed and not vervoer.suppressed
