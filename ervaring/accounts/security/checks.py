"""Deployment checks (`ervaring check --deploy`) that Django's own do not cover."""

from pathlib import Path

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, register

from ervaring import production


@register(Tags.staticfiles, deploy=True)
def check_static_files_collected(**kwargs: object) -> list[CheckMessage]:
    """Production without `collectstatic` answers 500 on every page (issue 11)."""
    if "Manifest" not in settings.STORAGES["staticfiles"]["BACKEND"]:
        return []
    problem = production.missing_static_files(Path(settings.STATIC_ROOT))
    return [Error(problem, id="ervaring.E010")] if problem else []
