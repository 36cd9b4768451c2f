"""The outbox: queueing invitations and reminders, exactly once per (invitation, kind).

Every message is written here as a `Message` row *before* any channel sees it; the unique
(invitation, reminder_number) constraint makes queueing idempotent, so a second run, a double
click or two schedulers cannot queue (and so cannot send) the same message twice. Sending is
`fieldwork.sending`; letters are printed by `fieldwork.printing`.

The address is resolved when the message is queued (the population may be re-read or purged
later); the text is composed only when it is sent, because it holds the login code.
"""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, QuerySet
from django.utils import timezone

from ervaring.fieldwork import eligibility, progress
from ervaring.fieldwork.models import (
    Channel,
    ContactDetails,
    Invitation,
    Message,
    MessageStatus,
)
from ervaring.fieldwork.services import lock_survey
from ervaring.questionnaires.lifecycle import Action, SurveyError
from ervaring.questionnaires.models import Survey

# Channels whose messages the outbox carries; the others (professional on a tablet, paper,
# phone) reach people without a message.
OUTBOX_CHANNELS = (Channel.EMAIL, Channel.SMS, Channel.LETTER)
WORKER_CHANNELS = (Channel.EMAIL, Channel.SMS)


def letter_address(contact: ContactDetails, role: str) -> str:
    """The address block of a letter, one line per line; '' when there is no full address.

    A parent or carer gets the letter at their own address when the file has one, otherwise
    at the child's; it is addressed to them, never to the child by name alone.
    """
    own = _contact(contact, "")
    parent = _contact(contact, "parent_")
    home = eligibility.addressee(role, own, parent)
    if not home.has_address:
        return ""
    if role == "ouder":
        name = contact.parent_name or (
            f"Aan de ouder(s)/verzorger(s) van {contact.name}"
            if contact.name
            else "Aan de ouder(s)/verzorger(s)"
        )
    else:
        name = contact.name or "De bewoner"
    return "\n".join(
        [name, f"{home.street} {home.house_number}", f"{home.postcode}  {home.town.upper()}"]
    )


def _contact(contact: ContactDetails, prefix: str) -> eligibility.Contact:
    return eligibility.Contact(
        **{
            name: getattr(contact, prefix + name)
            for name in ("street", "house_number", "postcode", "town", "email", "mobile")
        }
    )


def address_for(contact: ContactDetails | None, role: str, channel: str) -> str:
    """Where a message on this channel goes for this person; '' when it cannot go there."""
    if contact is None:
        return ""
    if channel == Channel.LETTER:
        return letter_address(contact, role)
    reached = eligibility.addressee(role, _contact(contact, ""), _contact(contact, "parent_"))
    return reached.email if channel == Channel.EMAIL else reached.mobile


@dataclass(frozen=True)
class QueueResult:
    queued: int
    without_address: int = 0
    already_queued: int = 0


def queue_invitations(
    survey: Survey,
    invitations: Iterable[Invitation] | None = None,
    channels: Iterable[str] = OUTBOX_CHANNELS,
) -> QueueResult:
    """Queue the invitation message of every (given) invitation that has none yet.

    Opted-out invitations and channels without a message are skipped; an invitation whose
    address is gone (contact data deleted) is counted, not queued. Call inside the caller's
    transaction when creating the invitations in the same step.
    """
    pending = (
        Invitation.objects.filter(survey=survey, channel__in=list(channels), is_opted_out=False)
        .exclude(messages__reminder_number=0)
        .select_related("client__contact")
    )
    if invitations is not None:
        pending = pending.filter(pk__in=[i.pk for i in invitations])
    rows, missing = [], 0
    for invitation in pending.iterator(chunk_size=2000):
        contact = getattr(invitation.client, "contact", None) if invitation.client else None
        role = str(invitation.attributes.get("respondent_role", "client"))
        to = address_for(contact, role, invitation.channel)
        if not to:
            missing += 1
            continue
        rows.append(
            Message(survey=survey, invitation=invitation, channel=invitation.channel, to=to)
        )
    created = Message.objects.bulk_create(rows, batch_size=2000, ignore_conflicts=True)
    return QueueResult(queued=len(created), without_address=missing)


