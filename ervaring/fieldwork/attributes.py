"""Respondent attributes derived from the population file (never asked in the survey).

These are what routing and breakdowns use: law, provision groups, age and age band, team,
district, and who answers (the client, a parent or carer, or the young person).
"""

from collections.abc import Sequence

WMO_AGE_BANDS: Sequence[tuple[int, int | None, str]] = (
    (0, 44, "tot 45"),
    (45, 64, "45-64"),
    (65, 74, "65-74"),
    (75, 84, "75-84"),
    (85, None, "85+"),
)
JEUGD_AGE_BANDS: Sequence[tuple[int, int | None, str]] = (
    (0, 3, "0-3"),
    (4, 11, "4-11"),
    (12, 15, "12-15"),
    (16, 17, "16-17"),
    (18, None, "18+"),
)


def age_band(age: int | None, law: str) -> str:
    """The reporting band for an age; bands are coarse on purpose (quasi-identifier)."""
    if age is None:
        return "onbekend"
    bands = JEUGD_AGE_BANDS if law == "jeugd" else WMO_AGE_BANDS
    for low, high, label in bands:
        if age >= low and (high is None or age <= high):
            return label
    return "onbekend"


def respondent_role(law: str, age: int | None, youth_self_from_age: int) -> str:
    """Who answers: for youth care a parent or carer below the survey's age, else the young
    person; for the Wmo the client (or someone on their behalf, which the survey asks)."""
    if law != "jeugd":
        return "client"
    if age is not None and age >= youth_self_from_age:
        return "jongere"
    return "ouder"


def client_attributes(
    *,
    law: str,
    provision_groups: Sequence[str],
    age: int | None,
    team: str,
    district: str,
    youth_self_from_age: int,
) -> dict[str, object]:
    """The attribute mapping stored on an invitation and copied to its response."""
    return {
        "law": law,
        "provision_groups": sorted(set(provision_groups)),
        "age": age,
        "age_band": age_band(age, law),
        "team": team,
        "district": district,
        "respondent_role": respondent_role(law, age, youth_self_from_age),
    }
