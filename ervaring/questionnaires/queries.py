"""Queries that scope surveys to what a staff member may see."""

from django.db.models import QuerySet
from django.http import Http404

from ervaring.accounts import permissions
from ervaring.questionnaires.models import Survey


def surveys_for(user: object) -> QuerySet[Survey]:
    """The surveys a staff member manages: only their own organisation's, only in their role."""
    if not permissions.can_manage_surveys(user):
        return Survey.objects.none()
    return Survey.objects.filter(organisation_id=user.organisation_id)  # type: ignore[attr-defined]


def get_survey_for(user: object, slug: str) -> Survey:
    """The survey with this slug if the user may manage it; otherwise 404, never 403, so that
    another organisation's survey is indistinguishable from one that does not exist."""
    survey = (
        surveys_for(user)
        .select_related("current_version", "organisation")
        .filter(slug=slug)
        .first()
    )
    if survey is None:
        raise Http404("Onderzoek niet gevonden")
    return survey
