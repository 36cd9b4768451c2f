"""Generalising the data file's quasi-identifiers until every combination holds ``k``.

Global recoding, one step at a time (the Datafly idea): first the groups that the tables
never show on their own (rule 3 of :mod:`ervaring.stats.suppression`) are merged, so that
the file cannot isolate what the report hides; then, while some combination of the
columns holds fewer than ``k`` rows, the one coarsening that leaves the fewest rows in
too-small combinations: two neighbouring age bands merged, the smallest category of a
nominal attribute merged into "overig", or the rarest provision column folded into
``voorz_overig`` (dropped last). The design stratum is never coarsened: the weights
depend on it, and the design already pools strata below ``k``. Deterministic; every step
is described in Dutch for the file's notes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ervaring.analysis.results import membership_suppression, respondent_suppression
from ervaring.questionnaires.age_bands import BOUNDS

ATTRIBUTES = {
    "team": "Wijkteam",
    "district": "Wijk",
    "age_band": "Leeftijdsgroep",
    "respondent_role": "Wie vulde in",
    "law": "Wet",
    "channel": "Kanaal van de uitnodiging",
}
PROVISION_PREFIX = "voorz_"
PROVISION_OTHER = f"{PROVISION_PREFIX}overig"
OTHER = "overig"
UNKNOWN = "onbekend"
#: Order in which equally good coarsenings are taken (least useful to analysts first).
PREFERENCE = ("channel", "respondent_role", "law", "team", "district", "age_band")


class DisclosureError(ValueError):
    """Even fully generalised, the file would single out respondents (too few of them)."""


@dataclass(frozen=True)
class Generalised:
    """The generalised quasi-identifiers, their smallest combination, and each step."""

    frame: pd.DataFrame
    smallest: int
    steps: tuple[str, ...]


def generalise(frame: pd.DataFrame, k: int) -> Generalised:
    """Coarsen ``frame`` until every combination of its columns holds at least ``k`` rows.

    ``stratum`` is never coarsened (the weights depend on it; the design already pools
    strata below ``k``). First the groups too small to show become "overig" (so the file
    and the tables hide the same groups), then one step at a time the coarsening that
    leaves the fewest rows in too-small combinations. Deterministic.
    """
    frame = frame.copy()
    steps: list[str] = []
    for column in [c for c in frame.columns if c in ATTRIBUTES]:
        hidden = sorted(respondent_suppression(pd.Series(frame[column]), k) - {OTHER})
        if not hidden:
            continue
        # Age bands keep their names ("tot 45 of 85+"): "overig" would say nothing.
        label = " of ".join(_band_order(hidden)) if column == "age_band" else OTHER
        frame[column] = frame[column].where(~frame[column].isin(hidden), label)
        steps.append(_merge_text(column, hidden, "te klein om apart te tonen", label))
    provisions = [c for c in frame.columns if c.startswith(PROVISION_PREFIX)]
    if provisions:
        long = frame[provisions].to_numpy().nonzero()
        small = membership_suppression(
            pd.DataFrame({"row": long[0], "group": pd.Categorical.from_codes(long[1], provisions)}),
            len(frame),
            k,
        )
        if small:
            frame = _fold_provisions(frame, sorted(small))
            steps.append(_fold_text(sorted(small)))
    while (smallest := _smallest(frame)) < k:
        options = _coarsenings(frame)
        if not options:
            raise DisclosureError(
                f"Export geweigerd: ook zonder kenmerken telt een stratum {smallest} "
                f"respondenten, minder dan {k}."
            )
        frame, text = min(options, key=lambda o: (_rows_in_small(o[0], k), o[2]))[:2]
        steps.append(text)
    return Generalised(frame, _smallest(frame), tuple(steps))


def _smallest(frame: pd.DataFrame) -> int:
    return int(frame.groupby(list(frame.columns), observed=True, dropna=False).size().min())


def _rows_in_small(frame: pd.DataFrame, k: int) -> int:
    sizes = frame.groupby(list(frame.columns), observed=True, dropna=False).size()
    return int(sizes[sizes < k].sum())


def _coarsenings(frame: pd.DataFrame) -> list[tuple[pd.DataFrame, str, int]]:
    """Every next step: (coarser frame, what it did, preference rank)."""
    options = []
    for rank, column in enumerate(PREFERENCE):
        if column not in frame or frame[column].nunique() < 2:
            continue
        if column == "age_band":
            options.append((*_widen_age(frame), rank))
            continue
        counts = frame[column].value_counts()
        rest = counts.drop(OTHER, errors="ignore")
        merge = sorted(rest[rest == rest.min()].index)[:1]
        if OTHER not in counts and len(rest) > 1:
            # "overig" needs two groups, or it is the group under another name.
            merge = sorted(rest.sort_values(kind="stable").index[:2], key=str)
        coarser = frame.copy()
        coarser[column] = coarser[column].where(~coarser[column].isin(merge), OTHER)
        options.append((coarser, _merge_text(column, merge, "te kleine combinaties"), rank))
    provisions = [c for c in frame.columns if c.startswith(PROVISION_PREFIX)]
    if provisions and provisions != [PROVISION_OTHER]:
        rarest = min((c for c in provisions if c != PROVISION_OTHER), key=lambda c: frame[c].sum())
        folded = _fold_provisions(frame, [rarest])
        options.append((folded, _fold_text([rarest]), len(PREFERENCE)))
    elif provisions:
        options.append(
            (frame.drop(columns=provisions), "Voorzieningen: voorz_overig weggelaten.", 99)
        )
    return options


def _fold_provisions(frame: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
    """``columns`` folded into ``voorz_overig`` (1 when any of them, or it, is 1)."""
    out = frame.copy()
    folded = out[list(columns)].max(axis=1)
    if PROVISION_OTHER in out:
        folded = np.maximum(folded, out[PROVISION_OTHER])
    out = out.drop(columns=[c for c in columns if c != PROVISION_OTHER])
    position = out.columns.get_loc("stratum")
    if PROVISION_OTHER in out:
        out[PROVISION_OTHER] = folded.astype(np.int64)
    else:
        out.insert(position, PROVISION_OTHER, folded.astype(np.int64))
    return out


def _widen_age(frame: pd.DataFrame) -> tuple[pd.DataFrame, str]:
    """Merge the smallest age band with its smaller neighbour (unknown sits last)."""
    present = list(frame["age_band"].value_counts().index)
    order = _band_order(present)
    counts = frame["age_band"].value_counts()
    i = min(range(len(order)), key=lambda j: (counts[order[j]], j))
    neighbours = [j for j in (i - 1, i + 1) if 0 <= j < len(order)]
    j = min(neighbours, key=lambda n: (counts[order[n]], n))
    first, second = sorted((order[i], order[j]), key=order.index)
    label = _band_label(first, second)
    coarser = frame.copy()
    coarser["age_band"] = coarser["age_band"].where(
        ~coarser["age_band"].isin([first, second]), label
    )
    return coarser, f"Leeftijdsgroep: {first} en {second} samengenomen als ‘{label}’."


def _band_order(present: Sequence[str]) -> list[str]:
    lows = {}
    for label in present:
        bounds = _bounds(label)
        lows[label] = bounds[0] if bounds else float("inf")
    return sorted(present, key=lambda label: (lows[label], label))


def _bounds(label: str) -> tuple[int, int | None] | None:
    """(low, high) of a band label, also of one made by merging ("45-74", "tot 65")."""
    if label in BOUNDS:
        return BOUNDS[label]
    if label.startswith("tot ") and label[4:].isdigit():
        return 0, int(label[4:]) - 1
    if label.endswith("+") and label[:-1].isdigit():
        return int(label[:-1]), None
    if "-" in label and label.replace("-", "").isdigit():
        low, high = label.split("-")
        return int(low), int(high)
    return None


#: The label once every age band is merged: the file then says nothing about age.
ALL_AGES = "alle leeftijden"


def _band_label(first: str, second: str) -> str:
    a, b = _bounds(first), _bounds(second)
    if a is None or b is None:
        return f"{first} of {second}" if b is None else f"{second} of {first}"
    low, high = a[0], b[1]
    if high is None:
        return f"{low}+" if low else ALL_AGES
    return f"tot {high + 1}" if low == 0 else f"{low}-{high}"


def _merge_text(column: str, merged: Sequence[str], why: str, label: str = OTHER) -> str:
    return (
        f"{ATTRIBUTES.get(column, column)}: {', '.join(map(str, merged))} samengenomen als "
        f"‘{label}’ ({why})."
    )


def _fold_text(columns: Sequence[str]) -> str:
    names = [c.removeprefix(PROVISION_PREFIX).replace("_", " ") for c in columns]
    return f"Voorzieningen: {', '.join(names)} opgenomen in de kolom {PROVISION_OTHER}."
