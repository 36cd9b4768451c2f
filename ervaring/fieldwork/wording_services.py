"""A survey's own words in its messages: reading them, saving them (checked, logged) and
showing what a client will get, before anything is printed or sent.

The rules live in `fieldwork.wording` (plain Python); this module adds the survey, the
organisation, the links and the audit log.
"""

import io
from dataclasses import asdict, dataclass, fields
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from ervaring import languages
from ervaring.accounts.models import Staff
from ervaring.accounts.services import log_event
from ervaring.fieldwork import codes, message_texts, opt_out
from ervaring.fieldwork.channels import email as email_channel
from ervaring.fieldwork.channels import sms as sms_channel
from ervaring.fieldwork.language_lines import survey_languages
from ervaring.fieldwork.models import SurveyWording
from ervaring.fieldwork.services import lock_survey, personal_link
from ervaring.fieldwork.wording import (
    LIMITS,
    SmsSize,
    Wording,
    fill,
    problems,
    sms_problem,
    untranslated,
)
from ervaring.fieldwork.wording import sms_size as size_of
from ervaring.questionnaires.lifecycle import Action
from ervaring.questionnaires.models import Survey
from ervaring.questionnaires.translations import DUTCH_NAMES

#: Stand-ins for the preview and the length check: a code of full length, and an opt-out
#: link for an invitation number larger than any survey will reach (the longest link).
EXAMPLE_CODE = "K7QM4TXP9HWD"
LARGEST_INVITATION_ID = 10**10


class WordingError(Exception):
    """The words cannot be saved; `problems` names each field's problem in Dutch."""

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__(" ".join(problems.values()))
        self.problems = problems


def wording_for(survey: Survey) -> Wording:
    """The survey's own words in Dutch ('' where it keeps the standard text)."""
    try:
        stored = survey.wording
    except SurveyWording.DoesNotExist:
        return Wording()
    return Wording(**{f.name: getattr(stored, f.name) for f in fields(Wording)})


def other_languages(survey: Survey) -> tuple[str, ...]:
    """The languages besides Dutch the survey offers (its questionnaire's, if shipped)."""
    return tuple(code for code in languages.offered(survey_languages(survey)) if code != "nl")


def translations_for(survey: Survey) -> dict[str, Wording]:
    """The survey's own words in each of its other languages ('' is the standard text)."""
    try:
        saved = survey.wording.translations or {}
    except SurveyWording.DoesNotExist:
        saved = {}
    return {
        language: Wording(
            **{f.name: str(saved.get(language, {}).get(f.name, "")) for f in fields(Wording)}
        )
        for language in other_languages(survey)
    }


def wording_in(survey: Survey, language: str) -> Wording:
    """The survey's own words in `language`: Dutch, a translation, or none (standard)."""
    if language == "nl":
        return wording_for(survey)
    try:
        saved = (survey.wording.translations or {}).get(language, {})
    except SurveyWording.DoesNotExist:
        saved = {}
    return Wording(**{f.name: str(saved.get(f.name, "")) for f in fields(Wording)})


def fill_ins(survey: Survey, deadline: date | str, language: str = "nl") -> dict[str, str]:
    """What {organisatie}, {wet} and {datum} become in this survey's messages in `language`."""
    law = "jeugd" if survey.law == "jeugd" else "wmo"
    return {
        "organisatie": survey.organisation.name,
        "wet": message_texts.text(language, f"msg_law_{law}"),
        "datum": deadline
        if isinstance(deadline, str)
        else message_texts.long_date(deadline, language),
    }


def filled(wording: Wording, values: dict[str, str]) -> Wording:
    """The wording with its fill-ins done."""
    return Wording(**{name: fill(text, values) for name, text in asdict(wording).items()})


def example_sms(
    survey: Survey, wording: Wording, *, is_reminder: bool, language: str = "nl"
) -> str:
    """The longest SMS `wording` (the words in `language`) makes: a full-length code, the
    longest opt-out link."""
    values = fill_ins(survey, timezone.localdate() + timedelta(days=28), language)
    return sms_channel.compose(
        survey.organisation.name,
        personal_link(EXAMPLE_CODE),
        is_reminder,
        opt_out.opt_out_link(LARGEST_INVITATION_ID),
        lead=fill(wording.sms_text, values),
        language=language,
    )


def field_name(name: str, language: str) -> str:
    """The form field of a text in a language: 'sms_text', or 'sms_text__tr'."""
    return name if language == "nl" else f"{name}__{language}"


def check(
    survey: Survey, wording: Wording, translations: dict[str, Wording] | None = None
) -> dict[str, str]:
    """Every problem of the words for this survey, per form field (empty when they can be
    saved): too long, an unknown fill-in, and an SMS of more than three parts.

    The SMS is measured in every language the survey offers, each with its own text or the
    standard one: a Turkish or Arabic SMS is Unicode, 70 characters a part, so the same
    message costs more parts than in Dutch."""
    versions = {"nl": wording, **(translations or {})}
    found: dict[str, str] = {}
    for language, words in versions.items():
        label = "" if language == "nl" else f"{DUTCH_NAMES[language]}: "
        for name, problem in problems(words).items():
            found[field_name(name, language)] = label + problem
    for language in languages.offered(survey_languages(survey)):
        name = field_name("sms_text", language)
        if name in found:
            continue
        words = versions.get(language, Wording())
        problem = sms_problem(
            size_of(example_sms(survey, words, is_reminder=True, language=language))
        )
        if problem:
            found[name] = (
                problem
                if language == "nl"
                else f"{DUTCH_NAMES[language]}: {problem} Of schrijf hieronder een kortere "
                f"tekst in het {DUTCH_NAMES[language]}."
            )
    return found


