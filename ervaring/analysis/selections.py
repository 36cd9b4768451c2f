"""Results for a part of a survey: a period, a team, a stratum (provision group), a law.

Dashboards and alerts look at parts of the data; every figure still comes from
:func:`ervaring.analysis.results.question_results`, so suppression is the engine's:

- A *period* is a subset: the responses completed in it are analysed as a sample of their
  own (continuous measurement reads "the last 90 days" that way).
- A *team, stratum or law* inside that period is a domain of it (the engine's overlapping
  breakdown: "in the selection" against the rest, primary rule), so its interval accounts
  for the design of the whole period.
- *Per team beside the total* (team dashboards, alerts) is the engine's team breakdown,
  with complementary suppression, exactly as the report publishes it.

Row lists are cached per snapshot state (see :mod:`ervaring.analysis.snapshots`).
"""

from __future__ import annotations

from dataclasses import astuple, dataclass
from datetime import date

import numpy as np
import pandas as pd

from ervaring.analysis import results as res
from ervaring.analysis.snapshots import Snapshot, remember
from ervaring.stats import StratifiedDesign
from ervaring.stats.codes import TOTAL_LABEL

SELECTED = "selectie"
TEAM = "team"


@dataclass(frozen=True)
class Selection:
    """Which part of the responses to show; None everywhere is the whole survey."""

    since: date | None = None
    until: date | None = None
    team: str | None = None
    stratum: str | None = None
    law: str | None = None

    @property
    def is_narrowed(self) -> bool:
        """True when a team, stratum or law narrows the period down."""
        return any((self.team, self.stratum, self.law))


@dataclass(frozen=True)
class PairedRow:
    """One statement: the part's row beside the row it is compared with."""

    question: res.QuestionSpec
    row: res.ResultRow
    reference: res.ResultRow


def period_mask(snapshot: Snapshot, since: date | None, until: date | None) -> np.ndarray:
    """Which frame rows were completed in the period (both ends included)."""
    days = snapshot.completed_on
    mask = np.ones(len(days), dtype=bool)
    if since is not None:
        mask &= days >= np.datetime64(since, "D")
    if until is not None:
        mask &= days <= np.datetime64(until, "D")
    return mask


def selection_mask(snapshot: Snapshot, selection: Selection) -> np.ndarray:
    """Which frame rows belong to the selection's period, team, stratum and law."""
    frame = snapshot.dataset.frame
    mask = period_mask(snapshot, selection.since, selection.until)
    if selection.team:
        mask &= (frame["team"] == selection.team).to_numpy(bool)
    if selection.law:
        mask &= (frame["law"] == selection.law).to_numpy(bool)
    if selection.stratum:
        long = snapshot.dataset.memberships
        member = np.zeros(len(frame), dtype=bool)
        member[long.loc[long["group"] == selection.stratum, "row"].to_numpy()] = True
        mask &= member
    return mask


def selection_rows(snapshot: Snapshot, selection: Selection) -> list[PairedRow]:
    """Per scale statement: the selection's row beside the whole period's row.

    Without a team, stratum or law both are the period's overall row.
    """
    key = ("selection", snapshot.state, astuple(selection))
    return remember(key, lambda: _selection_rows(snapshot, selection))


def team_rows(
    snapshot: Snapshot, team: str, since: date | None = None, until: date | None = None
) -> list[PairedRow]:
    """Per scale statement: the team's row (engine's team breakdown) beside the total."""
    key = ("team", snapshot.state, team, since, until)
    return remember(key, lambda: _team_rows(snapshot, team, since, until))


def rows_by_team(snapshot: Snapshot, since: date | None) -> list[res.ResultRow]:
    """Every scale statement overall and per team since ``since`` (alerts), suppressed."""
    key = ("by-team", snapshot.state, since)
    return remember(key, lambda: _rows_by_team(snapshot, since))


