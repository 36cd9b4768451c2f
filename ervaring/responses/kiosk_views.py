"""The tablet pages: unlock (staff), the neutral start screen, the questions, thanks, lock,
and the privacy and accessibility statements in kiosk form.

Every page is sent with `Cache-Control: no-store` and checks, on the server, that the tablet's
kiosk still runs and that the client was active within `KIOSK_IDLE_SECONDS`; otherwise the
session is flushed and the tablet shows the start screen. The client's session holds only the
encrypted code of their own response, under its own key, so the ordinary respondent pages
never see a kiosk response. Every link on a kiosk page leads to a kiosk page: a client who
left the kiosk would be on pages without its reset, where Back shows what was there before.
"""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from ervaring.accounts import permissions
from ervaring.fieldwork import codes
from ervaring.questionnaires import routing
from ervaring.questionnaires.services import get_document
from ervaring.responses import kiosk, services
from ervaring.responses.forms import KioskUnlockForm
from ervaring.responses.models import KioskSession, Response
from ervaring.responses.presenters import page_rows, review_context
from ervaring.responses.texts import duration, ui_text
from ervaring.responses.views import (
    RETURN_TO_REVIEW,
    SESSION_LANGUAGE,
    change_link,
    offered_languages,
    page_context,
)

SESSION_CODE = "ervaring_kiosk_code"
SESSION_ACTIVE = "ervaring_kiosk_active"
SESSION_DONE = "ervaring_kiosk_done"


def _tablet(request: HttpRequest) -> KioskSession | None:
    key = request.get_signed_cookie(kiosk.COOKIE, default=None, salt=kiosk.COOKIE_SALT)
    return kiosk.find_active_kiosk(key)


def _context(
    request: HttpRequest, tablet: KioskSession | None, language: str, **extra: object
) -> dict:
    version = tablet.survey.current_version if tablet else None
    return {
        **page_context(request, language, version),
        "organisation": tablet.survey.organisation if tablet else None,
        "is_kiosk": True,
        "idle_seconds": settings.KIOSK_IDLE_SECONDS,
        "warning_seconds": settings.KIOSK_WARNING_SECONDS,
        "keepalive_seconds": settings.KIOSK_KEEPALIVE_SECONDS,
        **extra,
    }


def _reset(request: HttpRequest) -> HttpResponse:
    """Forget the client: new session key, old session data deleted, back to the start."""
    request.session.flush()
    return redirect("kiosk:home")


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def unlock(request: HttpRequest) -> HttpResponse:
    """A professional sets up this tablet; they are logged out here, so clients never hold a
    staff session."""
    surveys = kiosk.kiosk_surveys(request.user)
    if not surveys and not permissions.can_run_kiosk(request.user):
        raise Http404("Geen toegang")
    form = KioskUnlockForm(request.POST or None, surveys=surveys)
    if request.method == "POST" and form.is_valid():
        try:
            _, key = kiosk.unlock_kiosk(
                request.user, form.chosen_survey(), form.cleaned_data["pin"]
            )
        except kiosk.KioskError as error:
            form.add_error("survey", str(error))
        else:
            logout(request)
            response = redirect("kiosk:home")
            response.set_signed_cookie(
                kiosk.COOKIE,
                key,
                salt=kiosk.COOKIE_SALT,
                max_age=kiosk.COOKIE_AGE,
                httponly=True,
                samesite="Strict",
                secure=settings.SESSION_COOKIE_SECURE,
            )
            return response
    status = 422 if form.errors else 200
    return render(request, "responses/kiosk_unlock.html", {"form": form}, status=status)


@never_cache
def home(request: HttpRequest) -> HttpResponse:
    """The neutral start screen; reaching it always forgets whoever used the tablet before."""
    tablet = _tablet(request)
    if request.session.get(SESSION_CODE) or request.session.get(SESSION_DONE):
        return _reset(request)
    language = request.session.get(SESSION_LANGUAGE, "nl")
    if tablet is None:
        return render(request, "responses/kiosk_locked.html", _context(request, None, language))
    questionnaire = get_document(tablet.survey.current_version)
    context = _context(request, tablet, language, title=questionnaire.title.get(language))
    return render(request, "responses/kiosk_home.html", context)


@never_cache
@require_POST
def begin(request: HttpRequest) -> HttpResponse:
    """The next client pressed "Geef uw mening": a fresh session and a fresh response."""
    tablet = _tablet(request)
    language = request.session.get(SESSION_LANGUAGE, "nl")
    request.session.flush()
    if tablet is None:
        return redirect("kiosk:home")
    request.session.set_expiry(0)  # a client's session never outlives the browser either
    response, code = kiosk.start_kiosk_response(tablet)
    services.set_language(response, language)
    request.session[SESSION_CODE] = codes.encrypt_code(code, settings.CODE_KEY)
    request.session[SESSION_ACTIVE] = time.time()
    return redirect("kiosk:page", page_id=_first_page(response))


