"""The operators' commands and the staff page of the outbox."""

import io

import pytest
from django.core import mail
from django.core.management import call_command

from ervaring.accounts.tests.factories import StaffFactory
from ervaring.fieldwork import outbox
from ervaring.fieldwork.models import LetterBatch, Message
from ervaring.fieldwork.tests.sending_helpers import email_rows, letter_rows, sampled_survey

pytestmark = pytest.mark.django_db


def test_send_invitations_now_sends_once_and_prints_the_counts():
    survey = sampled_survey(email_rows(3) + letter_rows(1))
    out = io.StringIO()
    call_command("send_invitations", survey=survey.slug, now=True, stdout=out)
    call_command("send_invitations", survey=survey.slug, now=True, stdout=out)
    lines = out.getvalue().splitlines()
    assert "queued 4 invitations" in lines and "queued 0 invitations" in lines
    assert "sent 3, retry later 0, failed 0, not sent 0" in lines
    assert len(mail.outbox) == 3
    total = next(line for line in lines if line.startswith("total"))
    assert total.split()[1:4] == ["1", "0", "3"]  # queued (the letter), sending, sent


def test_send_messages_sends_the_queue_and_prints_the_summary():
    survey = sampled_survey(email_rows(3))
    outbox.queue_invitations(survey)
    out = io.StringIO()
    call_command("send_messages", stdout=out)
    assert "sent 3," in out.getvalue()
    assert Message.objects.filter(status="sent").count() == 3


def test_staff_of_another_organisation_and_professionals_cannot_see_the_outbox(client):
    survey = sampled_survey(letter_rows(1))
    outbox.queue_invitations(survey)
    batch = LetterBatch.objects.create(survey=survey, letters=0, letter_date="2026-11-23")
    for intruder in (
        StaffFactory(),
        StaffFactory(professional=True, organisation=survey.organisation),
    ):
        client.force_login(intruder)
        assert client.get(f"/veldwerk/{survey.slug}/uitnodigingen/").status_code == 404
        assert client.get(f"/veldwerk/{survey.slug}/brieven/{batch.pk}.pdf").status_code == 404
        assert (
            client.post(f"/veldwerk/{survey.slug}/brieven/", {"reminder_number": 0}).status_code
            == 404
        )


def test_the_staff_page_queues_invitations_and_saves_the_schedule(client):
    survey = sampled_survey(email_rows(2))
    client.force_login(StaffFactory(organisation=survey.organisation))
    action = f"/veldwerk/{survey.slug}/uitnodigingen/actie/"
    client.post(action, {"action": "invitations"})
    client.post(action, {"action": "invitations"})
    assert Message.objects.count() == 2
    client.post(action, {"action": "schedule", "first": "5", "second": ""})
    client.post(action, {"action": "continuous", "is_continuous": "1"})
    page = client.get(f"/veldwerk/{survey.slug}/uitnodigingen/").content.decode()
    assert 'value="5"' in page and "Dit onderzoek meet doorlopend" in page
    assert "In de wachtrij" in page
