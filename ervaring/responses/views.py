"""The respondent pages: code entry, one theme per page, checking the answers, thanks.

The session holds only the login code, encrypted with the installation's key; from it the
response (and, at completion, the invitation) is found again. It ends when the browser closes
or after a while without a request (`respondent_session`). Every view works without
JavaScript and follows post/redirect/get, so the browser's back button and a reload are safe;
pages that can show answers are never stored by the browser, so Back after "Stoppen" or
completion shows nothing.
"""

import functools
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from ervaring import languages
from ervaring.accounts.models import Organisation
from ervaring.addresses import client_address
from ervaring.fieldwork import codes
from ervaring.questionnaires import routing
from ervaring.questionnaires.models import QuestionnaireVersion
from ervaring.questionnaires.services import get_document
from ervaring.responses import open_texts, respondent_session, services
from ervaring.responses.presenters import page_rows, review_context
from ervaring.responses.texts import duration, rejection_message, ui_text

SESSION_LANGUAGE = languages.SESSION_LANGUAGE
#: Set when a code opens a response that was left on a page; the page the respondent lands on
#: greets them once ("Welkom terug") and removes it.
SESSION_WELCOME_BACK = "ervaring_welcome_back"
#: After sending: the questionnaire version and organisation of the thank-you page (not the
#: response), so that the thank-you survives a change of language in the same browser session.
SESSION_THANKED = "ervaring_thanked"
#: Query parameter of a "Wijzig" link: after that page, "Volgende" returns to the check.
RETURN_TO_REVIEW = "nakijken"


def _language(request: HttpRequest, response: services.Response | None = None) -> str:
    if response is not None:
        return response.language
    return request.session.get(SESSION_LANGUAGE, "nl")


def _current_response(request: HttpRequest) -> tuple[services.Response | None, str | None]:
    code = respondent_session.current_code(request.session, respondent_session.clock())
    if code is None:
        return None, None
    return services.find_response(code), code


