"""Group names as a person reads them: "Wijkteam Noord", "huishoudelijke hulp".

Strata and breakdowns are stored under their codes (a team's slug, a provision group's id)
so that files and seeds stay stable; every page shows these names instead.
"""

from collections.abc import Mapping


def group_name(column: str, value: str, team_names: Mapping[str, str]) -> str:
    """The name of one group of ``column``; a combination of provisions keeps its parts."""
    if column == "team":
        return team_names.get(value, value)
    return " + ".join(part.replace("_", " ") for part in value.split("+"))