def _first_page(response: Response) -> str:
    questionnaire = get_document(response.version)
    return routing.visible_themes(questionnaire, response.attributes, {})[0].id


def _client_response(
    request: HttpRequest, tablet: KioskSession | None
) -> tuple[Response, str] | tuple[None, None]:
    """The current client's response and code, or None when the kiosk or the client is gone."""
    token = request.session.get(SESSION_CODE)
    code = codes.decrypt_code(token, settings.CODE_KEY) if token else None
    if tablet is None or code is None:
        return None, None
    if kiosk.is_idle(request.session.get(SESSION_ACTIVE), time.time()):
        return None, None
    response = services.find_response(code)
    if response is None or response.survey_id != tablet.survey_id or response.is_completed:
        return None, None
    return response, code


@never_cache
@require_http_methods(["GET", "POST"])
def page(request: HttpRequest, page_id: str) -> HttpResponse:
    tablet = _tablet(request)
    response, code = _client_response(request, tablet)
    if response is None:
        return _reset(request)
    request.session[SESSION_ACTIVE] = time.time()
    chosen = request.session.get(SESSION_LANGUAGE)
    if chosen and chosen != response.language:
        services.set_language(response, chosen)
        response.language = chosen
    outcome = services.PageOutcome()
    submitted = None
    is_returning = RETURN_TO_REVIEW in request.GET
    if request.method == "POST":
        action = request.POST.get("action", "next")
        data = {k: request.POST.getlist(k) for k in request.POST if k != "csrfmiddlewaretoken"}
        try:
            outcome = services.save_page(response, page_id, data, action, code)
        except services.PageNotVisible:
            return redirect("kiosk:page", page_id=_first_page(response))
        if outcome.refused:
            return _reset(request)
        if outcome.is_finished:
            return _finished(request)
        if not outcome.errors:
            if action == "stop":
                return _reset(request)
            if outcome.is_review or (action == "next" and is_returning):
                return redirect("kiosk:review")
            return redirect("kiosk:page", page_id=outcome.next_page or page_id)
        submitted = data
    return _render_page(request, tablet, response, page_id, outcome, submitted, is_returning)


def _finished(request: HttpRequest) -> HttpResponse:
    """Sent: the client's code is forgotten at once, the thank-you page shows once."""
    request.session.pop(SESSION_CODE, None)
    request.session[SESSION_DONE] = True
    return redirect("kiosk:thanks")


@never_cache
@require_http_methods(["GET", "POST"])
def review(request: HttpRequest) -> HttpResponse:
    """Check your answers on the tablet, as online: "Wijzig" per page, then send."""
    tablet = _tablet(request)
    response, code = _client_response(request, tablet)
    if response is None:
        return _reset(request)
    request.session[SESSION_ACTIVE] = time.time()
    language = response.language
    text = ui_text(language)
    error = ""
    if request.method == "POST":
        if request.POST.get("action") == "stop":
            return _reset(request)
        confirmed = request.POST.get("leeg") == "ja"
        outcome = services.send_response(response, code, is_empty_confirmed=confirmed)
        if outcome.refused:
            return _reset(request)
        if outcome.is_finished:
            return _finished(request)
        error = text["review_confirm_error"]
    shown = review_context(
        get_document(response.version),
        response.attributes,
        services.stored_answers(response),
        language,
        lambda page_id: change_link("kiosk:page", page_id),
    )
    context = _context(
        request,
        tablet,
        language,
        error=error,
        stop_label=text["kiosk_stop"],
        idle_note=text["kiosk_idle"].format(
            duration=duration(settings.KIOSK_IDLE_SECONDS, language)
        ),
        keeps_alive=True,
        **shown,
    )
    return render(request, "responses/review.html", context, status=422 if error else 200)


