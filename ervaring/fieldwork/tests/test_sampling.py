"""Drawing the sample and the design table (pure: no database)."""

import math

import pytest

from ervaring.fieldwork import sampling
from ervaring.fieldwork.sampling import StratumRule, Unit


def population(sizes: dict[str, int], both: int = 0) -> list[Unit]:
    """Units per stratum; the first `both` of the second stratum also hold the first."""
    units = []
    names = list(sizes)
    for name, size in sizes.items():
        for i in range(size):
            strata = (name,)
            if name == names[-1] and i < both:
                strata = (names[0], name)
            units.append(Unit(f"{name}-{i:05d}", strata))
    return units


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("all", StratumRule(sampling.CENSUS)),
        ("Iedereen", StratumRule(sampling.CENSUS)),
        ("250", StratumRule(sampling.FIXED, 250)),
        ("0.25", StratumRule(sampling.FRACTION, 0.25)),
        ("25%", StratumRule(sampling.FRACTION, 0.25)),
        ("12,5%", StratumRule(sampling.FRACTION, 0.125)),
    ],
)
def test_rules_are_read_from_text(text, rule):
    assert StratumRule.parse(text) == rule


@pytest.mark.parametrize("text", ["veel", "-3", "1.5", "150%"])
def test_unreadable_rules_are_refused(text):
    with pytest.raises(sampling.RuleError):
        StratumRule.parse(text)


def test_rule_sizes_never_exceed_the_stratum_and_round_half_up():
    assert StratumRule(sampling.CENSUS).size(37) == 37
    assert StratumRule(sampling.FIXED, 50).size(37) == 37
    assert StratumRule(sampling.FIXED, 10).size(37) == 10
    assert StratumRule(sampling.FRACTION, 0.5).size(37) == 19  # 18.5 rounds up
    assert StratumRule(sampling.FRACTION, 0.25).size(10) == 3  # 2.5 rounds up


def test_census_is_the_default():
    units = population({"a": 5, "b": 7})
    assert len(sampling.draw(units, {}, seed=1).selected) == 12


def test_sample_is_reproducible_from_the_seed_and_differs_for_another_seed():
    units = population({"begeleiding": 400, "vervoer": 900})
    rules = {"vervoer": StratumRule(sampling.FIXED, 100), "begeleiding": StratumRule.parse("10%")}
    first = sampling.draw(units, rules, seed=2026)
    again = sampling.draw(
        list(reversed(units)), rules, seed=2026
    )  # order of the file is irrelevant
    other = sampling.draw(units, rules, seed=2027)
    assert first.selected == again.selected
    assert first.selected != other.selected
    assert [(s.stratum, s.frame, s.drawn) for s in first.strata] == [
        ("begeleiding", 400, 40),
        ("vervoer", 900, 100),
    ]


def test_the_selection_is_pinned_independently_of_any_library():
    """Golden values made outside Python, with coreutils:

        for i in $(seq -w 1 20); do
          printf "%s C0%s\\n" "$(printf '2026|begeleiding|C0'$i | sha256sum | cut -c1-64)" $i
        done | sort | head -5

    gives C020 C013 C005 C015 C002 (and for 'vervoer', head -3: C004 C009 C011). The same
    seed must draw the same clients after any upgrade of numpy or Python.
    """
    members = [f"C0{i:02d}" for i in range(1, 21)]
    units = [Unit(key, ("begeleiding", "vervoer")) for key in members]
    rules = {"begeleiding": StratumRule.parse("5"), "vervoer": StratumRule.parse("3")}
    # Each stratum on its own, so that one stratum's picks are not mixed with the other's.
    only_begeleiding = [Unit(key, ("begeleiding",)) for key in members]
    picked = sampling.draw(only_begeleiding, {"begeleiding": rules["begeleiding"]}, seed=2026)
    assert picked.selected == {"C020", "C013", "C005", "C015", "C002"}
    assert sampling.pick(members, 3, 2026, "vervoer") == ["C004", "C009", "C011"]
    together = sampling.draw(units, rules, seed=2026)
    assert together.selected == {"C020", "C013", "C005", "C015", "C002", "C004", "C009", "C011"}


def test_the_selection_does_not_depend_on_the_order_of_the_rows():
    units = [Unit(f"K{i}", ("a" if i % 3 else "b",)) for i in range(300)]
    rules = {"a": StratumRule.parse("50"), "b": StratumRule.parse("0.3")}
    forward = sampling.draw(units, rules, seed=7)
    backward = sampling.draw(list(reversed(units)), rules, seed=7)
    shuffled = sampling.draw(sorted(units, key=lambda u: hash((u.key, 3))), rules, seed=7)
    assert forward.selected == backward.selected == shuffled.selected
    assert len(forward.selected) == 50 + 30  # b holds 100 clients (every third): 30%


def test_changing_one_strata_rule_leaves_the_other_strata_draw_alone():
    units = population({"a": 300, "b": 300})
    before = sampling.draw(units, {"a": StratumRule.parse("50"), "b": StratumRule.parse("50")}, 7)
    after = sampling.draw(units, {"a": StratumRule.parse("80"), "b": StratumRule.parse("50")}, 7)
    only_b = {key for key in before.selected if key.startswith("b-")}
    assert only_b == {key for key in after.selected if key.startswith("b-")}


def test_a_client_in_two_strata_is_selected_once_and_counts_as_invited_in_both():
    units = population({"a": 10, "b": 100}, both=100)  # everyone in b also holds a
    result = sampling.draw(units, {"b": StratumRule.parse("20")}, seed=3)
    a, b = result.strata
    assert len(result.selected) == 10 + 100  # a is a census, and holds all of b
    assert (a.frame, a.drawn, a.invited) == (110, 110, 110)
    assert (b.frame, b.drawn, b.invited) == (100, 20, 100)


def test_an_unknown_stratum_in_the_rules_is_refused():
    with pytest.raises(sampling.RuleError, match="vervoer"):
        sampling.draw(population({"a": 3}), {"vervoer": StratumRule.parse("all")}, seed=1)


def test_design_table_matches_hand_computed_margins():
    strata = [
        sampling.StratumDraw("a", StratumRule(sampling.CENSUS), 200, 200, 200),
        sampling.StratumDraw("b", StratumRule(sampling.FIXED, 300), 1000, 300, 300),
        sampling.StratumDraw("c", StratumRule(sampling.FIXED, 0), 50, 0, 0),
    ]
    a, b, c = sampling.design_table(strata, response_rate=0.3)
    z = 1.959963984540054  # two-sided 95%
    # a: 200 invited x 30% = 60 expected respondents out of N = 200:
    #    z * sqrt(0.25 / 60 * (200 - 60) / (200 - 1)) = 1.96 * sqrt(0.0041667 * 0.70352)
    #    = 1.96 * 0.054142 = 0.10612 -> 10.61 percentage points
    assert a.expected_respondents == pytest.approx(60)
    assert a.expected_margin == pytest.approx(100 * z * math.sqrt(0.25 / 60 * 140 / 199))
    assert a.expected_margin == pytest.approx(10.61, abs=0.005)
    # b: 300 x 30% = 90 out of N = 1000:
    #    z * sqrt(0.25 / 90 * (1000 - 90) / 999) = 1.96 * sqrt(0.0027778 * 0.91091)
    #    = 1.96 * 0.050302 = 0.098590 -> 9.86 percentage points
    assert b.expected_margin == pytest.approx(9.86, abs=0.005)
    assert (b.rule, b.frame, b.invited) == ("300 personen", 1000, 300)
    # c: nobody invited, so no margin at all
    assert c.expected_margin is None