def period_subset(
    snapshot: Snapshot, since: date | None, until: date | None
) -> tuple[pd.DataFrame, StratifiedDesign, np.ndarray]:
    """The frame, design and positions of the responses completed in the period."""
    mask = period_mask(snapshot, since, until)
    if mask.all():
        return snapshot.dataset.frame, snapshot.design, np.arange(len(mask))
    frame = snapshot.dataset.frame[mask]
    return frame, res.build_design(frame, snapshot.dataset.population), np.flatnonzero(mask)


def provision_memberships(snapshot: Snapshot, positions: np.ndarray) -> pd.DataFrame:
    """The provision memberships of the frame rows at ``positions``, renumbered.

    Passed as ``strata_groups`` to every results call, so that each view pools the same
    strata as the report and shows the same total (:mod:`ervaring.stats.suppression`).
    """
    long = snapshot.dataset.memberships
    if len(positions) == len(snapshot.dataset.frame):
        return long
    new = np.full(len(snapshot.dataset.frame), -1, dtype=np.int64)
    new[positions] = np.arange(len(positions))
    kept = long[new[long["row"].to_numpy()] >= 0]
    return pd.DataFrame({"row": new[kept["row"].to_numpy()], "group": kept["group"].to_numpy()})


# --------------------------------------------------------------------------- internals


def _selection_rows(snapshot: Snapshot, selection: Selection) -> list[PairedRow]:
    frame, design, positions = period_subset(snapshot, selection.since, selection.until)
    questions = snapshot.scale_questions
    if frame.empty:
        return []
    memberships = None
    if selection.is_narrowed:
        chosen = selection_mask(snapshot, selection)[positions]
        memberships = {SELECTED: pd.DataFrame({"row": np.flatnonzero(chosen), "group": SELECTED})}
    rows = res.question_results(
        frame,
        questions,
        design,
        min_n=snapshot.dataset.min_n,
        memberships=memberships,
        strata_groups=provision_memberships(snapshot, positions),
    )
    overall = {r.question_id: r for r in rows if r.breakdown == res.OVERALL}
    selected = {r.question_id: r for r in rows if r.breakdown == SELECTED}
    if not selection.is_narrowed:
        selected = overall
    return [
        PairedRow(q, selected.get(q.id) or _empty(q, SELECTED), overall[q.id])
        for q in questions
        if q.id in overall
    ]


def _team_rows(
    snapshot: Snapshot, team: str, since: date | None, until: date | None
) -> list[PairedRow]:
    frame, design, positions = period_subset(snapshot, since, until)
    questions = snapshot.scale_questions
    if frame.empty:
        return []
    rows = res.question_results(
        frame,
        questions,
        design,
        (TEAM,),
        min_n=snapshot.dataset.min_n,
        strata_groups=provision_memberships(snapshot, positions),
    )
    keyed = res.rows_by_key(rows)
    paired = []
    for q in questions:
        total = keyed.get((q.id, res.OVERALL, TOTAL_LABEL, None))
        if total is None:
            continue
        mine = keyed.get((q.id, TEAM, team, None)) or _empty(q, TEAM, team)
        paired.append(PairedRow(q, mine, total))
    return paired


def _rows_by_team(snapshot: Snapshot, since: date | None) -> list[res.ResultRow]:
    frame, design, positions = period_subset(snapshot, since, None)
    if frame.empty:
        return []
    questions = [q for q in snapshot.scale_questions if q.type == "agree"]
    return res.question_results(
        frame,
        questions,
        design,
        (TEAM,),
        min_n=snapshot.dataset.min_n,
        strata_groups=provision_memberships(snapshot, positions),
    )


def _empty(question: res.QuestionSpec, breakdown: str, group: str = SELECTED) -> res.ResultRow:
    """A row for a part without any response: nothing to show, so suppressed-like blanks."""
    return res.ResultRow(question.id, breakdown, group, None, *(None,) * 9, True)
