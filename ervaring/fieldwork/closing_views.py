"""The staff button that closes fieldwork (with a confirmation page)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from ervaring.fieldwork import closing
from ervaring.questionnaires.queries import get_survey_for
from ervaring.questionnaires.services import SurveyError

MAX_RETENTION_DAYS = 365


def _retention(raw: str) -> int | None:
    try:
        days = int(raw or closing.DEFAULT_RETENTION_DAYS)
    except ValueError:
        return None
    return days if 0 <= days <= MAX_RETENTION_DAYS else None


@login_required
@require_http_methods(["GET", "POST"])
def close(request: HttpRequest, slug: str) -> HttpResponse:
    """Confirm, then close and purge (now or after the chosen number of days)."""
    survey = get_survey_for(request.user, slug)
    error = ""
    if request.method == "POST":
        days = _retention(request.POST.get("retention_days", ""))
        if days is None:
            error = f"Vul een aantal dagen in van 0 tot en met {MAX_RETENTION_DAYS}."
        else:
            try:
                outcome = closing.close_fieldwork(survey, retention_days=days, actor=request.user)
            except SurveyError as refused:
                error = str(refused)
            else:
                when = (
                    "Alle contactgegevens zijn gewist."
                    if outcome.purged is not None
                    else f"De contactgegevens worden gewist na {outcome.purge_after:%d-%m-%Y}."
                )
                messages.success(request, f"Het veldwerk is afgesloten. {when}")
                return redirect("overview:fieldwork", slug=survey.slug)
    context = {"survey": survey, "error": error, "max_days": MAX_RETENTION_DAYS}
    return render(request, "fieldwork/close.html", context, status=422 if error else 200)
