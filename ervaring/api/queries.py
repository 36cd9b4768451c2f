"""What an API key may see: its own organisation's surveys, nothing else."""

import re

from django.db.models import QuerySet

from ervaring.api.errors import ApiError
from ervaring.api.models import ApiKey
from ervaring.questionnaires.models import Survey

SLUG = re.compile(r"[-a-zA-Z0-9_]{1,80}")


def surveys_for(api_key: ApiKey) -> QuerySet[Survey]:
    return Survey.objects.filter(organisation_id=api_key.organisation_id)


def get_survey(api_key: ApiKey, slug: str) -> Survey:
    """The key's organisation's survey with this slug, or 404: another organisation's
    survey is indistinguishable from one that does not exist."""
    survey = surveys_for(api_key).select_related("organisation", "current_version")
    found = survey.filter(slug=slug).first() if SLUG.fullmatch(slug) else None
    if found is None:
        raise ApiError(404, "not_found", "Onderzoek niet gevonden.", "Survey not found.")
    return found
