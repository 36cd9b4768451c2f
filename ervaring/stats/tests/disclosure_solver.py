"""An attacker's solver for suppressed cells, written apart from the product's rule.

It answers: given everything an output publishes about one question in one breakdown,
which whole-number answer counts could the suppressed groups have? A suppressed cell is
protected when at least two different counts remain possible for it. Nothing here imports
the product: the estimator (weighted share, stratified variance, logit interval on t) is
written out from its textbook definition, and each test also checks that the true counts
are among the solutions, which holds only if this model of the output is right.

The attacker is given *more* than is published, so that a pass means more:

- every group's respondents and population (also where the output hides them);
- the published groups' counts exactly;
- both ways the weighted total could have been computed: each suppressed group with its
  own weight ``N/n`` ("separate"), or the suppressed groups pooled into one stratum
  ("pooled", the documented rule). A candidate that fits either counts.

A cell's counts are (agree, neutral, disagree, excluded); "missing" (not asked, left
empty) is the rest of the group's respondents.

Search: every count vector of every suppressed group but the largest is enumerated; the
largest group's counts then follow from the published sums (or, for a weighted total, from
the weighted equation), and the candidate is kept when every published figure comes out
again (to 1e-7 percentage points, the outputs' full precision).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from scipy import stats

#: A cell: agree, neutral, disagree, excluded (weet niet / n.v.t.), missing.
Cell = tuple[int, int, int, int, int]
TOLERANCE = 1e-7


@dataclass(frozen=True)
class Group:
    """A group as the attacker knows it: respondents, population, and (when published)
    its counts (agree, neutral, disagree, excluded)."""

    respondents: int
    population: float | None = None
    counts: tuple[int, int, int, int] | None = None

    @property
    def is_published(self) -> bool:
        return self.counts is not None


@dataclass(frozen=True)
class Total:
    """The published total of the breakdown: valid n, excluded, and the shares (0-100)
    with the interval of % agree. ``counts`` when the output prints unweighted counts."""

    n: int
    n_excluded: int | None
    pct: tuple[float, float, float] | None = None
    ci: tuple[float, float] | None = None
    counts: tuple[int, int, int, int] | None = None


@dataclass(frozen=True)
class Publication:
    """Everything published about one question in one breakdown.

    ``weighted``: the groups are the sample's strata and the total's shares are weighted
    by ``N/n`` (needs every population). Otherwise only sums of counts tie the groups.
    """

    groups: Mapping[str, Group]
    total: Total
    weighted: bool = False
    min_n: int = 10
    models: tuple[str, ...] = field(default=("separate", "pooled"))

    @property
    def hidden(self) -> list[str]:
        return [label for label, g in self.groups.items() if not g.is_published]


def solutions(publication: Publication) -> list[dict[str, Cell]]:
    """Every assignment of cells to the suppressed groups that fits the publication."""
    hidden = sorted(publication.hidden, key=lambda g: publication.groups[g].respondents)
    if not hidden:
        return []
    *prefix, last = hidden
    found: dict[tuple, dict[str, Cell]] = {}
    sizes = [publication.groups[g].respondents for g in prefix]
    for cells in itertools.product(*(_cells(size) for size in sizes)):
        partial = dict(zip(prefix, cells, strict=True))
        for model in publication.models if publication.weighted else ("sums",):
            completed = _complete(publication, partial, last, model)
            if completed is not None and _fits(publication, completed, model):
                found[tuple(completed[g] for g in hidden)] = completed
    return list(found.values())


def distinct_cells(found: Sequence[Mapping[str, Cell]], group: str) -> set[tuple[int, ...]]:
    """The different published-cell values (agree, neutral, disagree, excluded) of a group."""
    return {tuple(s[group][:4]) for s in found}


def _cells(respondents: int) -> Iterator[Cell]:
    """All ways to spread a group's respondents over the five states."""
    for a in range(respondents + 1):
        for u in range(respondents - a + 1):
            for d in range(respondents - a - u + 1):
                for e in range(respondents - a - u - d + 1):
                    yield (a, u, d, e, respondents - a - u - d - e)


def _published_sums(publication: Publication) -> tuple[int, int, int, int] | None:
    """What the suppressed groups hold together, where plain subtraction gives it."""
    total = publication.total
    shown = [g.counts for g in publication.groups.values() if g.counts is not None]
    if total.counts is None:
        return None
    return tuple(total.counts[i] - sum(c[i] for c in shown) for i in range(4))  # type: ignore[return-value]


def _complete(
    publication: Publication, partial: Mapping[str, Cell], last: str, model: str
) -> dict[str, Cell] | None:
    """The largest suppressed group's cell that the published figures leave, if whole."""
    total = publication.total
    shown = [g.counts for g in publication.groups.values() if g.counts is not None]
    size = publication.groups[last].respondents
    valid_rest = (
        total.n - sum(sum(c[:3]) for c in shown) - sum(sum(c[:3]) for c in partial.values())
    )
    sums = _published_sums(publication)
    if sums is not None:
        counts = [sums[i] - sum(c[i] for c in partial.values()) for i in range(4)]
    elif publication.weighted and total.pct is not None:
        counts = _from_weighted_total(publication, partial, last, valid_rest, model)
        if counts is None:
            return None
    else:
        return None
    if total.n_excluded is not None and sums is None:
        shown_excluded = sum(c[3] for c in shown) + sum(c[3] for c in partial.values())
        counts[3] = total.n_excluded - shown_excluded
    if sum(counts[:3]) != valid_rest or min(counts) < 0 or sum(counts) > size:
        return None
    return {**partial, last: (*counts, size - sum(counts))}  # type: ignore[dict-item]


