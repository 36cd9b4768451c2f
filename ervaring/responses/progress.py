"""Responses started and completed per day, for the fieldwork overview.

Counted from the responses themselves (invitations carry no time stamps on purpose), with one
aggregate query each; only counts leave this module.
"""

from datetime import date, timedelta

from django.db.models import Count
from django.db.models.functions import TruncDate
from django.utils import timezone

from ervaring.questionnaires.models import Survey
from ervaring.responses.models import Response


def _per_day(survey: Survey, field: str, since: date) -> dict[date, int]:
    rows = (
        Response.objects.filter(survey=survey, **{f"{field}__isnull": False})
        .annotate(day=TruncDate(field))
        .filter(day__gte=since)
        .values("day")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["day"]: row["n"] for row in rows}


def responses_per_day(survey: Survey, days: int) -> tuple[dict[date, int], dict[date, int]]:
    """(started, completed) per local date over the last `days` days, in two queries."""
    since = timezone.localdate() - timedelta(days=days - 1)
    return _per_day(survey, "started_at", since), _per_day(survey, "completed_at", since)