def untranslated_notice(survey: Survey) -> str:
    """A text the survey changed in Dutch that has no version in one of its other languages
    ('' when every language is complete). Fieldwork starts anyway: those readers get the
    standard text in their own language, never the Dutch one, and the project leader is
    told so rather than made to write Arabic before the letters can go."""
    # A fresh copy: reading `survey.wording` would cache its absence on the caller's object.
    survey = Survey.objects.select_related("wording").get(pk=survey.pk)
    missing = untranslated(wording_for(survey), translations_for(survey))
    if not missing:
        return ""
    parts = [
        f"{DUTCH_NAMES[language]} ({language}): {', '.join(labels).lower()}"
        for language, labels in missing.items()
    ]
    return (
        "Let op: uw eigen teksten voor de brieven, e-mails en sms'jes zijn er nog niet in elke "
        "taal. Wie een andere taal leest, krijgt daar de standaardtekst in zijn eigen taal, "
        "zonder uw wijziging. Vertalingen vult u in bij 'Teksten van de berichten'. "
        + " | ".join(parts)
    )


def save_wording(
    survey: Survey,
    wording: Wording,
    translations: dict[str, Wording] | None = None,
    *,
    actor: Staff | None,
) -> list[str]:
    """Store the survey's words (Dutch, and `translations` per other language; None keeps
    the stored ones) and log which fields changed; return their labels.

    Refused (WordingError) when a field has a problem or the survey is closed: a closed
    survey's messages are history, and changing them afterwards would rewrite it.
    """
    if translations is None:  # only the Dutch words change; the other languages stay
        # Read from a fresh copy: reading `survey.wording` would cache on the caller's object.
        translations = translations_for(Survey.objects.select_related("wording").get(pk=survey.pk))
    found = check(survey, wording, translations)
    if found:
        raise WordingError(found)
    with transaction.atomic():
        survey = lock_survey(survey, Action.EDIT_WORDING, _Refused)
        before = {"nl": wording_for(survey), **translations_for(survey)}
        after = {"nl": wording, **translations}
        changed = [
            LIMITS[name][0] + ("" if language == "nl" else f" ({DUTCH_NAMES[language]})")
            for language, words in after.items()
            for name in asdict(words)
            if getattr(words, name) != getattr(before.get(language, Wording()), name)
        ]
        if changed:
            stored = {
                language: {name: text for name, text in asdict(words).items() if text}
                for language, words in translations.items()
                if any(asdict(words).values())
            }
            SurveyWording.objects.update_or_create(
                survey=survey, defaults={**asdict(wording), "translations": stored}
            )
            log_event(
                "fieldwork.wording_changed",
                organisation=survey.organisation,
                actor=actor,
                target=survey.slug,
                fields=changed,
            )
    return changed


class _Refused(WordingError):
    """The survey's state refuses a change (the lifecycle's Dutch reason)."""

    def __init__(self, reason: str) -> None:
        super().__init__({"__all__": reason})


@dataclass(frozen=True)
class Preview:
    """What one client would get, with a made-up code and address."""

    email_subject: str
    email_text: str
    sms_text: str
    sms_size: SmsSize


def preview(
    survey: Survey, wording: Wording, *, is_reminder: bool, language: str = "nl"
) -> Preview:
    """The e-mail and SMS in `language` as they would go out now (`wording`: the words in
    that language, fill-ins done, example code)."""
    from ervaring.fieldwork.printing import sender_for  # printing imports this module

    deadline = survey.closes_on or timezone.localdate() + timedelta(days=28)
    own = filled(wording, fill_ins(survey, deadline, language))
    sender = sender_for(survey.organisation)
    subject, text, _html = email_channel.compose(
        email_channel.EmailContent(
            organisation_name=survey.organisation.name,
            link=personal_link(EXAMPLE_CODE),
            code=codes.format_code(EXAMPLE_CODE),
            opt_out_link=opt_out.opt_out_link(LARGEST_INVITATION_ID),
            deadline=deadline,
            is_reminder=is_reminder,
            about_child=survey.law == "jeugd",
            contact_phone=sender.contact_phone,
            contact_email=sender.contact_email,
            subject=own.email_subject,
            opening=own.reminder_opening if is_reminder else own.invitation_opening,
            extra_paragraph=own.extra_paragraph,
            house_colour=sender.house_colour,
            language=language,
        )
    )
    sms = example_sms(survey, wording, is_reminder=is_reminder, language=language)
    return Preview(subject, text, sms, size_of(sms))


def preview_letter(
    survey: Survey, wording: Wording, *, is_reminder: bool, language: str = "nl"
) -> bytes:
    """One letter in `language` as a PDF (`wording`: the words in that language), to the
    made-up Voorbeeldstraat, with an example code."""
    # ReportLab loads here, for a preview, never when the worker only sends e-mail.
    from ervaring.fieldwork.channels.letter import Recipient, write_letters
    from ervaring.fieldwork.printing import letter_text, sender_for

    out = io.BytesIO()
    today = timezone.localdate()
    recipient = Recipient(
        address_lines=("Mevrouw A. Voorbeeld", "Voorbeeldstraat 1", "1234 AB Voorbeeld"),
        code=codes.format_code(EXAMPLE_CODE),
        link=personal_link(EXAMPLE_CODE),
        about_child=survey.law == "jeugd",
        language=language,
    )
    text = letter_text(survey, int(is_reminder), today, wording=wording, language=language)
    write_letters(out, sender_for(survey.organisation), text, [recipient])
    return out.getvalue()