def respondent_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """For pages that can show a respondent's answers: an expired session is ended and the
    respondent told how to go on; a live one counts its idle time from now; the page is sent
    with `Cache-Control: no-store`, so the back button fetches it again and finds nothing."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        now = respondent_session.clock()
        if respondent_session.has_expired(request.session, now):
            request.session.flush()
            page = redirect("responses:expired")
        else:
            respondent_session.touch(request.session, now)
            page = view(request, *args, **kwargs)
        add_never_cache_headers(page)
        return page

    return wrapper


def offered_languages(version: QuestionnaireVersion | None) -> tuple[str, ...]:
    """The languages a page offers: those of the respondent's questionnaire, or every
    shipped language before the code is known."""
    if version is None:
        return languages.SHIPPED
    return languages.offered(get_document(version).languages)


def page_context(
    request: HttpRequest,
    language: str,
    version: QuestionnaireVersion | None = None,
    **extra: object,
) -> dict[str, object]:
    """What every respondent page needs: its texts and direction, and the language switch
    listing the other offered languages, each in its own name and script."""
    return {
        "lang": language,
        "dir": languages.direction(language),
        "t": ui_text(language),
        "path": request.get_full_path(),
        "other_languages": [
            (code, languages.NAMES[code], languages.direction(code))
            for code in offered_languages(version)
            if code != language
        ],
        **extra,
    }


def _context(
    request: HttpRequest, language: str, response: services.Response | None = None, **extra: object
) -> dict[str, object]:
    return page_context(request, language, response.version if response else None, **extra)


@sensitive_post_parameters("code")
@require_http_methods(["GET", "POST"])
def start(request: HttpRequest, code: str = "") -> HttpResponse:
    """Code entry; a personal link (/k/CODE) shows it filled in, one press starts.

    The typed code is hidden from error reports; the page a personal link opens tells the
    browser to send only the origin as Referer, so its code does not travel on in the requests
    that follow (style sheet, "Start", the next page) into any log.
    """
    language = _language(request)
    if request.method == "POST":
        typed = request.POST.get("code", "")
        try:
            response, normalised = services.open_with_code(typed, client_address(request))
        except services.CodeRejected as rejected:
            message = rejection_message(
                rejected.reason, language, rejected.wait_seconds, rejected.contact
            )
            context = _context(request, language, error=message, code=typed)
            if rejected.reason != "throttled":
                return render(request, "responses/start.html", context)
            page = render(request, "responses/start.html", context, status=429)
            page["Retry-After"] = str(rejected.wait_seconds)
            return page
        respondent_session.begin(request.session, normalised)
        if response.current_page:
            request.session[SESSION_WELCOME_BACK] = True
        # The language chosen before the code was known, if this survey offers it; else
        # the survey's pages stay in Dutch and its switch shows what it does offer.
        chosen = request.session.get(SESSION_LANGUAGE)
        if chosen in offered_languages(response.version) and not response.current_page:
            services.set_language(response, chosen)
        return redirect("responses:survey")
    shown = codes.format_code(code) if codes.normalise_code(code) else code
    page = render(request, "responses/start.html", _context(request, language, code=shown))
    if code:
        page.headers["Referrer-Policy"] = "strict-origin"
    return page


@respondent_page
def survey(request: HttpRequest) -> HttpResponse:
    """Where the respondent is: the welcome page before the first page, else their page."""
    response, _ = _current_response(request)
    if response is None:
        return redirect("responses:start")
    if response.is_completed:
        return redirect("responses:thanks")
    if response.current_page:
        return redirect("responses:page", page_id=response.current_page)
    questionnaire = get_document(response.version)
    pages = routing.visible_themes(questionnaire, response.attributes, {})
    count = len(routing.possible_themes(questionnaire, response.attributes))
    context = _context(
        request,
        response.language,
        response,
        questionnaire=questionnaire,
        title=questionnaire.title.get(response.language),
        intro=questionnaire.intro.get(response.language) if questionnaire.intro else "",
        first_page=pages[0].id if pages else None,
        organisation=response.survey.organisation,
        pages_label=ui_text(response.language)["welcome_pages"].format(count=count),
    )
    return render(request, "responses/welcome.html", context)


@respondent_page
@require_http_methods(["GET", "POST"])
def page(request: HttpRequest, page_id: str) -> HttpResponse:
    response, code = _current_response(request)
    if response is None:
        return redirect("responses:start")
    if response.is_completed:
        return redirect("responses:thanks")
    questionnaire = get_document(response.version)
    outcome = services.PageOutcome()
    submitted = None
    is_returning = RETURN_TO_REVIEW in request.GET
    # A sent page is checked (visible, open, not opted out) and stored by `save_page` under
    # the response's lock; the answers are read here only for the page that is shown.
    if request.method == "POST":
        action = request.POST.get("action", "next")
        data = {
            key: request.POST.getlist(key) for key in request.POST if key != "csrfmiddlewaretoken"
        }
        try:
            outcome = services.save_page(response, page_id, data, action, code)
        except services.PageNotVisible:
            return redirect("responses:survey")
        if outcome.refused:
            return _refused(request, response, outcome.refused)
        if outcome.is_finished:
            return redirect("responses:thanks")
        if not outcome.errors:
            if action == "stop":
                return redirect("responses:paused")
            if outcome.is_review or (action == "next" and is_returning):
                return redirect("responses:review")
            if outcome.next_page:
                return redirect("responses:page", page_id=outcome.next_page)
            return redirect("responses:survey")
        submitted = data
    try:
        theme = questionnaire.theme(page_id)
    except KeyError:
        return redirect("responses:survey")
    with_text = open_texts.page_needs_free_text(questionnaire, theme)
    stored = services.stored_answers(response, with_text=with_text)
    visible = routing.visible_themes(
        questionnaire, response.attributes, services.answer_values(stored)
    )
    page_ids = [t.id for t in visible]
    if page_id not in page_ids:
        return redirect("responses:survey")
    language = response.language
    values = services.answer_values(stored)
    questions = routing.visible_questions(theme, response.attributes, values)
    rows = page_rows(questions, stored, outcome.errors, outcome.other_errors, language, submitted)
    step, step_count = routing.step_of(questionnaire, response.attributes, page_id)
    context = _context(
        request,
        language,
        response,
        questionnaire_title=questionnaire.title.get(language),
        theme_title=theme.title.get(language),
        theme_intro=theme.intro.get(language) if theme.intro else "",
        questions=rows,
        errors=[r for r in rows if r.error],
        step=step,
        step_count=step_count,
        step_label=ui_text(language)["step"].format(step=step, count=step_count),
        is_returning=is_returning,
        organisation=response.survey.organisation,
        welcome_back=request.session.pop(SESSION_WELCOME_BACK, False),
    )
    status = 422 if outcome.errors else 200
    return render(request, "responses/page.html", context, status=status)


def _refused(request: HttpRequest, response: services.Response, reason: str) -> HttpResponse:
    """Nothing could be stored (the survey closed, the person opted out): the session ends
    and the code page says why."""
    request.session.flush()
    contact = services.organisation_contact(response.survey.organisation)
    error = rejection_message(reason, response.language, contact=contact)
    organisation = response.survey.organisation
    context = _context(request, response.language, error=error, organisation=organisation)
    return render(request, "responses/start.html", context, status=409)


def change_link(url_name: str, page_id: str) -> str:
    """A "Wijzig" link of the check-your-answers page: the page, returning to the check."""
    return f"{reverse(url_name, kwargs={'page_id': page_id})}?{RETURN_TO_REVIEW}"


@respondent_page
@require_http_methods(["GET", "POST"])
def review(request: HttpRequest) -> HttpResponse:
    """Check your answers, with a "Wijzig" link to every page, then send: the only way a
    response is completed online. Sending nothing at all needs a tick first."""
    response, code = _current_response(request)
    if response is None:
        return redirect("responses:start")
    if response.is_completed:
        return redirect("responses:thanks")
    language = response.language
    error = ""
    if request.method == "POST":
        if request.POST.get("action") == "stop":
            return redirect("responses:paused")
        confirmed = request.POST.get("leeg") == "ja"
        outcome = services.send_response(response, code, is_empty_confirmed=confirmed)
        if outcome.refused:
            return _refused(request, response, outcome.refused)
        if outcome.is_finished:
            return redirect("responses:thanks")
        error = ui_text(language)["review_confirm_error"]
    shown = review_context(
        get_document(response.version),
        response.attributes,
        services.stored_answers(response),
        language,
        lambda page_id: change_link("responses:page", page_id),
    )
    context = _context(
        request, language, response, error=error, organisation=response.survey.organisation, **shown
    )
    return render(request, "responses/review.html", context, status=422 if error else 200)


@respondent_page
def paused(request: HttpRequest) -> HttpResponse:
    response, _ = _current_response(request)
    language = _language(request, response)
    organisation = response.survey.organisation if response is not None else None
    request.session.flush()
    context = _context(request, language, organisation=organisation)
    return render(request, "responses/paused.html", context)


@respondent_page
def thanks(request: HttpRequest) -> HttpResponse:
    """The thank-you page. The session ends here, keeping only which questionnaire and
    organisation were thanked, so a change of language shows the thank-you again."""
    response, _ = _current_response(request)
    if response is not None and response.is_completed:
        language = response.language
        version, organisation = response.version, response.survey.organisation
        request.session.flush()
        request.session[SESSION_LANGUAGE] = language
        request.session[SESSION_THANKED] = [version.pk, organisation.pk]
    elif SESSION_THANKED in request.session:
        language = _language(request)
        version = _thanked_version(request)
        organisation = Organisation.objects.get(pk=request.session[SESSION_THANKED][1])
    else:
        return redirect("responses:start")
    questionnaire = get_document(version)
    context = page_context(
        request,
        language,
        version,
        thanks=questionnaire.thanks.get(language) if questionnaire.thanks else "",
        organisation=organisation,
    )
    return render(request, "responses/thanks.html", context)


def _thanked_version(request: HttpRequest) -> QuestionnaireVersion | None:
    """The questionnaire version of the thank-you page this session showed, if any."""
    if SESSION_THANKED not in request.session:
        return None
    return QuestionnaireVersion.objects.get(pk=request.session[SESSION_THANKED][0])


@require_POST
def switch_language(request: HttpRequest) -> HttpResponse:
    """Switch to one of the offered languages (the survey's, once the code is known) and
    show the same page again."""
    response, _ = _current_response(request)
    version = response.version if response else _thanked_version(request)
    language = request.POST.get("lang", "nl")
    if language not in offered_languages(version):
        language = "nl"
    request.session[SESSION_LANGUAGE] = language
    services.set_language(response, language)
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse("responses:start")
    return redirect(target)


def expired(request: HttpRequest) -> HttpResponse:
    """Where an ended session leads: what happened and the way back (the code form)."""
    language = _language(request)
    limit = duration(settings.RESPONDENT_IDLE_SECONDS, language)
    notice = ui_text(language)["expired_text"].format(duration=limit)
    return render(request, "responses/start.html", _context(request, language, notice=notice))


def _statement(request: HttpRequest, template: str) -> HttpResponse:
    """The privacy or accessibility statement; while a code is open it names the organisation
    and how to reach it, else it points at the letter or e-mail."""
    response, _ = _current_response(request)
    organisation = response.survey.organisation if response is not None else None
    language = _language(request, response)
    return render(
        request, template, _context(request, language, response, organisation=organisation)
    )


def accessibility(request: HttpRequest) -> HttpResponse:
    return _statement(request, "responses/accessibility.html")


def privacy(request: HttpRequest) -> HttpResponse:
    return _statement(request, "responses/privacy.html")
