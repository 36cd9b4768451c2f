"""Pages of the open answers: the overview per question and the coding page.

The coding page shows the question, the scrubbed text and the respondent's provision
groups, never more (no team, no age, no other answer). It works without JavaScript (tick
boxes and buttons); `analysis/coding.js` adds a key per code and keys for next, previous,
undo, accepting the top suggestion and choosing a quote.
"""

import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from ervaring.analysis import agreement, codebook_services, coding, interviews, tasks
from ervaring.analysis.models import Code, CoderRole, Quote
from ervaring.fieldwork.group_names import group_name
from ervaring.questionnaires.models import Survey
from ervaring.questionnaires.queries import get_survey_for
from ervaring.responses import open_texts
from ervaring.responses import tasks as responses_tasks
from ervaring.responses.models import OpenText


@login_required
def open_answers(request: HttpRequest, slug: str) -> HttpResponse:
    survey = get_survey_for(request.user, slug)
    context = {"survey": survey, "questions": coding.question_progress(survey)}
    return render(request, "analysis/open_answers.html", context)


def _role(request: HttpRequest) -> str:
    role = request.POST.get("rol") or request.GET.get("rol") or CoderRole.FIRST
    if role not in (CoderRole.FIRST, CoderRole.SECOND):
        raise Http404
    return role


def _question(survey: Survey, qslug: str) -> coding.FreeTextQuestion:
    question = coding.find_question(survey, qslug)
    if question is None:
        raise Http404("Vraag niet gevonden")
    return question


def _url(survey: Survey, question: coding.FreeTextQuestion, pk: int, role: str) -> str:
    url = reverse("analysis:coding", args=[survey.slug, question.slug, pk])
    return url if role == CoderRole.FIRST else f"{url}?rol={role}"


@login_required
def start_coding(request: HttpRequest, slug: str, qslug: str) -> HttpResponse:
    """Go to the first answer not yet coded in this role (or say that all are)."""
    survey = get_survey_for(request.user, slug)
    question, role = _question(survey, qslug), _role(request)
    codebook_services.ensure_codebook(survey)
    queue = coding.queue(survey, question, role)
    done = set(
        OpenText.objects.filter(pk__in=queue, codings__role=role).values_list("pk", flat=True)
    )
    todo = [pk for pk in queue if pk not in done]
    if not todo:
        messages.success(request, f"Alle {len(queue)} antwoorden op deze vraag zijn gecodeerd.")
        return redirect("analysis:open-answers", slug=survey.slug)
    return redirect(_url(survey, question, todo[0], role))


@login_required
def code_answer(request: HttpRequest, slug: str, qslug: str, pk: int) -> HttpResponse:
    survey = get_survey_for(request.user, slug)
    question, role = _question(survey, qslug), _role(request)
    queue = coding.queue(survey, question, role)
    if pk not in queue:
        raise Http404("Antwoord niet gevonden")
    text = get_object_or_404(OpenText, pk=pk)
    codes = list(Code.objects.filter(survey=survey).select_related("parent"))
    if request.method == "POST":
        keys = set(request.POST.getlist("code"))
        accepted = request.POST.get("accept", "")
        try:
            if (
                coding.save_codes(
                    text, role, keys | ({accepted} if accepted else set()), coder=request.user
                )
                and role == CoderRole.FIRST
            ):
                tasks.enqueue_training(survey.pk)
        except coding.CodingRefused as refused:
            messages.error(request, str(refused))
            return redirect(_url(survey, question, pk, role))
        if role == CoderRole.FIRST:
            coding.set_quote(text, request.POST.get("quote") == "1", actor=request.user)
        position = queue.index(pk)
        action = request.POST.get("action", "next")
        if accepted:
            target = pk
        elif action == "prev":
            target = queue[max(position - 1, 0)]
        elif position + 1 < len(queue):
            target = queue[position + 1]
        else:
            return redirect(
                reverse("analysis:coding-start", args=[survey.slug, question.slug])
                + (f"?rol={role}" if role != CoderRole.FIRST else "")
            )
        return redirect(_url(survey, question, target, role))
    chosen = coding.codes_of(text, role) or set()
    context = {
        "survey": survey,
        "question": question,
        "text": text,
        "role": role,
        "is_blind": role == CoderRole.SECOND,
        "groups": [group_name("provision", g, {}) for g in text.provision_groups],
        "themes": theme_choices(codes, chosen),
        "suggestions": [] if role == CoderRole.SECOND else coding.suggested(text, codes),
        "is_quote": Quote.objects.filter(open_text=text).exists(),
        "position": queue.index(pk) + 1,
        "total": len(queue),
        "coded": OpenText.objects.filter(pk__in=queue, codings__role=role).count(),
        "previous": queue.index(pk) > 0,
    }
    return render(request, "analysis/coding.html", context)


