"""Respondent attributes derived from the population file (never asked in the survey).

These are what routing and breakdowns use: law, provision groups, age band, team, district,
and who answers (the client, a parent or carer, or the young person). The exact age is used
to compute the band and who answers, and is never stored (see `questionnaires.age_bands`).
"""

from collections.abc import Sequence

from ervaring.questionnaires.age_bands import age_band


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
        "age_band": age_band(age, law),
        "team": team,
        "district": district,
        "respondent_role": respondent_role(law, age, youth_self_from_age),
    }
