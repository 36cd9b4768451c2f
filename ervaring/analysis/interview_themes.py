"""Interview themes in words: how many interviews mention a theme, and the change since last.

Interviews are few (8 to 30), so reports say "de meeste" instead of "70%" (the large
municipality's quarterly monitor coded 29 interviews that way). `amount_word` is the one
place the words and their cut-offs live; the report's method section prints
`CUTOFF_SENTENCE`, which states the same cut-offs (a test checks both by hand). Plain Python:
no Django, no database.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

#: Every interview: "bijna alle" would understate it.
ALL_WORD = "alle"

CUTOFF_SENTENCE = (
    "Bij de interviews schrijven we geen percentages maar woorden, omdat het om weinig "
    "gesprekken gaat: ‘enkele’ is minder dan 25% van de interviews, ‘een aantal’ 25% tot "
    "40%, ‘ongeveer de helft’ 40% tot en met 60%, ‘de meeste’ meer dan 60% tot 90%, ‘bijna "
    "alle’ 90% of meer en ‘alle’ elk interview. Een thema telt één keer per interview, hoe "
    "vaak het ook genoemd wordt."
)


def amount_word(count: int, total: int) -> str:
    """The word for `count` of `total` interviews mentioning a theme (count >= 1).

    Cut-offs (share = count / total): under 25% "enkele"; 25% up to 40% "een aantal";
    40% up to and including 60% "ongeveer de helft"; over 60% up to 90% "de meeste"; 90%
    or more "bijna alle"; all of them "alle".
    """
    if total < 1 or not 1 <= count <= total:
        raise ValueError(f"count {count} of {total} interviews is not a mention")
    if count == total:
        return ALL_WORD
    share = Fraction(count, total)
    if share < Fraction(1, 4):
        return "enkele"
    if share < Fraction(2, 5):
        return "een aantal"
    if share <= Fraction(3, 5):
        return "ongeveer de helft"
    if share < Fraction(9, 10):
        return "de meeste"
    return "bijna alle"


@dataclass(frozen=True)
class ThemeMention:
    """One theme in one round: how many interviews mention it, in words."""

    key: str
    label: str
    polarity: str
    count: int
    total: int

    @property
    def word(self) -> str:
        return amount_word(self.count, self.total)


def count_mentions(
    interviews: Sequence[set[str]], codes: Mapping[str, tuple[str, str]]
) -> tuple[ThemeMention, ...]:
    """Per theme the number of interviews whose coded fragments mention it, most first.

    `interviews` holds the code keys of each coded interview; `codes` maps a key to its
    (label, polarity). Keys not in the codebook are left out.
    """
    total = len(interviews)
    counts: dict[str, int] = {}
    for keys in interviews:
        for key in keys:
            if key in codes:
                counts[key] = counts.get(key, 0) + 1
    return tuple(
        sorted(
            (ThemeMention(key, *codes[key], n, total) for key, n in counts.items()),
            key=lambda m: (-m.count, m.label),
        )
    )


@dataclass(frozen=True)
class ThemeChange:
    """A theme against the previous round: new, gone, more, fewer or as often.

    More and fewer compare the *share* of interviews, since rounds differ in size.
    """

    key: str
    label: str
    polarity: str
    change: str
    now: ThemeMention | None
    before: ThemeMention | None


NEW, GONE, MORE, FEWER, SAME = (
    "nieuw",
    "niet meer genoemd",
    "in meer interviews",
    "in minder interviews",
    "even vaak",
)


def compare_rounds(
    now: Sequence[ThemeMention], before: Sequence[ThemeMention]
) -> tuple[ThemeChange, ...]:
    """Each theme of either round with its change, in the order of this round, then gone."""
    earlier = {m.key: m for m in before}
    changes = []
    for mention in now:
        previous = earlier.pop(mention.key, None)
        if previous is None:
            change = NEW
        else:
            ours = Fraction(mention.count, mention.total)
            theirs = Fraction(previous.count, previous.total)
            change = MORE if ours > theirs else FEWER if ours < theirs else SAME
        changes.append(
            ThemeChange(mention.key, mention.label, mention.polarity, change, mention, previous)
        )
    for previous in sorted(earlier.values(), key=lambda m: (-m.count, m.label)):
        changes.append(
            ThemeChange(previous.key, previous.label, previous.polarity, GONE, None, previous)
        )
    return tuple(changes)
