"""Fieldwork in the right order: invitations queued before the start wait and then go out,
nothing is cancelled behind the user's back, what did not go out can be sent again, a closed
survey refuses every fieldwork action, and a print run claims its letters before rendering."""

import io
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from ervaring.accounts.tests.factories import StaffFactory
from ervaring.fieldwork import closing, outbox, overview, printing, quick_invite, sending
from ervaring.fieldwork import population_services as population
from ervaring.fieldwork import sample_services as samples
from ervaring.fieldwork.models import Channel, Invitation, Message, MessageStatus
from ervaring.fieldwork.services import AlreadyInvited, create_invitation
from ervaring.fieldwork.tests.population_files import csv_bytes
from ervaring.fieldwork.tests.sending_helpers import email_rows, letter_rows, sampled_survey
from ervaring.questionnaires import services as questionnaires

pytestmark = pytest.mark.django_db


def test_invitations_queued_before_fieldwork_wait_and_go_out_when_it_starts(client):
    survey = sampled_survey(email_rows(5), start=False)
    client.force_login(StaffFactory(organisation=survey.organisation))
    page = client.post(
        reverse("fieldwork:outbox-action", args=[survey.slug]),
        {"action": "invitations"},
        follow=True,
    ).content.decode()
    assert "5 uitnodigingen klaargezet" in page and "zodra u het veldwerk start" in page
    report = sending.send_due_messages()
    assert (report.sent, report.cancelled) == (0, 0), "nothing sent, nothing cancelled"
    assert set(Message.objects.values_list("status", flat=True)) == {MessageStatus.QUEUED}
    totals = overview.survey_totals(survey)
    assert (totals.sampled, totals.invited, totals.waiting) == (5, 0, 5)
    assert totals.response_rate is None, "nobody counts as invited (or as a non-response)"

    questionnaires.start_fieldwork(survey)
    assert sending.send_due_messages().sent == 5
    assert len(mail.outbox) == 5
    totals = overview.survey_totals(survey)
    assert (totals.invited, totals.waiting, totals.not_sent) == (5, 0, 0)


def test_messages_that_did_not_go_out_can_be_sent_again_but_not_to_who_opted_out(client):
    """What an older version did to invitations queued before fieldwork: cancelled for good."""
    survey = sampled_survey(email_rows(4))
    outbox.queue_invitations(survey)
    Message.objects.update(status=MessageStatus.CANCELLED, last_error="veldwerk loopt niet")
    opted_out = Invitation.objects.order_by("pk").first()
    Invitation.objects.filter(pk=opted_out.pk).update(is_opted_out=True)
    totals = overview.survey_totals(survey)
    assert (totals.invited, totals.not_sent) == (0, 4)
    client.force_login(StaffFactory(organisation=survey.organisation))
    page = client.get(reverse("fieldwork:outbox", args=[survey.slug])).content.decode()
    assert "veldwerk loopt niet" in page, "the reason is on the page"
    assert "Niet verstuurde berichten opnieuw versturen (3)" in page
    client.post(reverse("fieldwork:outbox-action", args=[survey.slug]), {"action": "resend"})
    assert sending.send_due_messages().sent == 3
    assert sorted(m.to[0] for m in mail.outbox) == [f"client{i}@example.org" for i in (1, 2, 3)]
    assert Message.objects.get(invitation=opted_out).status == MessageStatus.CANCELLED


def test_the_command_resends_unsent_messages_and_refuses_before_fieldwork():
    survey = sampled_survey(email_rows(2))
    outbox.queue_invitations(survey)
    Message.objects.update(status=MessageStatus.FAILED, last_error="gateway says no")
    out = StringIO()
    call_command("send_messages", survey=survey.slug, resend_unsent=True, stdout=out)
    assert "queued 2 unsent messages again" in out.getvalue()
    assert len(mail.outbox) == 2
    waiting = sampled_survey(email_rows(1, prefix="W"), start=False)
    with pytest.raises(Exception, match="Start eerst het veldwerk"):
        call_command("send_messages", survey=waiting.slug, resend_unsent=True, stdout=out)


def test_closing_says_which_messages_never_went_out_and_why():
    survey = sampled_survey(email_rows(3))
    outbox.queue_invitations(survey)
    closing.close_fieldwork(survey, retention_days=30)
    assert set(Message.objects.values_list("status", "last_error")) == {
        (MessageStatus.CANCELLED, "veldwerk gesloten voordat het bericht uitging")
    }
    assert outbox.unsent_reasons(survey) == [("veldwerk gesloten voordat het bericht uitging", 3)]
    with pytest.raises(questionnaires.SurveyError, match="gesloten"):
        outbox.requeue_unsent(survey)


def test_a_closed_survey_refuses_import_draw_print_and_quick_invite():
    survey = sampled_survey(letter_rows(2))
    closing.close_fieldwork(survey, retention_days=30)
    survey.refresh_from_db()
    with pytest.raises(population.PopulationError, match="gesloten"):
        population.import_population(survey, csv_bytes(letter_rows(2)), append=True)
    with pytest.raises(samples.SampleError, match="gesloten"):
        samples.draw_sample(survey, samples.SampleRequest(seed=2))
    with pytest.raises(printing.PrintError, match="gesloten"):
        printing.print_letters(survey, io.BytesIO())
    staff = StaffFactory(organisation=survey.organisation)
    with pytest.raises(quick_invite.InviteError, match="gesloten"):
        quick_invite.invite_after_conversation(
            survey, staff, client_ref="", address="a@example.org", channel="email"
        )
    assert not Message.objects.filter(status=MessageStatus.SENT).exists()


def test_a_second_print_run_finds_the_letters_claimed_by_the_first():
    survey = sampled_survey(letter_rows(3))
    first = printing.print_letters(survey, io.BytesIO())
    assert first.letters == 3
    with pytest.raises(printing.PrintError, match="geen brieven"):
        printing.print_letters(survey, io.BytesIO())


def test_a_print_run_that_fails_while_rendering_leaves_the_letters_waiting(monkeypatch):
    survey = sampled_survey(letter_rows(3))

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(printing, "write_letters", broken)
    with pytest.raises(OSError, match="disk full"):
        printing.print_letters(survey, io.BytesIO())
    assert set(Message.objects.values_list("status", "letter_batch", "attempts")) == {
        (MessageStatus.QUEUED, None, 0)
    }
    assert not survey.letter_batches.exists()
    monkeypatch.undo()
    assert printing.print_letters(survey, io.BytesIO()).letters == 3


def test_a_client_cannot_be_invited_twice_in_one_survey():
    """The database refuses it, whatever path tries (a second draw, a quick invite)."""
    survey = sampled_survey(email_rows(2))
    invitation = Invitation.objects.filter(survey=survey).first()
    staff = StaffFactory(organisation=survey.organisation)
    with pytest.raises(quick_invite.InviteError, match="al een uitnodiging"):
        quick_invite.invite_after_conversation(
            survey, staff, client_ref=invitation.client.client_ref, address="", channel="email"
        )
    with pytest.raises(AlreadyInvited):  # past every check: the constraint itself
        create_invitation(survey, {}, Channel.EMAIL, client=invitation.client)
    assert Invitation.objects.filter(survey=survey).count() == 2
