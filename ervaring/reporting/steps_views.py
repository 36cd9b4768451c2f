"""The stappenplan page of a survey: every step, its state, and the way to the next one."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ervaring.questionnaires.queries import get_survey_for
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
