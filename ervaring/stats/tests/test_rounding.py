"""Rounding and decimals as Dutch reports print them (values worked out by hand)."""

import pytest

from ervaring.stats.rounding import decimal, p_value, round_half_up


@pytest.mark.parametrize(
    ("value", "expected"),
    [(12.5, 13), (26.5, 27), (2.4999, 2), (0.5, 1), (-2.5, -3), (-2.4, -2), (99.5, 100)],
)
def test_half_rounds_away_from_zero_not_to_even(value, expected):
    assert round_half_up(value) == expected


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [(8.54, 1, "8,5"), (8.55, 1, "8,6"), (24.7, 1, "24,7"), (4.8, 1, "4,8"), (0.2049, 3, "0,205")],
)
def test_decimals_have_a_comma(value, places, expected):
    assert decimal(value, places) == expected


def test_a_small_p_value_is_written_as_below_one_in_a_thousand():
    assert p_value(0.2049) == "p = 0,205"
    assert p_value(0.0004) == "p < 0,001"
