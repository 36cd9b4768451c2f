"""The fieldwork overview for the project leader: who was invited, reached, started, completed.

It lives here rather than in `fieldwork` because the per-day started/completed figures come
from responses, and `fieldwork` may not import `responses` (layer contract); the invitation
figures come from `fieldwork.overview`. A fixed number of aggregate queries, whatever the size.
"""

from dataclasses import dataclass
from datetime import date

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ervaring.fieldwork import overview
from ervaring.questionnaires.queries import get_survey_for
from ervaring.responses.progress import responses_per_day

DAYS = 28


@dataclass(frozen=True)
class DayRow:
    day: date
    invited: int
    started: int
    completed: int


def day_rows(invited: dict, started: dict, completed: dict, days: list[date]) -> list[DayRow]:
    return [DayRow(d, invited.get(d, 0), started.get(d, 0), completed.get(d, 0)) for d in days]


@login_required
def fieldwork_overview(request: HttpRequest, slug: str) -> HttpResponse:
    """The survey's organisation's beheerder and onderzoeker only (404 for anyone else)."""
    survey = get_survey_for(request.user, slug)
    started, completed = responses_per_day(survey, DAYS)
    rows = day_rows(
        overview.invited_per_day(survey, DAYS), started, completed, overview.last_days(DAYS)
    )
    context = {
        "survey": survey,
        "figures": overview.breakdowns(survey),
        "days": [row for row in rows if row.invited or row.started or row.completed],
        "day_count": DAYS,
    }
    return render(request, "responses/fieldwork_overview.html", context)
