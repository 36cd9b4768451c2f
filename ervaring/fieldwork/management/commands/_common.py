"""Shared helpers for the fieldwork commands (not a command: the name starts with _)."""

from django.core.management.base import CommandError

from ervaring.questionnaires.models import Survey


def get_survey(slug: str) -> Survey:
    """The survey with this slug, or a CommandError that names it."""
    survey = Survey.objects.select_related("organisation").filter(slug=slug).first()
    if survey is None:
        raise CommandError(f"Unknown survey '{slug}'.")
    return survey
