"""The stappenplan page of a survey: every step, its state, and the way to the next one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from ervaring.accounts import permissions
from ervaring.questionnaires.lifecycle import SurveyError
from ervaring.questionnaires.queries import get_survey_for
from ervaring.reporting.publication import finish_survey
from ervaring.reporting.steps import plan
from ervaring.reporting.steps_facts import survey_facts


@login_required
def survey_steps(request: HttpRequest, slug: str) -> HttpResponse:
    survey = get_survey_for(request.user, slug)
    steps = plan(survey_facts(survey))
    current = next((step for step in steps if step.state == "nu"), None)
    return render(
        request,
        "reporting/steps_page.html",
        {"survey": survey, "steps": steps, "current": current},
    )


@login_required
@require_POST
def mark_reported(request: HttpRequest, slug: str) -> HttpResponse:
    """The last step: the report went out, so the survey's figures are final and become
    next year's comparison."""
    survey = get_survey_for(request.user, slug)
    if not permissions.can_manage_surveys(request.user):
        raise PermissionDenied
    try:
        published = finish_survey(survey, request.user)
    except SurveyError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            "Het onderzoek is afgerond: de uitkomsten liggen vast. De cijfers van "
            f"{published.year} ({published.questions} vragen) zijn bewaard als vergelijking "
            "voor het volgende onderzoek (zie Eerdere jaren).",
        )
    return redirect("reporting:steps", slug=survey.slug)
