"""Verbs of the respondent survey: open with a code, save a page, complete.

Every page a respondent sends is written at once, as an upsert per question inside one
transaction that locks the response row: a double submit or a second tab overwrites the same
answers instead of adding or losing any.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ervaring import languages
from ervaring.accounts.models import Organisation, Staff
from ervaring.accounts.services import log_event
from ervaring.contact_text import phone_with_hours
from ervaring.fieldwork import codes, progress
from ervaring.fieldwork import services as fieldwork
from ervaring.questionnaires import answers as page_answers
from ervaring.questionnaires import routing
from ervaring.questionnaires.document import Questionnaire, Theme
from ervaring.questionnaires.locking import hold_survey_row
from ervaring.questionnaires.models import Survey
from ervaring.questionnaires.services import get_document
from ervaring.responses import hooks, lookup, open_texts, tasks, throttle
from ervaring.responses.models import Answer, Response

#: An organisation's (phone, e-mail) for "call us"; empty strings when not known or not set.
Contact = tuple[str, str]


class CodeRejected(Exception):
    """A login code that does not open a survey; `reason` selects the message shown.

    For "throttled", `wait_seconds` says when the next code will be checked.
    """

    def __init__(self, reason: str, wait_seconds: int = 0, contact: Contact = ("", "")) -> None:
        super().__init__(reason)
        self.reason = reason
        self.wait_seconds = wait_seconds
        #: The organisation's (phone, e-mail) once the code is known, for "call us".
        self.contact = contact


def organisation_contact(organisation: Organisation) -> Contact:
    """The (phone with its hours, e-mail) a page gives for "call us"."""
    phone = phone_with_hours(organisation.contact_phone, organisation.opening_hours)
    return phone, organisation.contact_email


def open_with_code(typed_code: str, client_address: str) -> tuple[Response, str]:
    """Start or resume the response for a login code; return it with the normalised code.

    Raises CodeRejected. An empty field is asked for, not called wrong; text that cannot be a
    code is refused without a look-up; a code is looked up only within the client address's
    budget (`throttle`), which slows a guesser down but never refuses anyone for longer than
    one interval.
    """
    if not typed_code.strip():
        raise CodeRejected("empty")
    code = codes.normalise_code(typed_code)
    if code is None:
        raise CodeRejected("malformed")
    try:
        invitation = throttle.check_within_budget(
            client_address, lambda: fieldwork.find_invitation(code)
        )
    except throttle.Throttled as throttled:
        raise CodeRejected("throttled", throttled.wait_seconds) from None
    if invitation is None:
        raise CodeRejected("unknown")
    survey = invitation.survey
    token = codes.response_token(code, settings.CODE_KEY)
    existing = Response.objects.filter(token=token).first()
    if existing is not None and existing.is_completed:
        raise CodeRejected("completed")
    if not survey.is_open_for_answers:
        raise CodeRejected("not_open")
    if invitation.is_opted_out:
        organisation = survey.organisation
        raise CodeRejected("opted_out", contact=organisation_contact(organisation))
    if existing is not None:
        return existing, code
    return start_response(survey, token, invitation.attributes, invitation.channel), code


def start_response(survey: Survey, token: str, attributes: dict, channel: str) -> Response:
    """The one place a response is created: online, on paper or by phone, or at a tablet.

    The transaction writes the response and a progress note under its token, and nothing
    that names an invitation (see `fieldwork.progress`), so no row version or commit time
    ties the two together.
    """
    with transaction.atomic():
        response, created = Response.objects.get_or_create(
            token=token,
            defaults={
                "survey": survey,
                "version": survey.current_version,
                "attributes": attributes,
                "channel": channel,
            },
        )
        if created:
            progress.note_progress(survey.pk, token, is_completed=False)
    return response


def _complete(locked: Response, questionnaire: Questionnaire, **fields: object) -> None:
    """The one place a response is completed (inside the caller's locked transaction)."""
    answers = answer_values(stored_answers(locked, with_text=False))
    open_texts.drop_unrouted(locked, questionnaire, answers)
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.completed_at = timezone.now()
    locked.current_page = ""
    locked.save(update_fields=[*fields, "completed_at", "current_page", "updated_at"])
    hooks.completed(locked)
    progress.note_progress(locked.survey_id, locked.token, is_completed=True)


def find_response(code: str) -> Response | None:
    """The response that belongs to a (normalised) code, with its version.

    Every respondent page starts here, so two large columns stay behind: the questionnaire
    document (parsed once per process by `get_document`, read only when that cache misses)
    and the organisation's logo (up to 500 kB, never on a respondent page)."""
    return lookup.find_by_token(codes.response_token(code, settings.CODE_KEY))


def stored_answers(response: Response, *, with_text: bool = True) -> dict[str, page_answers.Answer]:
    """The response's answers; `with_text` puts the respondent's own free text back in.

    Only the respondent's own pages ask for the text: a staff member typing in a form
    (`with_text=False`) never sees what was written online.
    """
    stored = {
        qid: page_answers.Answer(value, other_text)
        for qid, value, other_text in lookup.answers_of(response.pk)
    }
    return open_texts.with_free_texts(response, stored) if with_text else stored


def answer_values(answers: Mapping[str, page_answers.Answer]) -> dict[str, object]:
    return {qid: a.value for qid, a in answers.items()}


@dataclass
class PageOutcome:
    """What happened to a sent page: errors to show, where to go next, or why nothing could be
    saved (`refused`, a reason of `texts.rejection_message`). `other_errors` names the
    questions whose error is about their "Anders, namelijk" text. `is_review`: the last page
    is saved and the respondent checks their answers before sending; `is_finished`: already
    sent."""

    errors: dict[str, str] = field(default_factory=dict)
    other_errors: set[str] = field(default_factory=set)
    next_page: str | None = None
    is_review: bool = False
    is_finished: bool = False
    refused: str = ""


class PageNotVisible(Exception):
    """A page that does not exist or that routing does not show this respondent: nothing
    on it may be stored (the caller sends the respondent to a page they can see)."""


def visible_pages(questionnaire: Questionnaire, response: Response, values: Mapping) -> list[Theme]:
    return routing.visible_themes(questionnaire, response.attributes, values)


def save_page(
    response: Response,
    page_id: str,
    data: Mapping[str, list[str]],
    action: str,
    code: str,
) -> PageOutcome:
    """Store one sent page and decide where the respondent goes next.

    `action` is "next", "back" or "stop". Only a page the respondent can see, of a survey
    that is open, of someone who has not opted out, is stored: the rules live here so that
    the respondent pages, the kiosk and any later caller keep them alike. Valid answers are
    kept even when others on the page have errors; errors stop "next" but not "back" or
    "stop". "Next" on the last page leads to checking the answers; only `send_response`
    completes, because after that nothing can be changed.
    """
    with transaction.atomic():
        locked = _lock(response)
        if locked.is_completed:
            return PageOutcome(is_finished=True)
        refused = _refusal(locked.survey, code)
        if refused:
            return PageOutcome(refused=refused)
        questionnaire = get_document(response.version)
        try:
            theme = questionnaire.theme(page_id)
        except KeyError:
            raise PageNotVisible(page_id) from None
        # The free texts count only where this page holds them or routing asks about them.
        with_text = open_texts.page_needs_free_text(questionnaire, theme)
        before = stored_answers(locked, with_text=with_text)
        current = routing.effective_answers(questionnaire, locked.attributes, answer_values(before))
        if page_id not in [t.id for t in visible_pages(questionnaire, locked, current)]:
            raise PageNotVisible(page_id)
        result = page_answers.parse_page(theme, data, locked.attributes, current, locked.language)
        _write_answers(locked, questionnaire, result.values, result.cleared)
        after = {**before, **result.values}
        for qid in result.cleared:
            after.pop(qid, None)
        pages = [t.id for t in visible_pages(questionnaire, locked, answer_values(after))]
        if result.errors and action == "next":
            return PageOutcome(errors=result.errors, other_errors=result.other_errors)
        position = pages.index(page_id) if page_id in pages else 0
        is_review = action not in ("back", "stop") and position + 1 >= len(pages)
        if action == "back":
            target = pages[position - 1] if position > 0 else ""
        elif action == "stop" or is_review:
            target = page_id  # resuming after the last page opens it, one step from the check
        else:
            target = pages[position + 1]
        locked.current_page = target
        locked.save(update_fields=["current_page", "updated_at"])
        if is_review:
            return PageOutcome(is_review=True)
        return PageOutcome(next_page=target)


@dataclass
class SendOutcome:
    """What "Versturen" did: sent (`is_finished`, also when it was sent before), refused (a
    reason of `texts.rejection_message`), or waiting for the confirmation that no answers is
    meant."""

    is_finished: bool = False
    refused: str = ""
    needs_confirmation: bool = False


def send_response(response: Response, code: str, *, is_empty_confirmed: bool) -> SendOutcome:
    """Complete a response from the check-your-answers page.

    A response without a single answer that counts is sent only with `is_empty_confirmed`:
    a questionnaire sent by mistake cannot be taken back. A second send (a double click, a
    second tab) finds the response complete under its lock and changes nothing.
    """
    with transaction.atomic():
        locked = _lock(response)
        if locked.is_completed:
            return SendOutcome(is_finished=True)
        refused = _refusal(locked.survey, code)
        if refused:
            return SendOutcome(refused=refused)
        questionnaire = get_document(locked.version)
        values = answer_values(stored_answers(locked))
        if not is_empty_confirmed and not routing.effective_answers(
            questionnaire, locked.attributes, values
        ):
            return SendOutcome(needs_confirmation=True)
        _complete(locked, questionnaire)
        return SendOutcome(is_finished=True)


def _lock(response: Response) -> Response:
    """The response, locked until the transaction ends, with its survey held (survey first,
    see `hold_survey`): the response row alone, so the lock takes no other row with it. The
    caller's version (frozen, its document deferred) goes along, so that nothing reads the
    version row, document and all, again."""
    survey = hold_survey_row(response.survey_id)
    locked = lookup.locked_response(response.pk)
    locked.survey = survey
    if locked.version_id == response.version_id and Response.version.is_cached(response):
        locked.version = response.version
    return locked


def _refusal(survey: Survey, code: str) -> str:
    """Why answers under this code may not be stored now ("" when they may)."""
    if not survey.is_open_for_answers:
        return "not_open"
    if not fieldwork.may_answer(code):
        return "opted_out"
    return ""


def _write_answers(
    response: Response,
    questionnaire: Questionnaire,
    values: Mapping[str, page_answers.Answer],
    cleared: set[str],
) -> None:
    """Upsert the answers; free text goes encrypted to `OpenText`, scrubbed by the worker."""
    if open_texts.store_free_texts(response, questionnaire, values, cleared):
        tasks.enqueue_scrubbing()
    kept, _ = open_texts.split_free_text(questionnaire, values)
    if kept:
        Answer.objects.bulk_create(
            [
                Answer(response=response, question_id=qid, value=a.value, other_text=a.other_text)
                for qid, a in kept.items()
            ],
            update_conflicts=True,
            unique_fields=["response", "question_id"],
            update_fields=["value", "other_text", "updated_at"],
        )
    if cleared:
        response.answers.filter(question_id__in=cleared).delete()


def set_language(response: Response | None, language: str) -> None:
    """Remember the language a respondent chose (a shipped one; the views check that the
    survey offers it)."""
    if response is not None and language in languages.SHIPPED:
        Response.objects.filter(pk=response.pk).update(language=language)


# --------------------------------------------------------------------------- data entry

ENTRY_MESSAGES = {
    "unknown": "Deze code hoort niet bij dit onderzoek. Kijk of de code goed is overgenomen.",
    "not_open": "Dit onderzoek is niet open. Invoeren kan alleen tijdens het veldwerk.",
    "completed": (
        "Voor deze code is de vragenlijst al ingevuld en verstuurd ({channel}). Een tweede "
        "formulier onder dezelfde code wordt niet ingevoerd."
    ),
    "opted_out": "Deze persoon heeft laten weten niet mee te willen doen.",
}


def _channel_words(channel: str) -> str:
    return {"papier": "op papier", "telefoon": "via de telefoon", "tablet": "op de tablet"}.get(
        channel, "online"
    )


class EntryRefused(Exception):
    """A code that cannot be typed in; `message` says why, for the data-entry screen."""

    def __init__(self, reason: str, **values: str) -> None:
        self.reason = reason
        self.message = ENTRY_MESSAGES[reason].format(**values)
        super().__init__(self.message)


def open_for_entry(
    survey: Survey, typed_code: str, channel: str, actor: Staff
) -> tuple[Response, str]:
    """Find or start the response for a returned paper form or a phone interview.

    Raises EntryRefused for a code of another survey, a closed survey, an opted-out person or
    a response that is already complete (online or entered before). A response that was only
    started online is continued: its answers are shown for the typist to complete.
    """
    code = codes.normalise_code(typed_code)
    invitation = fieldwork.find_invitation(code) if code else None
    if invitation is None or invitation.survey_id != survey.pk:
        raise EntryRefused("unknown")
    existing = Response.objects.filter(token=codes.response_token(code, settings.CODE_KEY)).first()
    if existing is not None and existing.is_completed:
        raise EntryRefused("completed", channel=_channel_words(existing.channel))
    if not survey.is_open_for_answers:
        raise EntryRefused("not_open")
    if invitation.is_opted_out:
        raise EntryRefused("opted_out")
    token = codes.response_token(code, settings.CODE_KEY)
    response = start_response(survey, token, invitation.attributes, channel)
    # Who opened a form, never for which invitation: the event is written apart from the
    # response, and even its time says nothing the typist's own log would not.
    log_event(
        "response.entry_opened",
        organisation=survey.organisation,
        actor=actor,
        target=survey.slug,
        channel=channel,
    )
    return response, code


@dataclass
class EntryOutcome:
    """Errors per question (nothing stored), or the number of typed answers routing skipped."""

    errors: dict[str, str] = field(default_factory=dict)
    skipped: int = 0

    @property
    def is_saved(self) -> bool:
        return not self.errors


def enter_answers(
    response: Response,
    data: Mapping[str, list[str]],
    key_errors: Mapping[str, str],
    channel: str,
    code: str,
    actor: Staff,
) -> EntryOutcome:
    """Store a whole typed-in form and complete the response, or store nothing.

    Every theme is parsed with `parse_page` in page order, each seeing the answers before it,
    so validation and routing are the online ones; answers typed for questions the routing
    skips are not stored (and counted). The audit event names who entered a form, in a
    transaction of its own, never which invitation's form or the answers.
    """
    with transaction.atomic():
        locked = _lock(response)
        if locked.is_completed:
            raise EntryRefused("completed", channel=_channel_words(locked.channel))
        questionnaire = get_document(locked.version)
        values: dict[str, page_answers.Answer] = {}
        cleared: set[str] = set()
        errors = dict(key_errors)
        for theme in questionnaire.themes:
            result = page_answers.parse_page(theme, data, locked.attributes, answer_values(values))
            values.update(result.values)
            cleared |= result.cleared
            for qid, message in result.errors.items():
                errors.setdefault(qid, message)
        asked = set(values) | cleared | set(errors)
        errors = {qid: message for qid, message in errors.items() if qid in asked}
        if errors:
            return EntryOutcome(errors=errors)
        refused = _refusal(locked.survey, code)
        if refused:
            raise EntryRefused(refused)
        _write_answers(locked, questionnaire, values, cleared)
        _complete(locked, questionnaire, channel=channel)
    log_event(
        "response.entered",
        organisation=locked.survey.organisation,
        actor=actor,
        target=locked.survey.slug,
        channel=channel,
    )
    skipped = sum(1 for qid in data if qid in _question_ids(questionnaire) and qid not in asked)
    return EntryOutcome(skipped=skipped)


def _question_ids(questionnaire: Questionnaire) -> set[str]:
    return {q.id for q in questionnaire.questions()}
