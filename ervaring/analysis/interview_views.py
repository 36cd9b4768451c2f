"""Pages of a survey's interview round: the interviews with their transcripts, and coding.

The coding page is the open answers' page for a fragment: the same codebook, the same
keys (`analysis/coding.js`), suggestions from the keywords and from a model the worker
trains on the coded answers and fragments. It shows the
scrubbed fragment, the interviewer's scrubbed question before it, the pseudonym and the
provision group, never more. Raw text is never read here: only the worker decrypts it.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from ervaring.analysis import codebook_services, coding, interviews, tasks, transcripts
from ervaring.analysis.coding_views import theme_choices
from ervaring.analysis.interview_forms import InterviewForm, TranscriptForm
from ervaring.analysis.models import Code, Interview, InterviewFragment
from ervaring.fieldwork.group_names import group_name
from ervaring.questionnaires.queries import get_survey_for
from ervaring.responses.open_texts import NothingToHide


@login_required
def interview_round(request: HttpRequest, slug: str) -> HttpResponse:
    """The round's interviews, a form for a new one, and an upload per interview."""
    survey = get_survey_for(request.user, slug)
    current = interviews.get_round(survey)
    form = InterviewForm(
        request.POST or None,
        groups=interviews.provision_groups(survey),
        teams=survey.organisation.teams.all(),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        added = interviews.add_interview(
            current, data["held_on"], data["provision_group"], data["team"], actor=request.user
        )
        messages.success(request, f"Interview {added.pseudonym} is toegevoegd.")
        return redirect("analysis:interviews", slug=survey.slug)
    rows = interviews.progress(current)
    context = {
        "survey": survey,
        "rows": [(p, group_name("provision", p.interview.provision_group, {})) for p in rows],
        "form": form,
        "upload": TranscriptForm(),
        "todo": sum(p.fragments - p.coded for p in rows),
    }
    return render(request, "analysis/interviews.html", context)


@login_required
@require_POST
def upload_transcript(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    survey = get_survey_for(request.user, slug)
    interview = get_object_or_404(Interview, pk=pk, round__survey=survey)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, "Uitgeschreven interview: kies een bestand.")
        return redirect("analysis:interviews", slug=survey.slug)
    try:
        transcripts.check_size(upload.name, upload.size)  # before reading it into memory
        count = interviews.upload_transcript(
            interview, upload.name, upload.read(), actor=request.user
        )
    except transcripts.TranscriptRefused as refused:
        messages.error(request, f"Uitgeschreven interview {interview.pseudonym}: {refused}")
    else:
        tasks.enqueue_interview_scrubbing()
        messages.success(
            request,
            f"Interview {interview.pseudonym}: {count} fragmenten. Ze worden eerst opgeschoond; "
            "daarna kunt u ze coderen.",
        )
    return redirect("analysis:interviews", slug=survey.slug)


@login_required
def start_coding(request: HttpRequest, slug: str) -> HttpResponse:
    """Go to the first fragment not yet coded (or say that all are)."""
    survey = get_survey_for(request.user, slug)
    current = interviews.get_round(survey)
    codebook_services.ensure_codebook(survey)
    queue = interviews.queue(current)
    done = set(
        InterviewFragment.objects.filter(pk__in=queue, coded_at__isnull=False).values_list(
            "pk", flat=True
        )
    )
    todo = [pk for pk in queue if pk not in done]
    if not todo:
        messages.success(request, f"Alle {len(queue)} fragmenten zijn gecodeerd.")
        return redirect("analysis:interviews", slug=survey.slug)
    return redirect("analysis:interview-coding", slug=survey.slug, pk=todo[0])


@login_required
def code_fragment(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    survey = get_survey_for(request.user, slug)
    current = interviews.get_round(survey)
    queue = interviews.queue(current)
    if pk not in queue:
        raise Http404("Fragment niet gevonden")
    fragment = get_object_or_404(InterviewFragment.objects.select_related("interview"), pk=pk)
    codes = list(Code.objects.filter(survey=survey).select_related("parent"))
    position = queue.index(pk)
    if request.method == "POST":
        keys = set(request.POST.getlist("code"))
        accepted = request.POST.get("accept", "")
        try:
            if interviews.save_fragment_codes(
                fragment, keys | ({accepted} if accepted else set()), coder=request.user
            ):
                tasks.enqueue_training(survey.pk)
        except coding.CodingRefused as refused:
            messages.error(request, str(refused))
            return redirect("analysis:interview-coding", slug=survey.slug, pk=pk)
        interviews.set_fragment_quote(
            fragment, request.POST.get("quote") == "1", actor=request.user
        )
        if accepted:
            target = pk
        elif request.POST.get("action") == "prev":
            target = queue[max(position - 1, 0)]
        elif position + 1 < len(queue):
            target = queue[position + 1]
        else:
            return redirect("analysis:interview-coding-start", slug=survey.slug)
        return redirect("analysis:interview-coding", slug=survey.slug, pk=target)
    chosen = set(fragment.codes.values_list("key", flat=True))
    question = (
        InterviewFragment.objects.filter(
            interview=fragment.interview,
            position=fragment.position - 1,
            is_interviewer=True,
            is_scrubbed=True,
        )
        .values_list("text", flat=True)
        .first()
    )
    context = {
        "survey": survey,
        "fragment": fragment,
        "question": question,
        "group": group_name("provision", fragment.interview.provision_group, {}),
        "themes": theme_choices(codes, chosen),
        "suggestions": interviews.suggested(fragment, codes),
        "position": position + 1,
        "total": len(queue),
        "coded": InterviewFragment.objects.filter(pk__in=queue, coded_at__isnull=False).count(),
        "previous": position > 0,
        "action": reverse("analysis:interview-coding", args=[survey.slug, pk]),
    }
    return render(request, "analysis/interview_coding.html", context)


@login_required
@require_POST
def hide(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Hide words the scrubber missed in a fragment (logged without the words)."""
    survey = get_survey_for(request.user, slug)
    fragment = get_object_or_404(
        InterviewFragment, pk=pk, interview__round__survey=survey, is_scrubbed=True
    )
    words = request.POST.get("words", "").strip()
    if not words:
        messages.error(request, "Woorden verbergen: vul de woorden in die weg moeten.")
    else:
        try:
            places = interviews.hide_words(fragment, words, actor=request.user)
        except NothingToHide as problem:
            messages.error(request, f"Woorden verbergen: {problem}")
        else:
            messages.success(request, f"Verborgen op {places} plaats(en).")
    return redirect("analysis:interview-coding", slug=survey.slug, pk=pk)
