"""Attributes that never single a person out: rare combinations are coarsened before storing.

A response carries its invitation's attributes (law, provision groups, age band, team,
district, who answers), because routing and the breakdowns need them. Whoever can read the
database can compare a response's combination with the invitations'; a combination that
only one or two invited people have points at them, key or no key. So before invitations
are stored, every combination that fewer than k invited people share (k = the survey's
minimum group size, the same number below which no result is shown) is coarsened, in this
order, each step only for the combinations that are still rare:

1. the district is dropped (district is only a breakdown);
2. the age band is widened one step (65-74 → 65+; see `questionnaires.age_bands.WIDER`);
3. a coarsened combination that is still rare takes in, coarsened the same way, people from
   combinations that have more than k (so that none of those becomes rare).

Law, provision groups, team and who answers stay: routing and the team dashboards need
them, and their groups are large by design. A combination that is still rare after both
steps is counted in the report (`still_rare`), never hidden. Plain Python, no database.
"""

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from ervaring.questionnaires.age_bands import WIDER

QUASI_IDENTIFIERS = ("law", "provision_groups", "age_band", "team", "district", "respondent_role")


@dataclass(frozen=True)
class CoarseningReport:
    """How many of the new invitations were coarsened, by step."""

    district_dropped: int = 0
    band_widened: int = 0
    joined: int = 0
    still_rare: int = 0


def combination(attributes: Mapping[str, object]) -> tuple[object, ...]:
    """The quasi-identifying part of an attribute mapping, hashable."""
    values = []
    for name in QUASI_IDENTIFIERS:
        value = attributes.get(name)
        values.append(tuple(sorted(value)) if isinstance(value, list | tuple) else value)
    return tuple(values)


def coarsen(
    new: Sequence[Mapping[str, object]], k: int, existing: Iterable[Mapping[str, object]] = ()
) -> tuple[list[dict[str, object]], CoarseningReport]:
    """Copies of `new` in which no combination is shared by fewer than k invited people
    (counting `existing`, the survey's invitations so far, which are not changed)."""
    kept = [combination(a) for a in existing]
    result = [dict(a) for a in new]
    changed: Counter[str] = Counter()
    for name, step in (("district", _drop_district), ("band", _widen_band)):
        counts = Counter(kept + [combination(a) for a in result])
        for attributes in result:
            if counts[combination(attributes)] < k and step(attributes):
                changed[name] += 1
    changed["joined"] = _join_rare(result, kept, k)
    counts = Counter(kept + [combination(a) for a in result])
    still_rare = sum(1 for a in result if counts[combination(a)] < k)
    return result, CoarseningReport(
        changed["district"], changed["band"], changed["joined"], still_rare
    )


def _join_rare(result: list[dict[str, object]], kept: list[tuple[object, ...]], k: int) -> int:
    """Step 3: a coarsened combination that is still rare takes in people who would fall
    into it when coarsened the same way, from combinations with more than k people (so no
    other combination becomes rare). Returns how many were coarsened for this."""
    counts = Counter(kept + [combination(a) for a in result])
    joined = 0
    for target in [c for c, n in counts.items() if n < k]:
        donors = [
            a for a in result if combination(a) != target and combination(_coarsest(a)) == target
        ]
        donors.sort(key=lambda a: -counts[combination(a)])
        for attributes in donors:
            if counts[target] >= k:
                break
            source = combination(attributes)
            if counts[source] <= k:
                continue
            attributes.update(_coarsest(attributes))
            counts[source] -= 1
            counts[target] += 1
            joined += 1
    return joined


def _coarsest(attributes: Mapping[str, object]) -> dict[str, object]:
    coarse = dict(attributes)
    _drop_district(coarse)
    _widen_band(coarse)
    return coarse


def _drop_district(attributes: dict[str, object]) -> bool:
    if not attributes.get("district"):
        return False
    attributes["district"] = ""
    return True


def _widen_band(attributes: dict[str, object]) -> bool:
    wider = WIDER.get(str(attributes.get("age_band")))
    if wider is None:
        return False
    attributes["age_band"] = wider
    return True
