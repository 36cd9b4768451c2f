"""Pages of the open answers: the overview per question and the coding page."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ervaring.analysis import coding
from ervaring.questionnaires.queries import get_survey_for


@login_required
def open_answers(request: HttpRequest, slug: str) -> HttpResponse:
    survey = get_survey_for(request.user, slug)
    context = {"survey": survey, "questions": coding.question_progress(survey)}
    return render(request, "analysis/open_answers.html", context)
