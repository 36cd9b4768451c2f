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
- both ways the weighted total could have been computed: each stratum with its own
  weight ``N/n`` ("separate"), or the strata of the suppressed groups pooled into one
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
    """A group as the attacker knows it: respondents, population, (when published) its
    counts (agree, neutral, disagree, excluded), and the design stratum it lies in (by
    default a stratum of its own; the data file's ``stratum`` column tells)."""

    respondents: int
    population: float | None = None
    counts: tuple[int, int, int, int] | None = None
    stratum: str | None = None

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
    found: dict[tuple, dict[str, Cell]] = {}
    for solution in iter_solutions(publication):
        found[tuple(sorted(solution.items()))] = solution
    return list(found.values())


def iter_solutions(publication: Publication) -> Iterator[dict[str, Cell]]:
    """The solutions one by one (the same one may come twice, from two models)."""
    hidden = sorted(publication.hidden, key=lambda g: publication.groups[g].respondents)
    if not hidden:
        return
    *prefix, last = hidden
    bounds = _bounds(publication)
    sizes = [publication.groups[g].respondents for g in prefix]
    for cells in itertools.product(*(_cells(size, bounds) for size in sizes)):
        partial = dict(zip(prefix, cells, strict=True))
        for model in publication.models if publication.weighted else ("sums",):
            completed = _complete(publication, partial, last, model)
            if completed is not None and _fits(publication, completed, model):
                yield completed


def is_solution(publication: Publication, cells: Mapping[str, Cell]) -> bool:
    """Do these cells of the suppressed groups fit everything published?"""
    hidden = sorted(publication.hidden, key=lambda g: publication.groups[g].respondents)
    *prefix, last = hidden
    partial = {g: tuple(cells[g]) for g in prefix}
    return any(
        (completed := _complete(publication, partial, last, model)) is not None
        and completed[last] == tuple(cells[last])
        and _fits(publication, completed, model)
        for model in (publication.models if publication.weighted else ("sums",))
    )


def _bounds(publication: Publication) -> tuple[int, ...] | None:
    """Upper bounds per state for any suppressed group, where the sums are published."""
    sums = _published_sums(publication)
    if sums is None:
        return None
    respondents = sum(publication.groups[g].respondents for g in publication.hidden)
    return (*sums, respondents - sum(sums))


def possible_cells(
    publication: Publication,
    parts: Mapping[str, Sequence[str]] | None = None,
    *,
    limit: int | None = None,
) -> dict[str, set[tuple[int, ...]]]:
    """Per part (by default: per suppressed group) the cells it could have.

    With two suppressed groups this is the projection of :func:`solutions`. With more,
    enumerating every group at once would take too long, so each part is attacked on its
    own: its groups as one unit against the other suppressed groups as another. That is
    exact where the other groups enter the published figures only through their sum:
    counts that only add up (any split of a sum over groups of given sizes exists), or a
    weighted total with the suppressed strata pooled; so then only the "pooled" model
    is tried. Cells are (agree, neutral, disagree, excluded, missing). With ``limit`` the
    search for a part stops once it has that many different cells.
    """
    hidden = publication.hidden
    parts = parts or {g: [g] for g in hidden}
    cells: dict[str, set[tuple[int, ...]]] = {}
    for part, units in parts.items():
        exact = len(hidden) <= 2 and len(units) == 1
        merged = publication if exact else _merged(publication, units)
        name = units[0] if exact else "part"
        cells[part] = set()
        for solution in iter_solutions(merged):
            cells[part].add(solution[name])
            if limit is not None and len(cells[part]) >= limit:
                break
    return cells


def part_fits(publication: Publication, units: Sequence[str], truth: Mapping[str, Cell]) -> bool:
    """Do the true cells fit, seen as :func:`possible_cells` sees this part?"""
    if len(publication.hidden) <= 2 and len(units) == 1:
        return is_solution(publication, truth)
    rest = [g for g in publication.hidden if g not in units]
    cells = {"part": _add(truth[u] for u in units)}
    if rest:
        cells["rest"] = _add(truth[u] for u in rest)
    return is_solution(_merged(publication, units), cells)


