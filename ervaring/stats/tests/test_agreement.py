"""Cohen's kappa against published and hand-worked values, never against its own output."""

import pytest

from ervaring.stats.agreement import add_tables, binary_table, cohens_kappa, share_agreed


def test_the_wikipedia_example_of_fifty_grant_proposals_gives_0_4():
    # Wikipedia, "Cohen's kappa", simple example: A and B both say yes to 20, A yes B no 5,
    # A no B yes 10, both no 15. p_o = 35/50 = 0.7; p_e = 0.5*0.6 + 0.5*0.4 = 0.5;
    # kappa = (0.7 - 0.5) / 0.5 = 0.4.
    assert cohens_kappa([[20, 5], [10, 15]]) == pytest.approx(0.4)


@pytest.mark.parametrize(
    "table, kappa",
    [
        # Wikipedia's pair with the same p_o = 0.60 but different marginals:
        ([[45, 15], [25, 15]], 0.1304),
        ([[25, 35], [5, 35]], 0.2593),
    ],
)
def test_equal_observed_agreement_gives_the_published_kappas(table, kappa):
    assert share_agreed(table) == pytest.approx(0.6)
    assert cohens_kappa(table) == pytest.approx(kappa, abs=5e-5)


def test_a_three_category_table_worked_by_hand():
    # 30 items, rows [8 1 1], [1 6 3], [0 2 8]: diagonal 22, so p_o = 22/30. Row totals
    # 10, 10, 10 and column totals 9, 9, 12: p_e = (10*9 + 10*9 + 10*12) / 900 = 10/30.
    # kappa = (22/30 - 10/30) / (20/30) = 12/20 = 0.6.
    assert cohens_kappa([[8, 1, 1], [1, 6, 3], [0, 2, 8]]) == pytest.approx(0.6)


def test_perfect_agreement_is_one_and_no_variation_is_undefined():
    assert cohens_kappa([[3, 0], [0, 7]]) == pytest.approx(1.0)
    assert cohens_kappa([[0, 0], [0, 10]]) is None
    assert cohens_kappa([[0, 0], [0, 0]]) is None


def test_decisions_make_the_table_and_tables_pool_cell_by_cell():
    decisions = [(True, True)] * 20 + [(True, False)] * 5 + [(False, True)] * 10
    decisions += [(False, False)] * 15
    assert binary_table(decisions) == [[20, 5], [10, 15]]
    assert add_tables([[[1, 2], [3, 4]], [[10, 0], [0, 1]]]) == [[11, 2], [3, 5]]
