"""Reminders: on schedule, only to non-completers who did not opt out, exactly once."""

import io

import pytest
from django.core import mail
from django.core.management import call_command

from ervaring.fieldwork import outbox, reminders, sending
from ervaring.fieldwork.models import Invitation, Message
from ervaring.fieldwork.tests.sending_helpers import (
    age_sent_messages,
    email_rows,
    sampled_survey,
    sms_rows,
)
from ervaring.questionnaires.models import SurveyStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def invited():
    """Four e-mail invitations, sent; the first completed, the second opted out."""
    survey = sampled_survey(email_rows(4))
    outbox.queue_invitations(survey)
    sending.send_due_messages()
    first, second, *_ = Invitation.objects.filter(survey=survey).order_by("pk")
    Invitation.objects.filter(pk=first.pk).update(is_started=True, is_completed=True)
    Invitation.objects.filter(pk=second.pk).update(is_opted_out=True)
    mail.outbox.clear()
    return survey


def reminded_addresses():
    return sorted(m.to[0] for m in mail.outbox)


def test_nothing_is_due_before_the_first_reminder_day(invited):
    age_sent_messages(days=6)
    assert reminders.queue_due_reminders(invited) == {1: 0, 2: 0}


def test_the_first_reminder_goes_only_to_those_who_did_not_complete_or_opt_out(invited):
    age_sent_messages(days=7)
    assert reminders.queue_due_reminders(invited)[1] == 2
    sending.send_due_messages()
    assert reminded_addresses() == ["client2@example.org", "client3@example.org"]
    assert all(m.subject.startswith("Herinnering") for m in mail.outbox)


def test_each_reminder_is_queued_once_however_often_the_job_runs(invited):
    age_sent_messages(days=7)
    reminders.queue_due_reminders(invited)
    reminders.queue_due_reminders(invited)
    sending.send_due_messages()
    reminders.queue_due_reminders(invited)
    assert Message.objects.filter(reminder_number=1).count() == 2
    assert len(mail.outbox) == 2


def test_the_second_reminder_waits_for_its_own_gap_after_the_first(invited):
    age_sent_messages(days=20)  # the scheduler was down for weeks
    assert reminders.queue_due_reminders(invited) == {1: 2, 2: 0}
    sending.send_due_messages()
    age_sent_messages(days=6)
    assert reminders.queue_due_reminders(invited)[2] == 0
    age_sent_messages(days=7)
    assert reminders.queue_due_reminders(invited)[2] == 2


def test_someone_who_completes_after_the_reminder_was_queued_does_not_get_it(invited):
    age_sent_messages(days=7)
    reminders.queue_due_reminders(invited)
    Invitation.objects.filter(survey=invited).update(is_completed=True)
    report = sending.send_due_messages()
    assert (report.sent, report.cancelled) == (0, 2)


def test_a_reminder_uses_the_channel_of_the_invitation(settings, tmp_path):
    settings.SMS_BACKEND = "ervaring.fieldwork.channels.sms.FileSmsBackend"
    settings.SMS_FILE = str(tmp_path / "sms.jsonl")
    survey = sampled_survey(sms_rows(1))
    outbox.queue_invitations(survey)
    sending.send_due_messages()
    age_sent_messages(days=7)
    reminders.queue_due_reminders(survey)
    sending.send_due_messages()
    lines = (tmp_path / "sms.jsonl").read_text().splitlines()
    assert len(lines) == 2 and "Herinnering" in lines[1]
    assert Message.objects.get(reminder_number=1).channel == "sms"


def test_a_schedule_of_one_reminder_sends_one(invited):
    reminders.set_reminder_days(invited, [5])
    age_sent_messages(days=30)
    assert reminders.queue_due_reminders(invited) == {1: 2}
    sending.send_due_messages()
    age_sent_messages(days=30)
    assert reminders.queue_due_reminders(invited) == {1: 0}


@pytest.mark.parametrize("days", [[7, 14, 21], [14, 7], [0]])
def test_impossible_schedules_are_refused(invited, days):
    with pytest.raises(reminders.ScheduleError):
        reminders.set_reminder_days(invited, days)


def test_no_reminders_after_fieldwork_is_closed(invited):
    type(invited).objects.filter(pk=invited.pk).update(status=SurveyStatus.CLOSED)
    invited.refresh_from_db()
    age_sent_messages(days=8)
    assert reminders.queue_due_reminders(invited) == {}


def test_the_command_queues_and_sends_with_progress(invited):
    age_sent_messages(days=7)
    out = io.StringIO()
    call_command("send_reminders", survey=invited.slug, now=True, stdout=out)
    assert "queued 2 of reminder 1" in out.getvalue()
    assert "sent 2" in out.getvalue()
    assert len(mail.outbox) == 2
