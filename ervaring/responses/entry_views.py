"""Staff screens for typing in paper forms and phone interviews under a respondent's code.

Step 1 asks for the survey, the code and the channel; step 2 is the whole questionnaire on one
long page, one field per question. The staff session holds the code only encrypted, as the
respondent's session does. Views parse, authorise, call one service and render; answers are
written only by `services.enter_answers`.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from ervaring.accounts import permissions
from ervaring.fieldwork import codes
from ervaring.questionnaires.services import get_document
from ervaring.responses import data_entry, services
from ervaring.responses.forms import EntryStartForm

SESSION_ENTRY = "ervaring_entry"


@sensitive_post_parameters("code")
@never_cache
@login_required
def entry_start(request: HttpRequest) -> HttpResponse:
    """Choose survey, code and channel; a refused code is said plainly next to the field.

    The typed code is hidden from error reports, as on the respondent's start page.
    """
    surveys = data_entry.entry_surveys(request.user)
    if not surveys and not _may_enter_somewhere(request.user):
        raise Http404("Geen toegang")
    form = EntryStartForm(request.POST or None, surveys=surveys)
    if request.method == "POST" and form.is_valid():
        survey = form.chosen_survey()
        channel = form.cleaned_data["channel"]
        try:
            _, code = services.open_for_entry(
                survey, form.cleaned_data["code"], channel, request.user
            )
        except services.EntryRefused as refused:
            form.add_error("code", refused.message)
        else:
            request.session[SESSION_ENTRY] = {
                "survey": survey.slug,
                "code": codes.encrypt_code(code, settings.CODE_KEY),
                "channel": channel,
            }
            return redirect("entry:form")
    status = 422 if form.errors else 200
    return render(request, "responses/entry_start.html", {"form": form}, status=status)


def _may_enter_somewhere(user: object) -> bool:
    return permissions.is_staff_member(user) and user.role in {  # type: ignore[union-attr]
        "invoerder",
        "onderzoeker",
    }


@never_cache
@login_required
def entry_form(request: HttpRequest) -> HttpResponse:
    """The whole form on one page; saving completes the response (all or nothing)."""
    pending = request.session.get(SESSION_ENTRY) or {}
    surveys = {s.slug: s for s in data_entry.entry_surveys(request.user)}
    survey = surveys.get(pending.get("survey", ""))
    code = codes.decrypt_code(pending.get("code", ""), settings.CODE_KEY) if survey else None
    response = services.find_response(code) if code else None
    if survey is None or response is None or response.survey_id != survey.pk:
        request.session.pop(SESSION_ENTRY, None)
        return redirect("entry:start")
    questionnaire = get_document(response.version)
    errors: dict[str, str] = {}
    if request.method == "POST":
        typed = {k: request.POST.getlist(k) for k in request.POST if k != "csrfmiddlewaretoken"}
        data, key_errors = data_entry.to_form_data(questionnaire, typed)
        try:
            outcome = services.enter_answers(
                response, data, key_errors, pending["channel"], code, request.user
            )
        except services.EntryRefused as refused:
            messages.error(request, refused.message)
            request.session.pop(SESSION_ENTRY, None)
            return redirect("entry:start")
        if outcome.is_saved:
            request.session.pop(SESSION_ENTRY, None)
            note = (
                f" {outcome.skipped} antwoorden bij overgeslagen vragen zijn niet bewaard."
                if outcome.skipped
                else ""
            )
            messages.success(request, f"Formulier {codes.format_code(code)} is opgeslagen.{note}")
            return redirect("entry:start")
        errors = outcome.errors
    else:
        typed = data_entry.typed_from_answers(
            questionnaire, services.stored_answers(response, with_text=False)
        )
    themes = data_entry.entry_form(questionnaire, response.attributes, typed, errors)
    questions = {q.id: q for theme in themes for q in theme.questions}
    context = {
        "survey": survey,
        "code": codes.format_code(code),
        "channel": dict(data_entry.ENTRY_CHANNEL_LABELS).get(pending["channel"], ""),
        "themes": themes,
        "errors": [
            (qid, questions[qid].number, m) for qid, m in errors.items() if qid in questions
        ],
    }
    return render(request, "responses/entry_form.html", context, status=422 if errors else 200)
