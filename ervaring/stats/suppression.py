"""Disclosure control: which cells may be published, and which strata must be pooled.

This is the one place where the rule lives (documented in docs/statistics.md); every
output (report, table book, dashboard, ``ervaring analyse``, the data file and the monitor
file) gets its cells from :mod:`ervaring.analysis.results`, which asks this module.

The rule, for one question and one breakdown (groups of respondents):

1. *Primary*: a group with fewer than ``min_n`` valid answers is suppressed; so is the
   total when it has fewer than ``min_n`` (and then every group). A group without any
   respondent is suppressed too but needs no protection: nobody's answer is in it.
2. *Complementary*: let the *pool* be the valid answers of respondents who are in no
   published group (for a breakdown whose groups do not overlap: the suppressed groups
   together, which ``totaal - published groups`` gives away). The suppression holds when
   the pool holds at least ``min_n`` answers and every suppressed group with answers has
   some of them in the pool, beside answers of another suppressed group (except a group
   that holds every answer, as for a question asked only to it: it is the total, which
   is published anyway). Until it holds, the smallest published group is suppressed too
   (all tied groups together; when a suppressed group has no answers in the pool, the
   smallest published group it shares respondents with). For one small group in a
   breakdown without overlap this is: suppress the next-smallest group as well.
3. *Groups too small to show at all*: a group with fewer than ``min_n`` respondents is
   suppressed in every question, together with its complement by the same rule on
   respondent counts (``forced``): neither has its population, respondents or margin
   published, and the data file merges them into "overig".
4. *Pooled strata*: when the groups are the sample's strata (or unions of them), the
   strata of respondents who are in no published group are pooled into one stratum for
   that question's figures (weight ``sum N / sum n``, one variance term). Otherwise the
   weighted total would still tell the suppressed groups apart, because each carries its
   own known weight: ``w_A a_A + w_B a_B`` has one whole-number solution.

Together these make the suppressed groups' answers enter every published figure only
through the pool's sums, with respondents of at least two suppressed groups in it, so a
reader can move answers between suppressed groups without changing anything published.

A suppressed row loses *every* figure (n, counts, percentages, interval); values become
``None``, never 0. Which suppressed group is the complement is not published.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from .codes import TOTAL_LABEL

if TYPE_CHECKING:  # only `apply_suppression` needs pandas; `DEFAULT_MIN_N` must stay light
    import pandas as pd

DEFAULT_MIN_N = 10


@dataclass(frozen=True)
class Suppression:
    """Which groups, and whether the total, must not be published."""

    groups: frozenset[Hashable]
    total: bool


def decide_suppression(
    group_n: Mapping[Hashable, int],
    min_n: int = DEFAULT_MIN_N,
    *,
    forced: Iterable[Hashable] = (),
    respondents: Mapping[Hashable, int] | None = None,
) -> Suppression:
    """The rule for a breakdown whose groups do not overlap, from their sizes alone.

    ``group_n`` must cover the whole breakdown (its sum is the total). ``forced`` groups
    are suppressed whatever their size (rule 3). A group that ``respondents`` says has
    no respondents at all is suppressed but needs no protection: nobody's answer is in
    it (a team without responses in a period). The result does not depend on the order
    of the groups.
    """
    _check_min_n(min_n)
    sizes = {label: int(n) for label, n in group_n.items()}
    if any(n < 0 for n in sizes.values()):
        raise ValueError("group sizes cannot be negative")
    if sum(sizes.values()) < min_n:
        return Suppression(frozenset(sizes), total=True)
    empty = {label for label in sizes if respondents is not None and respondents[label] == 0}
    if empty:
        rest = {label: n for label, n in sizes.items() if label not in empty}
        decision = decide_suppression(rest, min_n, forced=forced)
        return Suppression(decision.groups | empty, total=False)
    forced = set(forced) & set(sizes)
    hidden = {label for label, n in sizes.items() if n < min_n} | forced
    while hidden and not _holds(sizes, hidden, min_n):
        published = [label for label in sizes if label not in hidden]
        if not published:
            break
        hidden.update(_smallest(published, sizes))
    return Suppression(frozenset(hidden), total=False)


def _holds(sizes: Mapping[Hashable, int], hidden: set[Hashable], min_n: int) -> bool:
    pool = sum(sizes[label] for label in hidden)
    if pool < min_n:
        return False
    # Each suppressed group with answers needs answers of another suppressed group beside
    # it; a suppressed group with answers but no company would be "pool - 0". A group
    # holding every answer is the total itself: nothing can hide it, nothing needs to.
    total = sum(sizes.values())
    return all(
        pool - sizes[label] > 0 or sizes[label] == total for label in hidden if sizes[label] > 0
    )


def _smallest(candidates: Sequence[Hashable], sizes: Mapping[Hashable, int]) -> list[Hashable]:
    """All candidates tied for the smallest size.

    Ties go together: picking one by breakdown order would tell a reader who knows the
    rule that the complement is below the tied group left published, which can pin down
    the small group exactly.
    """
    smallest = min(sizes[label] for label in candidates)
    return [label for label in candidates if sizes[label] == smallest]


def decide_overlapping_suppression(
    membership: np.ndarray,
    labels: Sequence[Hashable],
    valid: np.ndarray,
    min_n: int = DEFAULT_MIN_N,
    *,
    forced: Iterable[Hashable] = (),
) -> Suppression:
    """The rule for groups a respondent may belong to several of (provision groups).

    ``membership`` is respondents x groups (bool), ``valid`` says per respondent whether
    the answer counts (for respondent counts: all True). With disjoint groups this gives
    what :func:`decide_suppression` gives. A group without members is suppressed and set
    aside, as there.
    """
    _check_min_n(min_n)
    member = np.asarray(membership, dtype=bool)
    ok = np.asarray(valid, dtype=bool)
    if member.shape != (len(ok), len(labels)):
        raise ValueError("membership must be respondents x groups")
    if int(ok.sum()) < min_n:
        return Suppression(frozenset(labels), total=True)
    empty = ~member.any(axis=0)
    if empty.any():
        kept = np.flatnonzero(~empty)
        decision = decide_overlapping_suppression(
            member[:, kept], [labels[i] for i in kept], ok, min_n, forced=forced
        )
        gone = {labels[i] for i in np.flatnonzero(empty)}
        return Suppression(decision.groups | gone, total=decision.total)
    answered = member & ok[:, None]
    sizes = answered.sum(axis=0)
    wanted = set(forced)
    hidden = (sizes < min_n) | np.array([label in wanted for label in labels], dtype=bool)
    while hidden.any() and not hidden.all():
        failing = _failing_groups(answered, hidden, min_n)
        if failing is None:
            break
        published = np.flatnonzero(~hidden)
        if failing.any():
            # Prefer a group that shares respondents with the group left without company.
            sharing = answered[answered[:, failing].any(axis=1)][:, published].any(axis=0)
            published = published[sharing] if sharing.any() else published
        sizes_of = {int(i): int(sizes[i]) for i in published}
        hidden[_smallest(list(sizes_of), sizes_of)] = True
    return Suppression(frozenset(labels[i] for i in np.flatnonzero(hidden)), total=False)


def _failing_groups(answered: np.ndarray, hidden: np.ndarray, min_n: int) -> np.ndarray | None:
    """None when the rule holds; else a mask of the suppressed groups without company
    (all False when only the pool is too small)."""
    pool = ~answered[:, ~hidden].any(axis=1) & answered.any(axis=1)
    in_pool = answered[pool][:, hidden]
    # A group holding every answer is the total itself (a question asked only to it).
    everyone = answered[:, hidden].sum(axis=0) == answered.any(axis=1).sum()
    has_answers = answered[:, hidden].any(axis=0) & ~everyone
    alone = np.zeros(hidden.shape, dtype=bool)
    if in_pool.size:
        others = np.array([(~in_pool[:, j]).any() for j in range(in_pool.shape[1])])
        covered = in_pool.any(axis=0) & others
    else:
        covered = np.zeros(int(hidden.sum()), dtype=bool)
    alone[np.flatnonzero(hidden)] = has_answers & ~covered
    if int(pool.sum()) >= min_n and not alone.any():
        return None
    return alone


def hidden_only(membership: np.ndarray, hidden: np.ndarray) -> np.ndarray:
    """Per respondent: in at least one suppressed group and in no published one."""
    member = np.asarray(membership, dtype=bool)
    mask = np.asarray(hidden, dtype=bool)
    return member[:, mask].any(axis=1) & ~member[:, ~mask].any(axis=1)


def strata_to_pool(stratum_index: np.ndarray, respondents: np.ndarray) -> np.ndarray:
    """Rule 4: the strata (sorted codes) of the given respondents; pool them when two or
    more, so that nothing published tells their respondents apart."""
    strata = np.unique(np.asarray(stratum_index)[np.asarray(respondents, dtype=bool)])
    return strata if len(strata) > 1 else strata[:0]


def apply_suppression(
    summary: pd.DataFrame,
    min_n: int = DEFAULT_MIN_N,
    *,
    n_column: str = "n",
) -> pd.DataFrame:
    """Copy of a summary with suppressed rows blanked (``None``) and a ``suppressed`` column.

    Accepts the wide summaries (one row per group, index "group", last row "totaal") and
    the long ones (a ``group`` column, one row per group and option). The group and
    option labels stay; every other column of a suppressed row becomes ``None``. Only
    rules 1 and 2: pooling strata needs the respondents, see
    :func:`ervaring.analysis.results.question_results`.
    """
    import pandas as pd

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


def decide_mention_suppression(
    mentions: Mapping[Hashable, int], base: int, min_n: int = DEFAULT_MIN_N
) -> Suppression:
    """Which counts of themes mentioned in one open question may be published.

    `base` is the number of respondents whose answer was coded; `mentions` counts, per
    theme, the respondents who mention it. A respondent may mention several themes, so the
    counts overlap and do not add up to the base: no count follows from the others and
    the base, and no complement is needed. The rule is the primary one: the base below
    ``min_n`` hides everything (``total``), and a theme mentioned by fewer than ``min_n``
    is hidden (its count and its share).
    """
    _check_min_n(min_n)
    if base < min_n:
        return Suppression(frozenset(mentions), True)
    return Suppression(frozenset(k for k, n in mentions.items() if n < min_n), False)


def _check_min_n(min_n: int) -> None:
    if min_n < 1:
        raise ValueError("min_n must be at least 1")
