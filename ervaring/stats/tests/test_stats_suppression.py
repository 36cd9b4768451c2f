"""Small-group suppression and complementary suppression."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ervaring.stats import (
    StratifiedDesign,
    apply_suppression,
    decide_suppression,
    summarise_agree,
    summarise_single_choice,
)
from ervaring.stats.suppression import (
    decide_overlapping_suppression,
    hidden_only,
    strata_to_pool,
)


def test_group_below_min_n_is_suppressed_with_its_complement():
    decision = decide_suppression({"Noord": 40, "Oost": 9, "West": 12, "Zuid": 30})
    # Oost alone would follow from totaal - the others; West is the next smallest.
    assert decision.groups == {"Oost", "West"}
    assert not decision.total


def test_nothing_is_suppressed_when_every_group_reaches_min_n():
    assert decide_suppression({"a": 10, "b": 25}).groups == frozenset()


def test_two_small_groups_that_together_stay_below_min_n_get_a_third():
    # 3 + 4 = 7 would be the published "rest"; add the smallest published group.
    decision = decide_suppression({"a": 3, "b": 4, "c": 15, "d": 11})
    assert decision.groups == {"a", "b", "d"}


def test_two_small_groups_that_together_reach_min_n_need_no_complement():
    assert decide_suppression({"a": 5, "b": 6, "c": 30}).groups == {"a", "b"}


def test_empty_groups_are_suppressed_and_protected_too():
    # Two teams without answers: "0 and 0" would follow from the total; with c added,
    # c = totaal - d - 0 - 0 would still follow for a reader who knows a and b are empty
    # (a team list with respondent counts says so), so d goes as well.
    decision = decide_suppression({"a": 0, "b": 0, "c": 20, "d": 30})
    assert decision.groups == {"a", "b", "c", "d"}


def test_a_group_known_to_have_no_respondents_needs_no_complement():
    sizes = {"a": 0, "b": 30, "c": 40}
    assert decide_suppression(sizes, respondents=sizes).groups == {"a"}


def test_forced_groups_are_suppressed_and_count_for_the_complement():
    # Rule 3: "b" is too small by respondents, so suppressed whatever its answers.
    decision = decide_suppression({"a": 40, "b": 12, "c": 15, "d": 30}, forced={"b"})
    assert decision.groups == {"b", "c"}
    assert decide_suppression({"a": 40, "b": 3, "c": 15}, forced={"b", "c"}).groups == {"b", "c"}


def test_total_below_min_n_suppresses_everything():
    decision = decide_suppression({"a": 4, "b": 5})
    assert decision.total and decision.groups == {"a", "b"}


def test_min_n_is_a_setting():
    assert decide_suppression({"a": 4, "b": 8}, min_n=5).groups == {"a", "b"}
    assert decide_suppression({"a": 5, "b": 8}, min_n=5).groups == frozenset()


def test_groups_tied_for_smallest_are_suppressed_together_as_complement():
    # Choosing "c" by breakdown order would leave "b" = 10 published and tell a reader
    # who knows the rule that the complement is at most 10, so "a" would be exactly 9.
    assert decide_suppression({"c": 10, "b": 10, "a": 9, "d": 40}).groups == {"a", "b", "c"}


def test_the_decision_does_not_depend_on_the_order_of_the_groups():
    sizes = {"a": 2, "b": 12, "c": 12, "d": 30}
    reversed_sizes = dict(reversed(list(sizes.items())))
    assert decide_suppression(sizes) == decide_suppression(reversed_sizes)


def test_suppressed_row_values_become_none_never_zero():
    codes = [5] * 20 + [4] * 15 + [1] * 3
    groups = ["Noord"] * 20 + ["Zuid"] * 15 + ["Oost"] * 3
    table = apply_suppression(summarise_agree(codes, None, groups=groups))
    oost = table.loc["Oost"]
    assert oost["suppressed"]
    assert oost["n"] is None and oost["pct_agree"] is None and oost["count_1"] is None
    assert table.loc["Zuid", "suppressed"]  # the complement (15 < 20)
    assert table.loc["Noord", "n"] == 20 and not table.loc["Noord", "suppressed"]
    assert table.loc["totaal", "n"] == 38


def test_long_summaries_suppress_every_option_row_of_a_group():
    codes = [1] * 12 + [2] * 14 + [1] * 2
    groups = ["a"] * 12 + ["b"] * 14 + ["c"] * 2
    table = apply_suppression(summarise_single_choice(codes, [1, 2], None, groups=groups))
    hidden = table[table["suppressed"]]
    assert set(hidden["group"]) == {"a", "c"}
    assert hidden["pct"].isna().all() and all(v is None for v in hidden["count"])
    assert list(hidden["option"]) == [1, 2, 1, 2]


def test_min_n_below_one_is_rejected():
    with pytest.raises(ValueError):
        decide_suppression({"a": 3}, min_n=0)


def published(sizes: dict[str, int], min_n: int) -> tuple[dict, int | None]:
    decision = decide_suppression(sizes, min_n)
    cells = {k: (None if k in decision.groups else v) for k, v in sizes.items()}
    return cells, None if decision.total else sum(sizes.values())


def consistent(cells: dict, total: int | None, candidate: dict, min_n: int) -> bool:
    """Could ``candidate`` be the true sizes, for a reader of the published table?

    The reader knows the published sizes and the total, that sizes are whole numbers
    >= 0, and that something was suppressed because some group was below ``min_n``.
    """
    if any(v is not None and candidate[k] != v for k, v in cells.items()):
        return False
    if min(candidate.values()) < 0:
        return False
    if total is not None and sum(candidate.values()) != total:
        return False
    return any(candidate[k] < min_n for k, v in cells.items() if v is None)


@given(
    st.lists(st.integers(0, 40), min_size=1, max_size=6),
    st.integers(1, 15),
)
@settings(max_examples=400, deadline=None)
def test_a_suppressed_group_never_follows_from_the_total_and_the_published_groups(counts, min_n):
    sizes = {f"g{i}": n for i, n in enumerate(counts)}
    cells, total = published(sizes, min_n)
    hidden = [k for k, v in cells.items() if v is None]
    for label, value in cells.items():
        if value is not None:
            assert value >= min_n
            continue
        if total is None:
            continue  # nothing is published, so nothing can be worked out
        # Some other dataset that the reader cannot tell apart gives this group a
        # different size: move respondents between it and another suppressed group.
        others = [k for k in hidden if k != label]
        assert any(
            consistent(cells, total, moved, min_n)
            for other in others
            for src, dst in ((label, other), (other, label))
            for k in range(1, sizes[src] + 1)
            for moved in [{**sizes, src: sizes[src] - k, dst: sizes[dst] + k}]
        ), (sizes, cells)


def test_a_total_without_breakdown_is_published_when_its_own_n_is_enough():
    from ervaring.stats import summarise_agree

    enough = apply_suppression(summarise_agree([5] * 30 + [1] * 20, None), 10)
    assert not enough.loc["totaal", "suppressed"]
    assert enough.loc["totaal", "n"] == 50
    too_few = apply_suppression(summarise_agree([5] * 6 + [1] * 3, None), 10)
    assert too_few.loc["totaal", "suppressed"]
    assert too_few.loc["totaal", "pct_agree"] is None


def one_hot(counts: list[int]) -> np.ndarray:
    codes = np.repeat(np.arange(len(counts)), counts)
    member = np.zeros((len(codes), len(counts)), dtype=bool)
    member[np.arange(len(codes)), codes] = True
    return member


@given(st.lists(st.integers(0, 30), min_size=1, max_size=6), st.integers(1, 12))
@settings(max_examples=300, deadline=None)
def test_overlapping_rule_gives_the_plain_rule_when_groups_do_not_overlap(counts, min_n):
    labels = [f"g{i}" for i in range(len(counts))]
    sizes = dict(zip(labels, counts, strict=True))
    # One-hot groups have as many respondents as answers, so the empty ones are known.
    plain = decide_suppression(sizes, min_n, respondents=sizes)
    member = one_hot(counts)
    overlapping = decide_overlapping_suppression(
        member, labels, np.ones(len(member), dtype=bool), min_n
    )
    assert overlapping == plain


def test_a_small_group_inside_a_published_one_takes_that_group_along():
    # "vervoer" (3 clients) all also have "begeleiding". Hiding the next-smallest group
    # "hulpmiddelen" would leave vervoer's answers inside the published begeleiding, whose
    # own strata tell them apart; so begeleiding goes. Then begeleiding would be exactly
    # totaal - the published groups (everyone left is in it), so hulpmiddelen goes too.
    rows = [("begeleiding", "vervoer")] * 3 + [("begeleiding",)] * 40 + [("hulpmiddelen",)] * 20
    rows += [("huishoudelijke_hulp",)] * 30
    labels = ["begeleiding", "huishoudelijke_hulp", "hulpmiddelen", "vervoer"]
    member = np.array([[label in row for label in labels] for row in rows])
    decision = decide_overlapping_suppression(member, labels, np.ones(len(rows), dtype=bool))
    assert decision.groups == {"vervoer", "begeleiding", "hulpmiddelen"}
    # Every suppressed group has answers among those in no published group, beside others.
    hidden = np.array([label in decision.groups for label in labels])
    pool = hidden_only(member, hidden)
    assert pool.sum() == 63
    assert all(member[pool][:, hidden].any(axis=0)) and all((~member[pool][:, hidden]).any(axis=0))


def test_only_valid_answers_count_in_the_overlapping_rule():
    member = one_hot([30, 12, 40])
    valid = np.ones(len(member), dtype=bool)
    valid[30:35] = False  # five of the second group said "n.v.t."
    decision = decide_overlapping_suppression(member, ["a", "b", "c"], valid, 10)
    assert decision.groups == {"b", "a"}


def test_strata_of_respondents_in_no_published_group_are_pooled():
    strata = np.array([0, 0, 1, 1, 2, 3])
    assert strata_to_pool(strata, np.array([0, 0, 1, 0, 1, 1], dtype=bool)).tolist() == [1, 2, 3]
    # One stratum needs no pooling.
    assert strata_to_pool(strata, np.array([1, 1, 0, 0, 0, 0], dtype=bool)).tolist() == []


def test_a_pooled_design_weighs_the_pool_by_its_summed_population():
    design = StratifiedDesign.build(
        ["a"] * 3 + ["b"] * 50 + ["c"] * 10, {"a": 40, "b": 300, "c": 50}
    )
    pooled = design.pooled([0, 1])
    assert pooled.stratum_labels == ("c", "samengenomen")
    assert pooled.n_h.tolist() == [10, 53] and pooled.population_h.tolist() == [50, 340]
    weights = pooled.respondent_weights()
    assert weights[0] == weights[3] == pytest.approx(340 / 53) and weights[-1] == 5
    # Given weights become their mean inside the pool; their total stays.
    given = np.arange(1, 64, dtype=float)
    calibrated = StratifiedDesign.build(design.stratum_index, None, given).pooled([0, 1])
    assert calibrated.weights[:53] == pytest.approx(np.full(53, given[:53].mean()))
    assert calibrated.weights.sum() == pytest.approx(given.sum())


def test_a_group_holding_every_answer_is_the_total_and_takes_nothing_along():
    # A question asked only to clients with household help: that group's cell is the
    # total, published anyway; hiding begeleiding too would protect nothing.
    rows = [("hh",)] * 30 + [("hh", "beg")] * 15 + [("hh", "woning")] * 3 + [("beg",)] * 20
    labels = ["beg", "hh", "woning"]
    member = np.array([[label in row for label in labels] for row in rows])
    asked = np.array(["hh" in row for row in rows])
    decision = decide_overlapping_suppression(member, labels, asked, 10, forced={"hh", "woning"})
    assert decision.groups == {"hh", "woning"}
    assert decide_suppression({"a": 40, "b": 0}, 10, forced={"a"}).groups == {"a", "b"}
