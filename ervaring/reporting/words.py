"""Percentages in words, the way Dutch research reports write them.

"ruim een kwart (26%)", "bijna vier op de vijf (78%)", "drie op de tien (30%)": readers of
a council letter remember a fraction better than a number, but a fraction that drifts from
the number undermines the report. So the words follow fixed rules, documented here and
tested with a table of cases and with Hypothesis:

1. The percentage is rounded to a whole number first (half up), as printed beside it.
2. The anchors are the fractions readers know: niemand (0), één op de twintig (5),
   één op de tien (10), één op de vijf (20), een kwart (25), drie op de tien (30),
   een derde (33⅓), twee op de vijf (40), de helft (50), drie op de vijf (60),
   twee derde (66⅔), zeven op de tien (70), drie kwart (75), vier op de vijf (80),
   negen op de tien (90), iedereen (100). Where two names share a value (20: "één op de
   vijf" or "twee op de tien") the simpler one is the only anchor.
3. The nearest anchor wins; on a tie the lower one (a report should rather understate).
4. The rounded percentage equal to the anchor (within half a point, for the thirds) gives
   the plain phrase; above it "ruim ..." ("vrijwel niemand" above 0), below it "bijna ...".
5. So the words never differ from the rounded number by more than :data:`MAX_DEVIATION`
   points (the largest gap between anchors is ten points: 40 to 50, 50 to 60, 80 to 90).

The functions are pure and return lower-case phrases; :func:`capitalise` starts a sentence
("Eén op de vijf", with the Dutch capital of "één").
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ervaring.stats.rounding import round_half_up

#: The words never differ from the rounded percentage by more than this (points).
MAX_DEVIATION = 5.0
#: Within this distance of an anchor the phrase has no "ruim"/"bijna" (the thirds).
EXACT_WITHIN = 0.5


@dataclass(frozen=True)
class Anchor:
    """A fraction with its Dutch name; ``of_noun`` says whether "van de ..." follows it."""

    value: float
    words: str
    of_noun: bool


ANCHORS: tuple[Anchor, ...] = (
    Anchor(0, "niemand", False),
    Anchor(5, "één op de twintig", False),
    Anchor(10, "één op de tien", False),
    Anchor(20, "één op de vijf", False),
    Anchor(25, "een kwart", True),
    Anchor(30, "drie op de tien", False),
    Anchor(100 / 3, "een derde", True),
    Anchor(40, "twee op de vijf", False),
    Anchor(50, "de helft", True),
    Anchor(60, "drie op de vijf", False),
    Anchor(200 / 3, "twee derde", True),
    Anchor(70, "zeven op de tien", False),
    Anchor(75, "drie kwart", True),
    Anchor(80, "vier op de vijf", False),
    Anchor(90, "negen op de tien", False),
    Anchor(100, "iedereen", False),
)


@dataclass(frozen=True)
class Share:
    """A percentage in words: the anchor, and whether the number is above or below it.

    ``direction`` is -1 ("bijna"), 0 (plain) or +1 ("ruim"); ``rank`` orders phrases from
    least to most, so that a larger percentage never gets a smaller phrase.
    """

    anchor: Anchor
    direction: int

    @property
    def words(self) -> str:
        if self.direction == 0:
            return self.anchor.words
        if self.anchor.value == 0:
            return "vrijwel niemand"
        return ("bijna " if self.direction < 0 else "ruim ") + self.anchor.words

    @property
    def rank(self) -> tuple[float, int]:
        return (self.anchor.value, self.direction)


def share(pct: float) -> Share:
    """The phrase for a percentage (0-100) by the rules in the module docstring."""
    if not 0 <= pct <= 100 or math.isnan(pct):
        raise ValueError(f"a percentage is between 0 and 100, got {pct!r}")
    rounded = round_half_up(pct)
    # min() keeps the first of equal distances: the lower anchor (rule 3).
    anchor = min(ANCHORS, key=lambda a: abs(rounded - a.value))
    difference = rounded - anchor.value
    if abs(difference) < EXACT_WITHIN:
        return Share(anchor, 0)
    return Share(anchor, 1 if difference > 0 else -1)


def in_words(pct: float) -> str:
    """ "ruim een kwart" for 26.4; lower case, to be used inside a sentence."""
    return share(pct).words


def share_of(pct: float, noun: str = "respondenten") -> str:
    """The phrase with its noun: "drie op de tien respondenten", "de helft van de
    respondenten"; "bijna iedereen" and "vrijwel niemand" take no noun."""
    result = share(pct)
    if result.anchor.value in (0, 100):
        return result.words
    if result.anchor.of_noun:
        return f"{result.words} van de {noun}"
    return f"{result.words} {noun}"


def capitalise(phrase: str) -> str:
    """Start a sentence: "één" becomes "Eén" (Dutch drops the accent on the capital)."""
    if phrase.startswith("één"):
        return "Eén" + phrase[3:]
    return phrase[:1].upper() + phrase[1:]


def percent(pct: float | None) -> str:
    """A percentage as printed in the report: "26%", or "–" when there is none."""
    return "–" if pct is None else f"{round_half_up(pct)}%"
