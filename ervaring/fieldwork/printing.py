"""Letter print runs: the queued letter messages of a survey into one print-ready PDF.

A print run takes the letters that are still `queued` (invitations, or reminder *n*), writes
them with `channels.letter.write_letters`, and only then marks them `sent` (printed) and ties
them to a `LetterBatch`, so a second run does not print them again. The PDF is not stored: a
batch is rendered again from its messages when it is downloaded.
"""

from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import BinaryIO

from django.conf import settings
from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from ervaring.accounts.branding import house_colour, logo_bytes
from ervaring.accounts.models import Organisation, Staff
from ervaring.accounts.services import log_event
from ervaring.contact_text import phone_with_hours
from ervaring.fieldwork import codes, outbox, progress
from ervaring.fieldwork.channels.letter import LetterText, Recipient, Sender, write_letters
from ervaring.fieldwork.language_lines import (
    client_language,
    survey_availability_lines,
    survey_languages,
)
from ervaring.fieldwork.models import Channel, LetterBatch, Message, MessageStatus
from ervaring.fieldwork.reminders import get_fieldwork_settings
from ervaring.fieldwork.services import lock_survey, personal_link
from ervaring.fieldwork.wording import Wording
from ervaring.fieldwork.wording_services import (
    fill_ins,
    filled,
    other_languages,
    wording_in,
)
from ervaring.questionnaires.lifecycle import Action
from ervaring.questionnaires.models import Survey


class PrintError(Exception):
    """Nothing can be printed (the message is Dutch, for the user)."""


def survey_address(organisation: Organisation) -> str:
    """What people type: the organisation's own address, else the public base URL."""
    if organisation.survey_address:
        return organisation.survey_address
    return settings.PUBLIC_BASE_URL.split("://", 1)[-1]


def sender_for(organisation: Organisation) -> Sender:
    return Sender(
        organisation_name=organisation.name,
        return_address=organisation.return_address,
        signatory_name=organisation.signatory_name,
        signatory_role=organisation.signatory_role,
        contact_phone=phone_with_hours(organisation.contact_phone, organisation.opening_hours),
        contact_email=organisation.contact_email,
        logo=logo_bytes(organisation.logo, organisation.logo_path),
        house_colour=house_colour(organisation.house_colour),
    )


def letter_text(
    survey: Survey,
    reminder_number: int,
    letter_date: date,
    *,
    wording: Wording | None = None,
    language: str = "nl",
) -> LetterText:
    """The letter's variable text in `language`: the survey's own words in that language (or
    `wording`, for a preview of words not yet saved), filled in, over the standard text."""
    answer_days = get_fieldwork_settings(survey).cohort_answer_days
    deadline = survey.closes_on or letter_date + timedelta(days=answer_days)
    own = filled(wording or wording_in(survey, language), fill_ins(survey, deadline, language))
    return LetterText(
        survey_address=survey_address(survey.organisation),
        deadline=deadline,
        is_reminder=reminder_number > 0,
        letter_date=letter_date,
        law="jeugd" if survey.law == "jeugd" else "wmo",
        **({"subject": own.letter_subject} if own.letter_subject else {}),
        opening=own.reminder_opening if reminder_number > 0 else own.invitation_opening,
        extra_paragraphs=(own.extra_paragraph,) if own.extra_paragraph else (),
        language_lines=survey_availability_lines(survey),
        language=language,
    )


def translated_letter_texts(
    survey: Survey, reminder_number: int, letter_date: date
) -> dict[str, LetterText]:
    """The letter text in each other language the survey offers (see `letter_text`)."""
    return {
        language: letter_text(survey, reminder_number, letter_date, language=language)
        for language in other_languages(survey)
    }


def _in_stratum(attributes: dict[str, object], stratum: str) -> bool:
    """A stratum is named by its value: a provision group, team, district, age band, ..."""
    for value in attributes.values():
        if value == stratum or (isinstance(value, list) and stratum in value):
            return True
    return False


def pending_letters(survey: Survey, reminder_number: int, stratum: str = "") -> list[Message]:
    letters = (
        Message.objects.filter(
            survey=survey,
            channel=Channel.LETTER,
            reminder_number=reminder_number,
            status=MessageStatus.QUEUED,
            invitation__is_opted_out=False,
        )
        .select_related("invitation")
        .order_by("pk")
    )
    if reminder_number:
        progress.record_progress(survey)  # who completed, so that they get no reminder
        letters = letters.filter(invitation__is_completed=False)
    found = list(letters)
    if stratum:
        found = [m for m in found if _in_stratum(m.invitation.attributes, stratum)]
    return found