def _from_weighted_total(
    publication: Publication,
    partial: Mapping[str, Cell],
    last: str,
    valid_rest: int,
    model: str,
) -> list[int] | None:
    """Solve the weighted total for the last group's agree/neutral counts."""
    weights = _weights(publication, {**partial, last: (0, 0, 0, 0, 0)}, model)
    total = publication.total
    known_w = 0.0
    known = [0.0, 0.0, 0.0]
    for label, group in publication.groups.items():
        cell = group.counts if group.counts is not None else partial.get(label)
        if cell is None:
            continue
        known_w += weights[label] * sum(cell[:3])
        for i in range(3):
            known[i] += weights[label] * cell[i]
    w_last = weights[last]
    denominator = known_w + w_last * valid_rest
    counts = []
    for i in range(3):
        exact = (total.pct[i] / 100 * denominator - known[i]) / w_last  # type: ignore[index]
        whole = round(exact)
        if abs(exact - whole) > 1e-6 * max(1.0, abs(exact)):
            return None
        counts.append(whole)
    return [*counts, 0]


def _weights(publication: Publication, cells: Mapping[str, Cell], model: str) -> dict[str, float]:
    """Weight per group: ``N/n``, or for the pooled model the pool's ``sum N / sum n``."""
    groups = publication.groups
    weights = {
        label: g.population / g.respondents if g.population else 1.0
        for label, g in groups.items()
        if g.respondents
    }
    if model == "pooled":
        hidden = [label for label in cells if groups[label].respondents]
        population = sum(groups[h].population or 0 for h in hidden)
        respondents = sum(groups[h].respondents for h in hidden)
        weights.update(dict.fromkeys(hidden, population / respondents if population else 1.0))
    return weights


def _fits(publication: Publication, cells: Mapping[str, Cell], model: str) -> bool:
    """Do the published figures come out of these cells?"""
    if not any(
        sum(cells[g][:3]) < publication.min_n
        or publication.groups[g].respondents < publication.min_n
        for g in cells
    ):
        return False  # something was suppressed, so some group was small
    total = publication.total
    if model == "sums" or total.pct is None:
        return True
    strata = _strata(publication, cells, model)
    agree, neutral, disagree, valid = (sum(s[k] for s in strata) for k in ("wa", "wu", "wd", "wm"))
    if valid <= 0:
        return False
    shares = (100 * agree / valid, 100 * neutral / valid, 100 * disagree / valid)
    if any(abs(a - b) > TOLERANCE for a, b in zip(shares, total.pct, strict=True)):
        return False
    if total.ci is None:
        return True
    interval = logit_interval(strata, agree / valid, valid)
    return interval is None or all(
        abs(a - b) < 1e-6 for a, b in zip(interval, total.ci, strict=True)
    )


def _strata(publication: Publication, cells: Mapping[str, Cell], model: str) -> list[dict]:
    """Per stratum: respondents, population, weight and weighted sums of the states."""
    groups = publication.groups
    units: dict[str, list[str]] = {label: [label] for label in groups}
    if model == "pooled":
        hidden = [label for label in cells]
        for label in hidden:
            units.pop(label)
        units["pool"] = hidden
    out = []
    for members in units.values():
        count = [0, 0, 0, 0]
        respondents = sum(groups[m].respondents for m in members)
        population = sum(groups[m].population or 0 for m in members) or None
        for m in members:
            cell = groups[m].counts if groups[m].counts is not None else cells[m]
            for i in range(3):
                count[i] += cell[i]
        if respondents == 0:
            continue
        w = (population or respondents) / respondents
        a, u, d = count[:3]
        out.append(
            {
                "n": respondents,
                "N": population,
                "w": w,
                "a": a,
                "m": a + u + d,
                "wa": w * a,
                "wu": w * u,
                "wd": w * d,
                "wm": w * (a + u + d),
            }
        )
    return out


def logit_interval(
    strata: Sequence[Mapping], share: float, weight_total: float
) -> tuple[float, float] | None:
    """95% logit interval (0-100) of a weighted share under stratified sampling.

    Linearisation: ``z_i = w_i (y_i - R) / W`` for valid answers, 0 for others;
    ``V = sum_h (1 - n_h/N_h) n_h/(n_h - 1) (sum z^2 - (sum z)^2 / n_h)``; the quantile of
    t on ``valid answers - strata with valid answers`` degrees of freedom.
    """
    if share <= 0 or share >= 1:
        return None
    variance = 0.0
    for s in strata:
        n, w, a, m = s["n"], s["w"], s["a"], s["m"]
        if n < 2:
            continue
        fpc = 1 - n / s["N"] if s["N"] else 1.0
        sum_z = w * (a - share * m) / weight_total
        sum_z2 = w * w * (a * (1 - share) ** 2 + (m - a) * share**2) / weight_total**2
        variance += fpc * n / (n - 1) * (sum_z2 - sum_z**2 / n)
    df = sum(s["m"] for s in strata) - sum(1 for s in strata if s["m"] > 0)
    if df < 1:
        return None
    q = stats.t.ppf(0.975, df)
    half = q * math.sqrt(max(variance, 0.0)) / (share * (1 - share))
    logit = math.log(share / (1 - share))
    return (100 / (1 + math.exp(-(logit - half))), 100 / (1 + math.exp(-(logit + half))))


def counts_from_shares(n: int, pct: Sequence[float]) -> tuple[int, ...]:
    """Counts behind the shares of a group whose respondents all share one weight."""
    return tuple(round(p * n / 100) for p in pct)
