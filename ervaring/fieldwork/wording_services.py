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

from ervaring.accounts.models import Staff
from ervaring.accounts.services import log_event
from ervaring import languages
from ervaring.dutch_dates import dutch_date
from ervaring.fieldwork import codes, opt_out
from ervaring.fieldwork.channels import email as email_channel
from ervaring.fieldwork.channels import sms as sms_channel
from ervaring.fieldwork.models import SurveyWording
from ervaring.fieldwork.language_lines import survey_languages
from ervaring.fieldwork.services import lock_survey, personal_link
from ervaring.fieldwork.wording import LIMITS, SmsSize, Wording, fill, problems, sms_problem
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
    """The survey's own words ('' where it keeps the standard text)."""
    try:
        stored = survey.wording
    except SurveyWording.DoesNotExist:
        return Wording()
    return Wording(**{f.name: getattr(stored, f.name) for f in fields(Wording)})


def fill_ins(survey: Survey, deadline: date | str) -> dict[str, str]:
    """What {organisatie}, {wet} and {datum} become in this survey's messages."""
    return {
        "organisatie": survey.organisation.name,
        "wet": "de Jeugdwet" if survey.law == "jeugd" else "de Wmo",
        "datum": deadline if isinstance(deadline, str) else dutch_date(deadline),
    }


def filled(wording: Wording, values: dict[str, str]) -> Wording:
    """The wording with its fill-ins done."""
    return Wording(**{name: fill(text, values) for name, text in asdict(wording).items()})


def example_sms(
    survey: Survey, wording: Wording, *, is_reminder: bool, language: str = "nl"
) -> str:
    """The longest SMS this wording makes in `language`: a full-length code, the longest
    opt-out link."""
    values = fill_ins(survey, timezone.localdate() + timedelta(days=28))
    return sms_channel.compose(
        survey.organisation.name,
        personal_link(EXAMPLE_CODE),
        is_reminder,
        opt_out.opt_out_link(LARGEST_INVITATION_ID),
        lead=fill(wording.sms_text, values),
        language=language,
    )


def check(survey: Survey, wording: Wording) -> dict[str, str]:
    """Every problem of the wording for this survey, per field (empty when it can be saved).

    The SMS is measured in every language the survey offers: a Turkish or Arabic SMS is
    Unicode, 70 characters a part, so the same message costs more parts than in Dutch."""
    found = problems(wording)
    if "sms_text" not in found:
        for language in languages.offered(survey_languages(survey)):
            sms = example_sms(survey, wording, is_reminder=True, language=language)
            problem = sms_problem(size_of(sms))
            if problem:
                found["sms_text"] = (
                    problem
                    if language == "nl"
                    else f"In het {DUTCH_NAMES[language]}: {problem[0].lower()}{problem[1:]}"
                )
                break
    return found


def dutch_only(survey: Survey, wording: Wording) -> str:
    """The note for the wording page: the survey's own texts are Dutch, so a client who
    reads another offered language gets the standard text in that language instead ('' when
    nothing was changed or the survey offers Dutch only)."""
    other = [code for code in languages.offered(survey_languages(survey)) if code != "nl"]
    changed = [LIMITS[name][0].lower() for name, text in asdict(wording).items() if text]
    if not other or not changed:
        return ""
    names = ", ".join(DUTCH_NAMES[code] for code in other)
    return (
        f"Uw eigen teksten ({', '.join(changed)}) zijn Nederlands. Cliënten die {names} lezen, "
        "krijgen de brief, e-mail en sms met de standaardtekst in hun taal, zonder uw eigen "
        "teksten."
    )


def save_wording(survey: Survey, wording: Wording, *, actor: Staff | None) -> list[str]:
    """Store the survey's words and log which fields changed; return their labels.

    Refused (WordingError) when a field has a problem or the survey is closed: a closed
    survey's messages are history, and changing them afterwards would rewrite it.
    """
    found = check(survey, wording)
    if found:
        raise WordingError(found)
    with transaction.atomic():
        survey = lock_survey(survey, Action.EDIT_WORDING, _Refused)
        before = wording_for(survey)
        changed = [
            name for name in asdict(wording) if getattr(wording, name) != getattr(before, name)
        ]
        if changed:
            SurveyWording.objects.update_or_create(survey=survey, defaults=asdict(wording))
            log_event(
                "fieldwork.wording_changed",
                organisation=survey.organisation,
                actor=actor,
                target=survey.slug,
                fields=[LIMITS[name][0] for name in changed],
            )
    return [LIMITS[name][0] for name in changed]


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


def preview(survey: Survey, wording: Wording, *, is_reminder: bool) -> Preview:
    """The e-mail and SMS as they would go out now (fill-ins done, example code)."""
    from ervaring.fieldwork.printing import sender_for  # printing imports this module

    deadline = survey.closes_on or timezone.localdate() + timedelta(days=28)
    own = filled(wording, fill_ins(survey, deadline))
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
        )
    )
    sms = example_sms(survey, wording, is_reminder=is_reminder)
    return Preview(subject, text, sms, size_of(sms))


def preview_letter(survey: Survey, wording: Wording, *, is_reminder: bool) -> bytes:
    """One letter as a PDF, to the made-up Voorbeeldstraat, with an example code."""
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
    )
    text = letter_text(survey, int(is_reminder), today, wording=wording)
    write_letters(out, sender_for(survey.organisation), text, [recipient])
    return out.getvalue()
