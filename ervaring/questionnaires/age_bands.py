"""Age bands: the only form in which a respondent's age is stored with their answers.

An exact age beside team, district and provision groups singles people out: in the demo 120
of 148 responses matched exactly one invitation on their attributes alone. So invitations and
responses carry the band, never the age, and routing on age ("alleen vanaf 65") is evaluated
on the band. That is exact as long as a condition's threshold is a band boundary, which the
questionnaire check demands (`gte` a band's lower bound, `lte` a band's upper bound).

Bands can be widened (`WIDER`) when a combination of attributes is too rare among the invited
(see `fieldwork.anonymity`); a wide band still answers the usual conditions (65+ is "gte 65").
Plain Python: routing and the document check import this without Django.
"""

from collections.abc import Mapping

UNKNOWN = "onbekend"
WMO_BANDS: tuple[tuple[int, int | None, str], ...] = (
    (0, 44, "tot 45"),
    (45, 64, "45-64"),
    (65, 74, "65-74"),
    (75, 84, "75-84"),
    (85, None, "85+"),
)
JEUGD_BANDS: tuple[tuple[int, int | None, str], ...] = (
    (0, 3, "0-3"),
    (4, 11, "4-11"),
    (12, 15, "12-15"),
    (16, 17, "16-17"),
    (18, None, "18+"),
)
# One step coarser, for rare combinations: each band to the wider band that holds it.
WIDER: Mapping[str, str] = {
    "tot 45": "tot 65",
    "45-64": "tot 65",
    "65-74": "65+",
    "75-84": "65+",
    "85+": "65+",
    "0-3": "0-11",
    "4-11": "0-11",
    "12-15": "12-17",
    "16-17": "12-17",
    "18+": "12+",
}
_WIDE_BOUNDS = {
    "tot 65": (0, 64),
    "65+": (65, None),
    "0-11": (0, 11),
    "12-17": (12, 17),
    "12+": (12, None),
}

BOUNDS: Mapping[str, tuple[int, int | None]] = {
    **{label: (low, high) for low, high, label in WMO_BANDS + JEUGD_BANDS},
    **_WIDE_BOUNDS,
}
LOWER_BOUNDARIES = frozenset(low for low, _, _ in WMO_BANDS + JEUGD_BANDS)
UPPER_BOUNDARIES = frozenset(high for _, high, _ in WMO_BANDS + JEUGD_BANDS if high is not None)


def age_band(age: int | None, law: str) -> str:
    """The reporting band for an age; bands are coarse on purpose (quasi-identifier)."""
    if age is None:
        return UNKNOWN
    bands = JEUGD_BANDS if law == "jeugd" else WMO_BANDS
    for low, high, label in bands:
        if age >= low and (high is None or age <= high):
            return label
    return UNKNOWN


def band_satisfies(label: str, op: str, threshold: float) -> bool:
    """Whether everyone in the band meets `age <op> threshold` (gte/lte); False when only
    part of the band does, or the band is unknown."""
    bounds = BOUNDS.get(label)
    if bounds is None:
        return False
    low, high = bounds
    if op == "gte":
        return low >= threshold
    if op == "lte":
        return high is not None and high <= threshold
    return False