def _add(cells: Iterator[Cell] | Sequence[Cell]) -> Cell:
    listed = list(cells)
    return tuple(sum(c[i] for c in listed) for i in range(5))  # type: ignore[return-value]


def _merged(publication: Publication, units: Sequence[str]) -> Publication:
    """The publication with ``units`` as one group "part" and the other suppressed groups
    as one group "rest", the suppressed strata as one stratum "pool"."""
    groups = publication.groups
    hidden = publication.hidden
    strata = {groups[g].stratum or g for g in hidden}
    merged: dict[str, Group] = {}
    for label, group in groups.items():
        if group.is_published:
            stratum = group.stratum or label
            merged[label] = Group(
                group.respondents,
                group.population,
                group.counts,
                "pool" if stratum in strata else stratum,
            )
    for name, members in (("part", list(units)), ("rest", [g for g in hidden if g not in units])):
        if not members:
            continue
        populations = [groups[g].population for g in members]
        merged[name] = Group(
            sum(groups[g].respondents for g in members),
            None if None in populations else sum(populations),  # type: ignore[arg-type]
            None,
            "pool",
        )
    models = ("pooled",) if publication.weighted else publication.models
    return Publication(merged, publication.total, publication.weighted, min_n=0, models=models)


def distinct_cells(found: Sequence[Mapping[str, Cell]], group: str) -> set[tuple[int, ...]]:
    """The different published-cell values (agree, neutral, disagree, excluded) of a group."""
    return {tuple(s[group][:4]) for s in found}


def _cells(respondents: int, bounds: Sequence[int] | None = None) -> Iterator[Cell]:
    """All ways to spread a group's respondents over the five states, each state at most
    its bound (what all suppressed groups hold together in it, when that is known)."""
    upper = list(bounds) if bounds is not None else [respondents] * 5
    yield from _spread(respondents, upper, ())


def _spread(rest: int, upper: Sequence[int], head: tuple[int, ...]) -> Iterator[Cell]:
    if len(upper) == 1:
        if 0 <= rest <= upper[0]:
            yield (*head, rest)  # type: ignore[misc]
        return
    low = max(0, rest - sum(upper[1:]))
    for value in range(low, min(upper[0], rest) + 1):
        yield from _spread(rest - value, upper[1:], (*head, value))


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
    """Solve the weighted total for the last group's agree/neutral/disagree counts."""
    units = _units(publication, model)
    weights = {
        label: _unit_weight(publication, members) for members in units.values() for label in members
    }
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


def _units(publication: Publication, model: str) -> dict[str, list[str]]:
    """The design's strata as lists of groups: each group's ``stratum`` (default: its own
    label); the pooled model merges every stratum that holds a suppressed group."""
    units: dict[str, list[str]] = {}
    for label, group in publication.groups.items():
        units.setdefault(group.stratum or label, []).append(label)
    if model == "pooled":
        hidden = {publication.groups[g].stratum or g for g in publication.hidden}
        pooled = [g for stratum in sorted(hidden) for g in units.pop(stratum)]
        units["pool"] = pooled
    return units


def _unit_weight(publication: Publication, members: Sequence[str]) -> float:
    groups = [publication.groups[m] for m in members]
    respondents = sum(g.respondents for g in groups)
    if not respondents or any(g.population is None for g in groups):
        return 1.0
    return sum(g.population or 0 for g in groups) / respondents


def _fits(publication: Publication, cells: Mapping[str, Cell], model: str) -> bool:
    """Do the published figures come out of these cells?"""
    if publication.min_n and not any(
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
    out = []
    for members in _units(publication, model).values():
        count = [0, 0, 0]
        respondents = sum(groups[m].respondents for m in members)
        for m in members:
            cell = groups[m].counts if groups[m].counts is not None else cells[m]
            for i in range(3):
                count[i] += cell[i]
        if respondents == 0:
            continue
        w = _unit_weight(publication, members)
        population = respondents * w if groups[members[0]].population is not None else None
        a, u, d = count
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