def queue_message(invitation: Invitation, channel: str, to: str) -> Message:
    """Queue the invitation message for one invitation (the professional's quick page)."""
    message, _ = Message.objects.get_or_create(
        invitation=invitation,
        reminder_number=0,
        defaults={"survey_id": invitation.survey_id, "channel": channel, "to": to},
    )
    return message


def cancel_pending(invitation_ids: Iterable[int], reason: str) -> int:
    """Stop queued messages of these invitations (opt-out)."""
    return Message.objects.filter(
        invitation_id__in=list(invitation_ids), status=MessageStatus.QUEUED
    ).update(status=MessageStatus.CANCELLED, last_error=reason[:500])


def cancel_queued(survey: Survey, reason: str) -> int:
    """Stop every queued message of the survey, with the reason the overview shows."""
    return Message.objects.filter(survey=survey, status=MessageStatus.QUEUED).update(
        status=MessageStatus.CANCELLED, last_error=reason[:500]
    )


def count_unsent(survey: Survey) -> int:
    """Messages that did not go out and that `requeue_unsent` would queue again."""
    return _unsent(survey).count()


def requeue_unsent(survey: Survey) -> int:
    """Queue again every message of the survey that did not go out (cancelled or failed).

    Not sending stays right for someone who opted out and for a reminder to someone who
    completed, so those stay as they are; everything else (cancelled by an older version
    because fieldwork had not started, failed after its retries, stopped at an earlier
    closing) gets a fresh set of attempts. Refused unless the survey is in fieldwork.
    """
    progress.record_progress(survey)  # so "completed" is up to date for the reminders
    with transaction.atomic():
        survey = lock_survey(survey, Action.RESEND_UNSENT, SurveyError)
        return _unsent(survey).update(
            status=MessageStatus.QUEUED,
            next_attempt_at=timezone.now(),
            attempts=0,
            last_error="",
            claimed_at=None,
            claimed_by="",
        )


def unsent_reasons(survey: Survey) -> list[tuple[str, int]]:
    """Why messages did not go out (cancelled or failed), most frequent first."""
    rows = (
        Message.objects.filter(
            survey=survey, status__in=[MessageStatus.CANCELLED, MessageStatus.FAILED]
        )
        .values("last_error")
        .annotate(n=Count("pk"))
        .order_by("-n", "last_error")
    )
    return [(row["last_error"] or "onbekend", row["n"]) for row in rows]


def _unsent(survey: Survey) -> QuerySet[Message]:
    return (
        Message.objects.filter(
            survey=survey, status__in=[MessageStatus.CANCELLED, MessageStatus.FAILED]
        )
        .exclude(invitation__is_opted_out=True)
        .exclude(reminder_number__gt=0, invitation__is_completed=True)
    )


SHOWN_STATUSES = [s for s in MessageStatus.values if s != MessageStatus.CLAIMED]


@dataclass(frozen=True)
class OutboxSummary:
    """Counts per (kind, channel) and status, for the staff page and the command."""

    rows: list[tuple[str, str, dict[str, int]]]
    totals: dict[str, int]

    @property
    def is_empty(self) -> bool:
        return not self.rows


def summarise_outbox(survey: Survey | None = None) -> OutboxSummary:
    messages = Message.objects.all() if survey is None else Message.objects.filter(survey=survey)
    grouped = (
        messages.values("reminder_number", "channel", "status")
        .annotate(n=Count("pk"))
        .order_by("reminder_number", "channel")
    )
    table: dict[tuple[int, str], Counter[str]] = {}
    totals: Counter[str] = Counter()
    for row in grouped:
        # A claimed message was never handed over: for people it is still waiting.
        status = MessageStatus.QUEUED if row["status"] == MessageStatus.CLAIMED else row["status"]
        table.setdefault((row["reminder_number"], row["channel"]), Counter())[status] += row["n"]
        totals[status] += row["n"]
    labels = dict(Channel.choices)
    rows = [
        (
            "uitnodiging" if number == 0 else f"herinnering {number}",
            labels.get(channel, channel),
            {status: counts[status] for status in SHOWN_STATUSES},
        )
        for (number, channel), counts in sorted(table.items())
    ]
    return OutboxSummary(rows, {status: totals[status] for status in SHOWN_STATUSES})
