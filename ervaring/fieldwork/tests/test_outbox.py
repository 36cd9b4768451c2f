"""The outbox sends every invitation exactly once, retries with backoff, reports failures."""

import email
import json
import smtplib
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ervaring.fieldwork import outbox, sending, tasks
from ervaring.fieldwork.models import Invitation, Message
from ervaring.fieldwork.tests.sending_helpers import (
    FailingSmsBackend,
    email_rows,
    letter_rows,
    make_due,
    sampled_survey,
    sms_rows,
    start_gateway,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def failing_sms(settings):
    settings.SMS_BACKEND = "ervaring.fieldwork.tests.sending_helpers.FailingSmsBackend"
    settings.OUTBOX_MAX_ATTEMPTS = 3
    settings.OUTBOX_RETRY_SECONDS = 60
    FailingSmsBackend.calls = 0
    FailingSmsBackend.permanent = False
    return FailingSmsBackend


def test_queueing_twice_writes_one_message_per_invitation():
    survey = sampled_survey(email_rows(3) + sms_rows(2) + letter_rows(2))
    first = outbox.queue_invitations(survey)
    second = outbox.queue_invitations(survey)
    assert (first.queued, second.queued) == (7, 0)
    assert Message.objects.count() == 7
    assert (
        sorted(Message.objects.values_list("channel", flat=True))
        == ["brief"] * 2 + ["email"] * 3 + ["sms"] * 2
    )


def test_a_second_run_and_a_duplicate_task_send_nothing_again():
    survey = sampled_survey(email_rows(4))
    outbox.queue_invitations(survey)
    outbox.queue_invitations(survey)
    first = sending.send_due_messages()
    tasks.send_outbox.call()
    tasks.send_outbox.call(survey.pk)
    assert first.sent == 4
    assert len(mail.outbox) == 4
    assert sorted(m.to[0] for m in mail.outbox) == [f"client{i}@example.org" for i in range(4)]
    assert set(Message.objects.values_list("status", flat=True)) == {"sent"}


def test_the_worker_leaves_letters_for_the_print_run():
    survey = sampled_survey(letter_rows(2))
    outbox.queue_invitations(survey)
    assert sending.send_due_messages().handled == 0
    assert set(Message.objects.values_list("status", flat=True)) == {"queued"}


def test_an_invitation_email_arrives_at_the_smtp_server_with_link_code_and_opt_out(smtp_server):
    survey = sampled_survey(email_rows(1))
    outbox.queue_invitations(survey)
    assert sending.send_due_messages().sent == 1
    envelope = smtp_server.messages[0]
    assert envelope.rcpt_tos == ["client0@example.org"]
    parsed = email.message_from_bytes(envelope.content)
    text = next(
        p.get_payload(decode=True).decode()
        for p in parsed.walk()
        if p.get_content_type() == "text/plain"
    )
    message = Message.objects.get()
    assert message.provider_reference == parsed["Message-ID"]
    assert f"ervaring-{message.pk}" in parsed["Message-ID"]
    assert "/k/" in text and "/afmelden/" in text
    assert message.sent_at is not None and message.attempts == 1


def test_one_smtp_session_carries_a_whole_batch(smtp_server, monkeypatch):
    connects = []
    original = smtplib.SMTP.connect
    monkeypatch.setattr(
        smtplib.SMTP,
        "connect",
        lambda self, *a, **kw: connects.append(1) or original(self, *a, **kw),
    )
    survey = sampled_survey(email_rows(5))
    outbox.queue_invitations(survey)
    sending.send_due_messages()
    assert len(smtp_server.messages) == 5
    assert len(connects) == 1


def test_sms_goes_through_the_fake_gateway_with_the_personal_link(settings):
    gateway, server = start_gateway(settings)
    try:
        survey = sampled_survey(sms_rows(2))
        outbox.queue_invitations(survey)
        sending.send_due_messages()
    finally:
        server.shutdown()
    assert sorted(body["to"] for body in gateway.received) == ["+31612000000", "+31612000001"]
    assert all("/k/" in body["text"] and "/afmelden/" in body["text"] for body in gateway.received)
    references = {str(m.pk) for m in Message.objects.all()}
    assert {body["reference"] for body in gateway.received} == references
    assert set(Message.objects.values_list("provider_reference", flat=True)) == {"gw-1", "gw-2"}


def test_a_temporary_failure_is_retried_with_growing_waits_then_reported(failing_sms):
    survey = sampled_survey(sms_rows(1))
    outbox.queue_invitations(survey)
    before = timezone.now()
    assert sending.send_due_messages().retried == 1
    message = Message.objects.get()
    assert message.status == "queued" and message.attempts == 1
    assert message.last_error == "gateway says no"
    first_wait = message.next_attempt_at - before
    assert timedelta(seconds=55) < first_wait < timedelta(seconds=70)
    assert sending.send_due_messages().handled == 0  # not due yet: nothing is tried
    make_due()
    before = timezone.now()
    sending.send_due_messages()
    message.refresh_from_db()
    assert timedelta(seconds=115) < message.next_attempt_at - before < timedelta(seconds=130)
    make_due()
    assert sending.send_due_messages().failed == 1
    message.refresh_from_db()
    assert (message.status, message.attempts, failing_sms.calls) == ("failed", 3, 3)
    make_due()
    assert sending.send_due_messages().handled == 0


def test_a_permanent_failure_is_not_retried(failing_sms):
    failing_sms.permanent = True
    survey = sampled_survey(sms_rows(1))
    outbox.queue_invitations(survey)
    assert sending.send_due_messages().failed == 1
    make_due()
    sending.send_due_messages()
    assert failing_sms.calls == 1
    assert Message.objects.get().status == "failed"


def test_a_claimed_message_cannot_be_claimed_again():
    survey = sampled_survey(email_rows(3))
    outbox.queue_invitations(survey)
    first = sending.claim_batch(2)
    assert [m.status for m in first] == ["claimed", "claimed"]
    second = sending.claim_batch(5)
    assert len(second) == 1 and second[0].pk not in {m.pk for m in first}
    assert sending.claim_batch(5) == []


def handed_over_then_died() -> Message:
    """A worker claimed a message and handed it to its channel, then died."""
    message = sending.claim_batch(1)[0]
    assert sending.mark_handing_over(message)
    return message


def test_a_dead_workers_batch_goes_out_once_and_only_the_message_in_hand_is_in_doubt(
    settings,
):
    settings.OUTBOX_SENDING_TIMEOUT = 0
    survey = sampled_survey(email_rows(5))
    outbox.queue_invitations(survey)
    batch = sending.claim_batch(5)
    assert sending.mark_handing_over(batch[0])  # in the channel's hands when the worker died
    report = sending.send_due_messages()
    assert report.recovered == {"queued": 4, "uncertain": 1}
    assert report.sent == 4 and len(mail.outbox) == 4
    assert Message.objects.get(pk=batch[0].pk).status == "uncertain"
    assert Message.objects.filter(status="sent").count() == 4
    # The four that were never handed over count one attempt: this one.
    assert set(Message.objects.filter(status="sent").values_list("attempts", flat=True)) == {1}


def test_an_error_mid_batch_gives_back_the_messages_not_reached(monkeypatch, settings):
    settings.OUTBOX_BATCH_SIZE = 10
    survey = sampled_survey(email_rows(4))
    outbox.queue_invitations(survey)
    real_deliver, calls = sending.Courier.deliver, []

    def deliver_then_break(courier, message, upcoming=None):
        calls.append(message.pk)
        if len(calls) == 2:
            raise KeyboardInterrupt  # the operator stops the command
        real_deliver(courier, message, upcoming)

    monkeypatch.setattr(sending.Courier, "deliver", deliver_then_break)
    with pytest.raises(KeyboardInterrupt):
        sending.send_due_messages()
    statuses = sorted(Message.objects.values_list("status", "attempts"))
    assert statuses == [("queued", 0), ("queued", 0), ("queued", 0), ("sent", 1)]


def test_an_interrupted_email_is_reported_as_uncertain_and_not_resent(settings):
    settings.OUTBOX_SENDING_TIMEOUT = 600
    survey = sampled_survey(email_rows(2))
    outbox.queue_invitations(survey)
    handed_over_then_died()
    Message.objects.filter(status="sending").update(
        claimed_at=timezone.now() - timedelta(minutes=11)
    )
    report = sending.send_due_messages()
    assert report.recovered == {"uncertain": 1} and report.sent == 1
    assert len(mail.outbox) == 1
    assert sorted(Message.objects.values_list("status", flat=True)) == ["sent", "uncertain"]
    assert sending.send_due_messages().handled == 0
    assert len(mail.outbox) == 1


def test_a_claim_younger_than_the_timeout_is_left_to_its_worker():
    survey = sampled_survey(email_rows(1))
    outbox.queue_invitations(survey)
    handed_over_then_died()
    assert sending.send_due_messages().recovered == {}
    assert Message.objects.get().status == "sending"


def test_an_interrupted_sms_is_settled_by_looking_in_the_file(settings, tmp_path):
    settings.SMS_BACKEND = "ervaring.fieldwork.channels.sms.FileSmsBackend"
    settings.SMS_FILE = str(tmp_path / "sms.jsonl")
    settings.OUTBOX_SENDING_TIMEOUT = 0
    survey = sampled_survey(sms_rows(2))
    outbox.queue_invitations(survey)
    delivered = handed_over_then_died()  # ... before recording it
    sending.Backends().get("sms").send(sending.compose(delivered, "ABCD1234"))
    sending.claim_batch(1)  # claimed, then the worker died before handing it over
    report = sending.send_due_messages()
    assert report.recovered == {"queued": 1, "sent": 1}
    lines = [json.loads(line) for line in (tmp_path / "sms.jsonl").read_text().splitlines()]
    assert sorted(line["reference"] for line in lines) == sorted(
        str(pk) for pk in Message.objects.values_list("pk", flat=True)
    )
    assert set(Message.objects.values_list("status", flat=True)) == {"sent"}


def test_an_operator_can_release_uncertain_messages():
    survey = sampled_survey(email_rows(1))
    outbox.queue_invitations(survey)
    Message.objects.update(status="uncertain")
    assert sending.release_uncertain(survey.pk) == 1
    assert sending.send_due_messages().sent == 1


def test_a_message_for_an_opted_out_invitation_is_not_sent():
    survey = sampled_survey(email_rows(2))
    outbox.queue_invitations(survey)
    Invitation.objects.filter(pk=Invitation.objects.order_by("pk").first().pk).update(
        is_opted_out=True
    )
    report = sending.send_due_messages()
    assert (report.sent, report.cancelled) == (1, 1)
    assert len(mail.outbox) == 1


def test_each_message_costs_one_write_its_outcome_riding_with_the_next_hand_over():
    """Claims and records in batches (issue 16): per message one UPDATE, which records the
    previous message's outcome and puts this one in hand; a cancelled one rides along."""
    survey = sampled_survey(email_rows(20))
    outbox.queue_invitations(survey)
    opted_out = Invitation.objects.order_by("pk")[7]
    Invitation.objects.filter(pk=opted_out.pk).update(is_opted_out=True)
    with CaptureQueriesContext(connection) as queries:
        report = sending.send_due_messages()
    table = Message._meta.db_table
    writes = [q for q in queries if q["sql"].startswith("UPDATE") and table in q["sql"]]
    assert (report.sent, report.cancelled) == (19, 1) and len(mail.outbox) == 19
    # Recovering stale claims, the claim, 19 hand-overs, the last outcome, giving back what
    # was not reached: 23. Writing outcome and hand-over apart, as before, took 43.
    assert len(writes) == 23
    statuses = dict(Message.objects.values_list("invitation_id", "status"))
    assert statuses.pop(opted_out.pk) == "cancelled"
    assert set(statuses.values()) == {"sent"}
    assert not Message.objects.filter(sent_at__isnull=True, status="sent").exists()


def test_the_summary_counts_messages_per_kind_channel_and_status():
    survey = sampled_survey(email_rows(2) + letter_rows(1))
    outbox.queue_invitations(survey)
    sending.send_due_messages()
    summary = outbox.summarise_outbox(survey)
    rows = {(kind, channel): counts for kind, channel, counts in summary.rows}
    assert rows[("uitnodiging", "E-mail")]["sent"] == 2
    assert rows[("uitnodiging", "Brief")]["queued"] == 1
    assert summary.totals["sent"] == 2 and summary.totals["queued"] == 1


def test_a_claimed_message_counts_as_waiting_in_the_summary():
    survey = sampled_survey(email_rows(2))
    outbox.queue_invitations(survey)
    sending.claim_batch(1)
    summary = outbox.summarise_outbox(survey)
    assert summary.totals["queued"] == 2 and "claimed" not in summary.totals
