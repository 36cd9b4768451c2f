"""Small-group suppression with complementary suppression for one breakdown.

Rule (documented in docs/statistics.md):

1. *Primary*: a group with fewer than ``min_n`` valid answers is suppressed; so is the
   total when it has fewer than ``min_n``.
2. *Complementary*: the groups of a breakdown add up to the total (unknowns are their own
   group "onbekend"), so with the total published, ``total - published groups`` is the
   sum of the suppressed groups. One suppressed group alone would be worked out by that
   subtraction; two suppressed groups holding, together, fewer than ``min_n`` answers
   would give away a small aggregate (or exact zeros). So while the total is published
   and the suppressed groups together hold fewer than ``min_n`` answers, the smallest
   published group is suppressed too (all of them when several are equally small). For
   the usual case of exactly one small group this means: suppress the next-smallest
   group as well.

A suppressed row loses *every* figure (n, counts, percentages, interval), because the
counts per answer of a row follow from its n and percentages. Values become ``None``,
never 0, and ``suppressed`` is True; the reason (primary or complementary) is not
published, as knowing which cell is the complement narrows down the other.

Scope: each breakdown on its own, against its own total. Crossing two breakdowns
(team x district) or publishing the same groups' response counts elsewhere needs the
same rule applied to that table as well.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .codes import TOTAL_LABEL

DEFAULT_MIN_N = 10


@dataclass(frozen=True)
class Suppression:
    """Which groups, and whether the total, must not be published."""

    groups: frozenset[Hashable]
    total: bool


def decide_suppression(group_n: Mapping[Hashable, int], min_n: int = DEFAULT_MIN_N) -> Suppression:
    """Apply the primary and complementary rule to the group sizes of one breakdown.

    ``group_n`` must cover the whole breakdown (its sum is the total). The result does
    not depend on the order of the groups.
    """
    if min_n < 1:
        raise ValueError("min_n must be at least 1")
    sizes = {label: int(n) for label, n in group_n.items()}
    if any(n < 0 for n in sizes.values()):
        raise ValueError("group sizes cannot be negative")
    total = sum(sizes.values())
    if total < min_n:
        return Suppression(frozenset(sizes), total=True)
    suppressed = {label for label, n in sizes.items() if n < min_n}
    published = [label for label in sizes if label not in suppressed]
    hidden = sum(sizes[label] for label in suppressed)
    # One step always suffices (a published group holds at least min_n); the loop
    # states the condition rather than the shortcut.
    while suppressed and hidden < min_n and published:
        # All groups tied for smallest go together: picking one by breakdown order
        # would tell a reader who knows the rule that the complement is below the
        # tied group left published, which can pin down the small group exactly.
        smallest = min(sizes[label] for label in published)
        tied = [label for label in published if sizes[label] == smallest]
        published = [label for label in published if label not in tied]
        suppressed.update(tied)
        hidden += smallest * len(tied)
    return Suppression(frozenset(suppressed), total=False)


def apply_suppression(
    summary: pd.DataFrame,
    min_n: int = DEFAULT_MIN_N,
    *,
    n_column: str = "n",
) -> pd.DataFrame:
    """Copy of a summary with suppressed rows blanked (``None``) and a ``suppressed`` column.

    Accepts the wide summaries (one row per group, index "group", last row "totaal") and
    the long ones (a ``group`` column, one row per group and option). The group and
    option labels stay; every other column of a suppressed row becomes ``None``.
    """
    is_long = "group" in summary.columns
    labels = summary["group"] if is_long else pd.Series(summary.index, index=summary.index)
    if TOTAL_LABEL not in set(labels):
        raise ValueError(f"the summary has no {TOTAL_LABEL!r} row")
    sizes = summary[n_column].groupby(labels.to_numpy(), sort=False).first()
    groups = sizes.drop(TOTAL_LABEL)
    if groups.empty:
        # No breakdown: only the total's own size counts (there is nothing to subtract from).
        hidden = {TOTAL_LABEL} if int(sizes[TOTAL_LABEL]) < min_n else set()
    else:
        decision = decide_suppression(groups.to_dict(), min_n)
        hidden = set(decision.groups) | ({TOTAL_LABEL} if decision.total else set())
    mask = labels.isin(hidden).to_numpy()
    out = summary.copy()
    keep = {"group", "option"}
    for column in out.columns:
        if column in keep:
            continue
        values = out[column].astype(object)
        values[mask] = None
        out[column] = values
    out["suppressed"] = mask
    return out


def is_derivable(
    published: Mapping[Hashable, int | None], total: int | None, label: Hashable
) -> bool:
    """Whether a suppressed group's size follows exactly from the published figures.

    Only by subtraction, which is the attack the rule is meant to stop: true when it is
    the only suppressed group, or when the suppressed groups together hold nothing
    (all must be 0). Used by tests and by callers that assemble their own tables.
    """
    if published.get(label) is not None:
        return True
    if total is None:
        return False
    hidden = [k for k, v in published.items() if v is None]
    rest = total - int(np.sum([v for v in published.values() if v is not None]))
    return len(hidden) == 1 or rest == 0
