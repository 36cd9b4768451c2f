"""Staff pages to set up a survey: create from a template, edit the questionnaire, start.

Each view parses, authorises (through `queries`/`permissions`), calls one service, renders.
"""

import yaml
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from ervaring.accounts import permissions
from ervaring.questionnaires import document as doc
from ervaring.questionnaires import lifecycle, services
from ervaring.questionnaires.forms import AddQuestionForm, CreateSurveyForm, DocumentForm
from ervaring.questionnaires.lifecycle import Action
from ervaring.questionnaires.models import Survey
from ervaring.questionnaires.queries import get_survey_for, surveys_for

#: The survey's stappenplan (ervaring.reporting.steps_views), where a project leader returns
#: after each state change; named, not imported, since reporting sits above this app.
STEPS = "reporting:steps"


@login_required
def survey_list(request: HttpRequest) -> HttpResponse:
    context = {
        "surveys": surveys_for(request.user).select_related("current_version"),
        "can_create": permissions.can_manage_surveys(request.user),
    }
    return render(request, "questionnaires/survey_list.html", context)


@login_required
def survey_create(request: HttpRequest) -> HttpResponse:
    if not permissions.can_manage_surveys(request.user):
        raise PermissionDenied
    form = CreateSurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        survey = services.create_survey_from_template(
            request.user.organisation,
            form.cleaned_data["template"],
            form.cleaned_data["name"],
            actor=request.user,
        )
        messages.success(request, f"Onderzoek '{survey.name}' is gemaakt.")
        return redirect(STEPS, slug=survey.slug)
    return render(request, "questionnaires/survey_create.html", {"form": form})


@login_required
def survey_detail(request: HttpRequest, slug: str) -> HttpResponse:
    survey = get_survey_for(request.user, slug)
    questionnaire = services.get_document(survey.current_version)
    latest = survey.latest_version
    context = {
        "survey": survey,
        "questionnaire": questionnaire,
        "themes": services.describe_themes(questionnaire),
        "missing_measures": doc.missing_measures(questionnaire),
        "versions": survey.versions.select_related("created_by").order_by("-number"),
        "waiting_version": latest if latest.pk != survey.current_version_id else None,
    }
    return render(request, "questionnaires/survey_detail.html", context)


def _refuse_edit(request: HttpRequest, survey: Survey) -> HttpResponse | None:
    """Back to the survey with the reason when its questionnaire can no longer change."""
    reason = lifecycle.refusal(survey.status, Action.EDIT_QUESTIONNAIRE)
    if not reason:
        return None
    messages.error(request, reason)
    return redirect("questionnaires:survey-detail", slug=survey.slug)


@login_required
def survey_edit(request: HttpRequest, slug: str) -> HttpResponse:
    """Edit the whole questionnaire as a document; saving makes a new version."""
    survey = get_survey_for(request.user, slug)
    if refused := _refuse_edit(request, survey):
        return refused
    latest = survey.latest_version
    initial = yaml.safe_dump(latest.document, allow_unicode=True, sort_keys=False, width=100)
    form = DocumentForm(
        request.POST or None, initial={"source": initial, "based_on": latest.number}
    )
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            version = services.save_version(
                survey,
                form.cleaned_data["source"],
                request.user,
                form.cleaned_data["note"],
                based_on=form.cleaned_data["based_on"],
            )
        except doc.DocumentError as error:
            problems = error.errors
        except services.SurveyError as error:
            problems = [str(error)]
        else:
            messages.success(request, _saved_text(survey, version.number))
            return redirect("questionnaires:survey-detail", slug=survey.slug)
    context = {"survey": survey, "form": form, "problems": problems, "latest": latest}
    return render(request, "questionnaires/survey_edit.html", context)


def _saved_text(survey: Survey, number: int) -> str:
    if survey.status == "concept":
        return f"Versie {number} is opgeslagen en in gebruik."
    return (
        f"Versie {number} is opgeslagen, maar nog niet in gebruik: het veldwerk loopt. "
        "Bekijk hieronder wat dat betekent en neem de versie in gebruik als u dat wilt."
    )


@login_required
def survey_add_question(request: HttpRequest, slug: str) -> HttpResponse:
    survey = get_survey_for(request.user, slug)
    if refused := _refuse_edit(request, survey):
        return refused
    latest = survey.latest_version
    questionnaire = services.get_document(latest)
    themes = [(t.id, t.title.get("nl")) for t in questionnaire.themes]
    form = AddQuestionForm(
        request.POST or None,
        themes=themes,
        taken=[q.id for q in questionnaire.questions()],
        languages=questionnaire.languages,
        initial={"based_on": latest.number},
    )
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            version = services.add_local_question(
                survey,
                form.cleaned_data["theme"],
                form.question_data(),
                request.user,
                based_on=form.cleaned_data["based_on"],
            )
        except doc.DocumentError as error:
            problems = error.errors
        except services.SurveyError as error:
            problems = [str(error)]
        else:
            messages.success(
                request, f"De vraag is toegevoegd. {_saved_text(survey, version.number)}"
            )
            return redirect("questionnaires:survey-detail", slug=survey.slug)
    context = {"survey": survey, "form": form, "problems": problems, "latest": latest}
    return render(request, "questionnaires/survey_add_question.html", context)


@login_required
@require_POST
def survey_start(request: HttpRequest, slug: str) -> HttpResponse:
    survey = get_survey_for(request.user, slug)
    try:
        services.start_fieldwork(survey, request.user)
    except services.SurveyError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Het veldwerk is gestart. Deze versie ligt nu vast.")
        for note in services.start_notices(survey):
            messages.warning(request, note)
    return redirect(STEPS, slug=survey.slug)


@login_required
@require_POST
def survey_adopt_version(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """The explicit step that puts a version saved during fieldwork in use."""
    survey = get_survey_for(request.user, slug)
    if not permissions.can_manage_surveys(request.user):
        raise PermissionDenied
    try:
        services.adopt_version(survey, number, request.user)
    except services.SurveyError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            f"Versie {number} is in gebruik. Wie vanaf nu begint, krijgt deze versie; "
            "wie al begonnen was, houdt de vorige.",
        )
    return redirect("questionnaires:survey-detail", slug=survey.slug)
