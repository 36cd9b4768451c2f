"""Drawing a stratified sample, and the design table that helps choose its sizes.

Pure functions on plain values. Per stratum the rule is a census ("iedereen"), a fixed
number, or a fraction of the stratum. The draw is reproducible on any machine and any library
version, because the project defines it itself rather than relying on a random generator
whose output a library does not promise to keep: every member of a stratum gets the number
SHA-256("<seed>|<stratum>|<client key>"), and the n members with the smallest numbers are
drawn. That is a simple random sample without replacement within the stratum (the hash
orders the members as a random permutation would), it does not depend on the order of the
rows, and the stratum's name in the hash means that changing one stratum's rule leaves the
others' draws as they were. Anyone can redo a draw by hand from the seed (docs/statistics.md).
A client can belong to several strata (several provisions); drawn in any of them,
they get one invitation and answer the blocks of all their provisions, so the number of
invited people per stratum can exceed the number drawn in it.
"""

import hashlib
import heapq
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from ervaring.stats.margin import expected_margin_of_error

CENSUS, FIXED, FRACTION = "census", "fixed", "fraction"
_NUMBER = re.compile(r"^\d+$")
_FRACTION = re.compile(r"^(0?\.\d+|1(\.0+)?|0)$")
_PERCENT = re.compile(r"^(\d{1,3}(?:[.,]\d+)?)\s*%$")


class RuleError(ValueError):
    """A stratum rule that cannot be read (the message is Dutch)."""


@dataclass(frozen=True)
class StratumRule:
    """Census, a fixed number, or a fraction (0-1) of a stratum."""

    kind: str = CENSUS
    value: float = 0

    @classmethod
    def parse(cls, text: str) -> "StratumRule":
        """'all' / 'alle' / 'iedereen', a whole number ('250'), a fraction ('0.25') or '25%'."""
        cleaned = text.strip().lower()
        if cleaned in {"all", "alle", "alles", "iedereen", "census"}:
            return cls(CENSUS)
        if _NUMBER.match(cleaned):
            return cls(FIXED, int(cleaned))
        if _FRACTION.match(cleaned):
            return cls(FRACTION, float(cleaned))
        if match := _PERCENT.match(cleaned):
            share = float(match.group(1).replace(",", ".")) / 100
            if share <= 1:
                return cls(FRACTION, share)
        raise RuleError(
            f"'{text}' is geen geldige regel: gebruik 'all', een aantal (250) "
            "of een deel (0.25 of 25%)."
        )

    def size(self, frame: int) -> int:
        """How many to draw from a stratum of this size (never more than it holds)."""
        if self.kind == CENSUS:
            return frame
        if self.kind == FIXED:
            return min(int(self.value), frame)
        # Round half up, explicitly: Python's round() rounds half to even.
        return min(frame, math.floor(frame * self.value + 0.5))

    def describe(self) -> str:
        """The rule in Dutch, for the design table and the method text."""
        if self.kind == CENSUS:
            return "iedereen"
        if self.kind == FIXED:
            return f"{int(self.value)} personen"
        return f"{self.value * 100:g}%"

    def as_text(self) -> str:
        """The rule as `parse` reads it back."""
        if self.kind == CENSUS:
            return "all"
        return str(int(self.value)) if self.kind == FIXED else f"{self.value:g}"


CENSUS_RULE = StratumRule(CENSUS)


@dataclass(frozen=True)
class Unit:
    """A client as the sampler sees it: a key to order by, and the strata it belongs to."""

    key: str
    strata: tuple[str, ...]


@dataclass(frozen=True)
class StratumDraw:
    stratum: str
    rule: StratumRule
    frame: int
    drawn: int
    invited: int


@dataclass(frozen=True)
class Draw:
    selected: frozenset[str]
    strata: tuple[StratumDraw, ...]


def draw_rank(seed: int, stratum: str, key: str) -> bytes:
    """The number a member is drawn by in a stratum: smaller is drawn first (see the module
    docstring). SHA-256 rather than hash(): Python's string hash changes between runs."""
    return hashlib.sha256(f"{seed}|{stratum}|{key}".encode()).digest()


def pick(members: Sequence[str], size: int, seed: int, stratum: str) -> list[str]:
    """The `size` members of a stratum with the smallest draw rank."""
    return heapq.nsmallest(size, members, key=lambda key: draw_rank(seed, stratum, key))


def group_by_stratum(units: Iterable[Unit]) -> dict[str, list[str]]:
    """Stratum -> keys of its members, both in a stable order (sorted)."""
    groups: dict[str, list[str]] = {}
    for unit in units:
        for stratum in set(unit.strata):
            groups.setdefault(stratum, []).append(unit.key)
    return {stratum: sorted(groups[stratum]) for stratum in sorted(groups)}


def draw(
    units: Sequence[Unit],
    rules: Mapping[str, StratumRule],
    seed: int,
    default_rule: StratumRule | None = None,
) -> Draw:
    """Draw the sample; strata without a rule of their own get `default_rule` (a census)."""
    if seed < 0:
        raise RuleError("Het startgetal (seed) moet 0 of groter zijn.")
    groups = group_by_stratum(units)
    unknown = sorted(set(rules) - set(groups))
    if unknown:
        raise RuleError(f"Deze groepen bestaan niet in de populatie: {', '.join(unknown)}.")
    selected: set[str] = set()
    drawn_counts: dict[str, int] = {}
    for stratum, members in groups.items():
        rule = rules.get(stratum, default_rule or CENSUS_RULE)
        size = rule.size(len(members))
        if size == len(members):
            selected.update(members)
        elif size:
            selected.update(pick(members, size, seed, stratum))
        drawn_counts[stratum] = size
    strata = tuple(
        StratumDraw(
            stratum,
            rules.get(stratum, default_rule or CENSUS_RULE),
            len(members),
            drawn_counts[stratum],
            sum(1 for key in members if key in selected),
        )
        for stratum, members in groups.items()
    )
    return Draw(frozenset(selected), strata)


@dataclass(frozen=True)
class DesignRow:
    """One line of the design table; `expected_margin` is in percentage points, None when
    nobody is invited or the stratum has a single member."""

    stratum: str
    rule: str
    frame: int
    drawn: int
    invited: int
    expected_respondents: float
    expected_margin: float | None


def design_table(strata: Sequence[StratumDraw], response_rate: float) -> list[DesignRow]:
    """Per stratum: N (who can be invited), n drawn, n invited (including those drawn in
    another stratum who also hold this one), and the margin of error to expect when
    `response_rate` of the invited answer (95%, p = 50%, with finite population correction).
    """
    rows = []
    for item in strata:
        margin = None
        if item.invited and item.frame > 1:
            margin = float(expected_margin_of_error(item.invited, item.frame, response_rate))
            # Under one expected respondent in a stratum of a few the formula breaks down.
            margin = margin if math.isfinite(margin) else None
        rows.append(
            DesignRow(
                item.stratum,
                item.rule.describe(),
                item.frame,
                item.drawn,
                item.invited,
                item.invited * response_rate,
                margin,
            )
        )
    return rows
