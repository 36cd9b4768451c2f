"""Percentages in words: a table of cases from real reports, and the rules as properties."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ervaring.reporting.words import (
    MAX_DEVIATION,
    capitalise,
    in_words,
    percent,
    round_half_up,
    share,
    share_of,
)


@pytest.mark.parametrize(
    ("pct", "words"),
    [
        (0, "niemand"),
        (2, "vrijwel niemand"),
        (5, "één op de twintig"),
        (10, "één op de tien"),
        (22, "ruim één op de vijf"),  # Almelo: "Ruim één op de vijf respondenten (22%)"
        (25, "een kwart"),
        (26, "ruim een kwart"),  # Almelo: "ruim een kwart van de respondenten (26%)"
        (30, "drie op de tien"),  # Almelo: "Drie op de tien respondenten"
        (32, "bijna een derde"),  # Almelo: "Bijna een derde van de respondenten (32%)"
        (33.3, "een derde"),
        (45, "ruim twee op de vijf"),  # a tie goes to the lower anchor
        (49.6, "de helft"),  # rounded first: 50
        (49.4, "bijna de helft"),
        (50, "de helft"),
        (66, "bijna twee derde"),  # 66 is below 66⅔ by more than half a point
        (67, "twee derde"),
        (72, "ruim zeven op de tien"),
        (78, "bijna vier op de vijf"),  # Almelo: "Nagenoeg vier op de vijf (78%)"
        (84, "ruim vier op de vijf"),
        (88, "bijna negen op de tien"),
        (95, "ruim negen op de tien"),
        (97, "bijna iedereen"),
        (100, "iedereen"),
    ],
)
def test_percentages_read_as_dutch_reports_write_them(pct, words):
    assert in_words(pct) == words


def test_the_noun_follows_the_dutch_grammar_of_each_fraction():
    assert share_of(30) == "drie op de tien respondenten"
    assert share_of(26) == "ruim een kwart van de respondenten"
    assert share_of(50, "cliënten") == "de helft van de cliënten"
    assert share_of(98) == "bijna iedereen"
    assert share_of(1) == "vrijwel niemand"


def test_a_sentence_starts_with_the_dutch_capital_of_een():
    assert capitalise("één op de vijf") == "Eén op de vijf"
    assert capitalise("ruim een kwart") == "Ruim een kwart"


def test_rounding_is_half_up_as_printed():
    assert round_half_up(26.5) == 27
    assert round_half_up(0.5) == 1
    assert percent(26.5) == "27%"
    assert percent(None) == "–"


def test_an_impossible_percentage_is_refused():
    with pytest.raises(ValueError):
        in_words(101)
    with pytest.raises(ValueError):
        in_words(float("nan"))


percentages = st.floats(min_value=0, max_value=100, allow_nan=False)


@given(percentages, percentages)
def test_a_larger_percentage_never_gets_a_smaller_phrase(a, b):
    low, high = sorted((a, b))
    assert share(low).rank <= share(high).rank


@given(percentages)
def test_the_words_never_contradict_the_number(pct):
    result = share(pct)
    rounded = round_half_up(pct)
    assert abs(rounded - result.anchor.value) <= MAX_DEVIATION
    # "ruim" means more than the anchor, "bijna" less, plain means (about) equal.
    if result.direction > 0:
        assert rounded > result.anchor.value
    elif result.direction < 0:
        assert rounded < result.anchor.value
    else:
        assert abs(rounded - result.anchor.value) < 0.5