def recipients(
    messages: QuerySet[Message] | list[Message], offered: tuple[str, ...] = ("nl",)
) -> Iterator[Recipient]:
    """One letter per message whose code and address are still there, each in its client's
    language when the survey offers it (`offered`: the questionnaire's languages)."""
    key = settings.CODE_KEY
    for message in messages:
        code = codes.decrypt_code(message.invitation.code_encrypted, key)
        if code is None or not message.to:
            continue
        yield Recipient(
            address_lines=tuple(message.to.splitlines()),
            code=codes.format_code(code),
            link=personal_link(code),
            about_child=message.invitation.attributes.get("respondent_role") == "ouder",
            language=client_language(message.invitation, offered),
        )


def print_letters(
    survey: Survey,
    out: BinaryIO | str | Path,
    *,
    reminder_number: int = 0,
    stratum: str = "",
    actor: Staff | None = None,
    actor_label: str = "",
    progress: Callable[[int], None] | None = None,
) -> LetterBatch:
    """Write the queued letters into `out` and mark them printed; raises PrintError when
    there is nothing to print or the survey's state does not allow it.

    The letters are *claimed* first (one short transaction under the survey's lock marks them
    printed in a new batch), then rendered from the batch. Two print runs at once therefore
    never print the same letter: the second finds them claimed. If rendering fails, the claim
    is undone, so the letters are still waiting for the next run.
    """
    if reminder_number == 0:
        outbox.queue_invitations(survey, channels=[Channel.LETTER])
    batch = _claim(survey, reminder_number, stratum, actor)
    try:
        batch.letters = write_letters(
            out,
            sender_for(survey.organisation),
            letter_text(survey, reminder_number, batch.letter_date),
            recipients(_batch_messages(batch), survey_languages(survey)),
            progress,
            translated_letter_texts(survey, reminder_number, batch.letter_date),
        )
    except BaseException:
        with transaction.atomic():
            batch.messages.update(
                status=MessageStatus.QUEUED,
                sent_at=None,
                letter_batch=None,
                attempts=F("attempts") - 1,
            )
            batch.delete()
        raise
    batch.save(update_fields=["letters"])
    log_event(
        "letters_printed",
        organisation=survey.organisation,
        actor=actor,
        actor_label=actor_label,
        target=survey.slug,
        batch=batch.pk,
        letters=batch.letters,
        reminder_number=reminder_number,
    )
    return batch


def _claim(survey: Survey, reminder_number: int, stratum: str, actor: Staff | None) -> LetterBatch:
    with transaction.atomic():
        survey = lock_survey(survey, Action.PRINT_LETTERS, PrintError)
        wanted = [
            m.pk
            for m in pending_letters(survey, reminder_number, stratum)
            if m.to and m.invitation.code_encrypted
        ]
        batch = LetterBatch.objects.create(
            survey=survey,
            reminder_number=reminder_number,
            stratum=stratum,
            letters=0,
            letter_date=timezone.localdate(),
            created_by=actor if isinstance(actor, Staff) else None,
        )
        claimed = Message.objects.filter(pk__in=wanted, status=MessageStatus.QUEUED).update(
            status=MessageStatus.SENT,
            sent_at=timezone.now(),
            letter_batch=batch,
            attempts=F("attempts") + 1,
        )
        if not claimed:
            raise PrintError("Er zijn geen brieven om te maken.")
    return batch


def _batch_messages(batch: LetterBatch) -> QuerySet[Message]:
    return batch.messages.select_related("invitation__client__contact").order_by("pk")


def render_batch(batch: LetterBatch, out: BinaryIO | str | Path) -> int:
    """The letters of an earlier print run again (a download, a lost print file)."""
    text = letter_text(batch.survey, batch.reminder_number, batch.letter_date)
    return write_letters(
        out,
        sender_for(batch.survey.organisation),
        text,
        recipients(_batch_messages(batch), survey_languages(batch.survey)),
        translated=translated_letter_texts(batch.survey, batch.reminder_number, batch.letter_date),
    )