def _render_page(
    request: HttpRequest,
    tablet: KioskSession,
    response: Response,
    page_id: str,
    outcome: services.PageOutcome,
    submitted: dict[str, list[str]] | None,
    is_returning: bool,
) -> HttpResponse:
    questionnaire = get_document(response.version)
    stored = services.stored_answers(response)
    values = services.answer_values(stored)
    page_ids = [t.id for t in routing.visible_themes(questionnaire, response.attributes, values)]
    if page_id not in page_ids:
        return redirect("kiosk:page", page_id=page_ids[0])
    theme = questionnaire.theme(page_id)
    language = response.language
    questions = routing.visible_questions(theme, response.attributes, values)
    rows = page_rows(questions, stored, outcome.errors, outcome.other_errors, language, submitted)
    step, step_count = routing.step_of(questionnaire, response.attributes, page_id)
    text = ui_text(language)
    context = _context(
        request,
        tablet,
        language,
        questionnaire_title=questionnaire.title.get(language),
        theme_title=theme.title.get(language),
        theme_intro=theme.intro.get(language) if theme.intro else "",
        questions=rows,
        errors=[r for r in rows if r.error],
        step=step,
        step_count=step_count,
        step_label=text["step"].format(step=step, count=step_count),
        is_returning=is_returning,
        is_first=page_id == page_ids[0],
        stop_label=text["kiosk_stop"],
        idle_note=text["kiosk_idle"].format(
            duration=duration(settings.KIOSK_IDLE_SECONDS, language)
        ),
        keeps_alive=True,
    )
    status = 422 if outcome.errors else 200
    return render(request, "responses/page.html", context, status=status)


@never_cache
def thanks(request: HttpRequest) -> HttpResponse:
    """Thanks, once; the session is already forgotten when the page is shown."""
    tablet = _tablet(request)
    done = request.session.get(SESSION_DONE)
    language = request.session.get(SESSION_LANGUAGE, "nl")
    request.session.flush()
    if tablet is None or not done:
        return redirect("kiosk:home")
    return render(request, "responses/kiosk_thanks.html", _context(request, tablet, language))


@never_cache
@require_http_methods(["GET", "POST"])
def end(request: HttpRequest) -> HttpResponse:
    """Lock the tablet again with the PIN or the professional's password."""
    tablet = _tablet(request)
    request.session.flush()
    if tablet is None:
        return redirect("kiosk:home")
    error = ""
    if request.method == "POST":
        if kiosk.end_kiosk(tablet, request.POST.get("secret", "")):
            response = render(request, "responses/kiosk_locked.html", _context(request, None, "nl"))
            response.delete_cookie(kiosk.COOKIE, samesite="Strict")
            return response
        error = "Deze pincode of dit wachtwoord klopt niet."
    context = _context(request, tablet, "nl", error=error)
    return render(request, "responses/kiosk_end.html", context, status=422 if error else 200)


@never_cache
@require_POST
def keep_alive(request: HttpRequest) -> HttpResponse:
    """The page saw the client type, touch or scroll: their idle time counts from now.

    The script sends this at most once per `KIOSK_KEEPALIVE_SECONDS`, so someone writing a
    long answer keeps their page. 204 when the client is still there; 410 (and the session
    forgotten) when the kiosk or the client is gone, and the script goes to the start screen.
    """
    tablet = _tablet(request)
    response, _ = _client_response(request, tablet)
    if response is None:
        request.session.flush()
        return HttpResponse(status=410)
    request.session[SESSION_ACTIVE] = time.time()
    return HttpResponse(status=204)


def _statement(request: HttpRequest, template: str) -> HttpResponse:
    """A statement in the kiosk's layout, with its way back inside the kiosk: to the client's
    current page while they answer (their session and idle time kept), else to the start."""
    tablet = _tablet(request)
    response, _ = _client_response(request, tablet)
    language = request.session.get(SESSION_LANGUAGE, "nl")
    text = ui_text(language)
    if response is None:
        back_url, back_label = reverse("kiosk:home"), text["home"]
    else:
        request.session[SESSION_ACTIVE] = time.time()
        current = response.current_page or _first_page(response)
        back_url = reverse("kiosk:page", kwargs={"page_id": current})
        back_label = text["kiosk_back_to_questions"]
    context = _context(
        request,
        tablet,
        language,
        back_url=back_url,
        back_label=back_label,
        keeps_alive=response is not None,
    )
    return render(request, template, context)


@require_POST
def switch_language(request: HttpRequest) -> HttpResponse:
    """The kiosk's language switch: the page that follows uses the language; it returns
    only to a kiosk page, never to the ordinary respondent pages."""
    tablet = _tablet(request)
    language = request.POST.get("lang", "nl")
    if language not in offered_languages(tablet.survey.current_version if tablet else None):
        language = "nl"
    request.session[SESSION_LANGUAGE] = language
    target = request.POST.get("next", "")
    safe = url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()})
    if not safe or not target.startswith(reverse("kiosk:home")):
        target = reverse("kiosk:home")
    return redirect(target)


@never_cache
def privacy(request: HttpRequest) -> HttpResponse:
    return _statement(request, "responses/privacy.html")


@never_cache
def accessibility(request: HttpRequest) -> HttpResponse:
    return _statement(request, "responses/accessibility.html")
