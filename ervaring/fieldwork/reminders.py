"""Reminders: per survey a schedule (by default after 7 and 14 days, at most two), only to
people who have not completed and have not opted out, through the channel of their invitation.

A reminder is an outbox message with `reminder_number` 1 or 2, so the outbox's unique
(invitation, reminder_number) makes it exactly-once however often this runs. Reminder *n* is
due `reminder_days[n-1]` days after the invitation went out, counted from when message *n-1*
was actually sent (or printed), so a scheduler that was down for a week never sends both
reminders on the same day.
"""

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from ervaring.fieldwork import progress
from ervaring.fieldwork.models import FieldworkSettings, Message, MessageStatus
from ervaring.questionnaires.lifecycle import ALLOWED, Action
from ervaring.questionnaires.models import Survey

DEFAULT_REMINDER_DAYS = [7, 14]
MAX_REMINDERS = 2


class ScheduleError(ValueError):
    """A reminder schedule that cannot be used (the message is Dutch, for the user)."""


def get_fieldwork_settings(survey: Survey) -> FieldworkSettings:
    """The survey's fieldwork settings, created with the defaults on first use."""
    found, _ = FieldworkSettings.objects.get_or_create(
        survey=survey, defaults={"reminder_days": list(DEFAULT_REMINDER_DAYS)}
    )
    return found


def check_reminder_days(days: list[int]) -> list[int]:
    if len(days) > MAX_REMINDERS:
        raise ScheduleError(f"Stuur hoogstens {MAX_REMINDERS} herinneringen.")
    if any(day < 1 for day in days):
        raise ScheduleError("Een herinnering gaat op zijn vroegst 1 dag na de uitnodiging.")
    if days != sorted(set(days)):
        raise ScheduleError("De tweede herinnering moet later komen dan de eerste.")
    return days


def set_reminder_days(survey: Survey, days: list[int]) -> FieldworkSettings:
    found = get_fieldwork_settings(survey)
    found.reminder_days = check_reminder_days(days)
    found.save(update_fields=["reminder_days"])
    return found


def queue_due_reminders(survey: Survey, now: datetime | None = None) -> dict[int, int]:
    """Queue every reminder that is due now; returns {reminder number: queued}."""
    now = now or timezone.now()
    if not survey.allows(Action.REMIND):
        return {}
    if survey.closes_on and timezone.localdate(now) > survey.closes_on:
        return {}
    progress.record_progress(survey)  # who completed, so that they get no reminder
    days = get_fieldwork_settings(survey).reminder_days[:MAX_REMINDERS]
    queued: dict[int, int] = {}
    for number, after in enumerate(days, start=1):
        gap = after if number == 1 else after - days[number - 2]
        previous = (
            Message.objects.filter(
                survey=survey,
                reminder_number=number - 1,
                status=MessageStatus.SENT,
                sent_at__lte=now - timedelta(days=gap),
                invitation__is_completed=False,
                invitation__is_opted_out=False,
            )
            .exclude(invitation__messages__reminder_number=number)
            .only("invitation_id", "channel", "to")
        )
        rows = [
            Message(
                survey=survey,
                invitation_id=earlier.invitation_id,
                channel=earlier.channel,
                to=earlier.to,
                reminder_number=number,
            )
            for earlier in previous.iterator(chunk_size=2000)
        ]
        with transaction.atomic():
            created = Message.objects.bulk_create(rows, batch_size=2000, ignore_conflicts=True)
        queued[number] = len(created)
    return queued


def surveys_in_fieldwork() -> list[Survey]:
    states = sorted(ALLOWED[Action.REMIND])
    return list(Survey.objects.filter(status__in=states).select_related("organisation"))