def theme_choices(codes: list[Code], chosen: set[str]) -> list[tuple[str, list[tuple[Code, bool]]]]:
    """The codes to tick (those without codes under them, and any already given), grouped
    under their parent theme, each with whether it is ticked."""
    parents = {code.parent_id for code in codes}
    groups: dict[str, list[tuple[Code, bool]]] = {}
    for code in codes:
        if code.pk not in parents or code.key in chosen:
            title = code.parent.label if code.parent else "Overig"
            groups.setdefault(title, []).append((code, code.key in chosen))
    return list(groups.items())


@login_required
@require_POST
def undo(request: HttpRequest, slug: str, qslug: str) -> HttpResponse:
    survey = get_survey_for(request.user, slug)
    question, role = _question(survey, qslug), _role(request)
    restored = coding.undo_last(survey, request.user, role)
    if restored is None:
        messages.error(request, "Er is niets meer om ongedaan te maken.")
        return redirect(reverse("analysis:coding-start", args=[survey.slug, question.slug]))
    messages.success(request, "De laatste wijziging is ongedaan gemaakt.")
    target = coding.find_question(survey, _slug_of(restored)) or question
    return redirect(_url(survey, target, restored.pk, role))


def _slug_of(text: OpenText) -> str:
    return text.question_id if text.kind == "open" else f"{text.question_id}--anders"


@login_required
@require_POST
def hide(request: HttpRequest, slug: str, qslug: str, pk: int) -> HttpResponse:
    survey = get_survey_for(request.user, slug)
    question, role = _question(survey, qslug), _role(request)
    text = get_object_or_404(OpenText, pk=pk, survey=survey, is_scrubbed=True)
    words = request.POST.get("words", "").strip()
    if not words:
        messages.error(request, "Woorden verbergen: vul de woorden in die weg moeten.")
    else:
        try:
            places = open_texts.hide_words(text, words, actor=request.user)
        except open_texts.NothingToHide as problem:
            messages.error(request, f"Woorden verbergen: {problem}")
        else:
            messages.success(request, f"Verborgen op {places} plaats(en).")
    return redirect(_url(survey, question, pk, role))


@login_required
def agreement_page(request: HttpRequest, slug: str, qslug: str) -> HttpResponse:
    """Second coder: draw the sample, see the kappa, settle the disagreements."""
    survey = get_survey_for(request.user, slug)
    question = _question(survey, qslug)
    total = coding.texts_of(survey, question).count()
    result = agreement.agreement(survey, question)
    codes = list(Code.objects.filter(survey=survey).select_related("parent"))
    context = {
        "survey": survey,
        "question": question,
        "total": total,
        "suggested_size": agreement.suggested_size(total),
        "result": result,
        "disagreements": agreement.disagreements(survey, question),
        "leaves": [c for c in codes if not any(o.parent_id == c.pk for o in codes)],
    }
    return render(request, "analysis/agreement.html", context)


@login_required
@require_POST
def draw_second_sample(request: HttpRequest, slug: str, qslug: str) -> HttpResponse:
    survey = get_survey_for(request.user, slug)
    question = _question(survey, qslug)
    try:
        size = int(request.POST.get("size", ""))
        added = agreement.draw_sample(
            survey, question, size, seed=secrets.randbelow(2**31), actor=request.user
        )
    except ValueError:
        messages.error(request, "Aantal antwoorden: vul een heel getal van minstens 1 in.")
    else:
        messages.success(request, f"{added} antwoorden gaan naar de tweede codeur.")
    return redirect("analysis:agreement", slug=survey.slug, qslug=question.slug)


@login_required
@require_POST
def settle(request: HttpRequest, slug: str, qslug: str, pk: int) -> HttpResponse:
    survey = get_survey_for(request.user, slug)
    question = _question(survey, qslug)
    listed = {d.text.pk: d for d in agreement.disagreements(survey, question)}
    if pk not in listed:
        raise Http404("Geen verschil bij dit antwoord")
    try:
        agreement.settle(listed[pk].text, set(request.POST.getlist("code")), actor=request.user)
    except coding.CodingRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, "Het besluit is opgeslagen en telt in het rapport.")
    return redirect("analysis:agreement", slug=survey.slug, qslug=question.slug)


@login_required
@require_POST
def rescrub(request: HttpRequest, slug: str) -> HttpResponse:
    """Scrub every answer and interview fragment again, e.g. after colleagues' names were
    added (logged)."""
    survey = get_survey_for(request.user, slug)
    count = open_texts.rescrub(survey, actor=request.user)
    responses_tasks.enqueue_scrubbing()
    if fragments := interviews.rescrub(survey):
        tasks.enqueue_interview_scrubbing()
        messages.success(request, f"{fragments} interviewfragmenten worden opnieuw opgeschoond.")
    messages.success(
        request,
        f"{count} antwoorden worden opnieuw opgeschoond; tot dan ziet u de vorige versie.",
    )
    return redirect("analysis:open-answers", slug=survey.slug)
