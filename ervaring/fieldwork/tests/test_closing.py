"""Closing fieldwork: the status, the purge of contact data, its schedule and its log."""

from datetime import timedelta
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from ervaring.accounts.models import AuditEvent
from ervaring.accounts.tests.factories import TeamFactory
from ervaring.fieldwork import closing, codes, overview, progress, sample_services
from ervaring.fieldwork import population_services as population
from ervaring.fieldwork.models import (
    Client,
    ContactDetails,
    Invitation,
    Message,
    MessageStatus,
    ProgressNote,
)
from ervaring.fieldwork.services import find_invitation
from ervaring.fieldwork.tests.population_files import csv_bytes, row
from ervaring.questionnaires import services as questionnaires
from ervaring.questionnaires.models import SurveyStatus
from ervaring.questionnaires.tests.factories import SurveyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sampled_survey():
    """A survey in fieldwork with 12 invited clients who have names, addresses and e-mail."""
    survey = SurveyFactory()
    TeamFactory(organisation=survey.organisation, slug="noord", name="Wijkteam Noord")
    rows = [
        row(f"C-{i:03d}", "Begeleiding" if i % 2 else "Vervoer", email=f"c{i}@example.org")
        for i in range(12)
    ]
    assert population.import_population(survey, csv_bytes(rows)).is_imported
    sample_services.draw_sample(survey, sample_services.SampleRequest(seed=3))
    return questionnaires.start_fieldwork(survey)


def test_closing_sets_the_status_and_stops_answers(sampled_survey):
    outcome = closing.close_fieldwork(sampled_survey)
    sampled_survey.refresh_from_db()
    assert sampled_survey.status == SurveyStatus.CLOSED
    assert sampled_survey.closed_at is not None
    assert not sampled_survey.is_open_for_answers
    assert outcome.purged is not None


def test_closing_at_once_deletes_contact_data_and_codes_but_keeps_the_overview(sampled_survey):
    code = codes.decrypt_code(Invitation.objects.first().code_encrypted, settings.CODE_KEY)
    Invitation.objects.filter(pk__in=Invitation.objects.values("pk")[:3]).update(
        is_started=True, is_completed=True
    )
    before = overview.breakdowns(sampled_survey)
    closing.close_fieldwork(sampled_survey)
    assert not ContactDetails.objects.filter(client__survey=sampled_survey).exists()
    invitations = Invitation.objects.filter(survey=sampled_survey)
    assert invitations.count() == 12
    assert set(invitations.values_list("code_encrypted", flat=True)) == {""}
    assert find_invitation(code) is None, "the code can no longer be tied to an invitation"
    refs = list(Client.objects.filter(survey=sampled_survey).values_list("client_ref", flat=True))
    assert len(refs) == 12 and all(ref.startswith("gewist-") for ref in refs)
    assert Client.objects.filter(provision_groups=["begeleiding"]).count() == 6
    assert overview.breakdowns(sampled_survey) == before


def test_answers_noted_but_not_yet_recorded_count_after_the_purge(sampled_survey):
    """The purge removes the codes through which the worker finds a response's invitation,
    so it must record the last progress notes first and leave none behind."""
    invitation = Invitation.objects.filter(survey=sampled_survey).first()
    code = codes.decrypt_code(invitation.code_encrypted, settings.CODE_KEY)
    progress.note_progress(
        sampled_survey.pk, codes.response_token(code, settings.CODE_KEY), is_completed=False
    )
    assert ProgressNote.objects.filter(survey=sampled_survey).count() == 1
    closing.close_fieldwork(sampled_survey)
    invitation.refresh_from_db()
    assert invitation.is_started
    assert overview.survey_totals(sampled_survey).started == 1
    assert not ProgressNote.objects.filter(survey=sampled_survey).exists()


def test_outbox_addresses_are_blanked_and_invited_counts_survive(sampled_survey):
    invitations = list(Invitation.objects.filter(survey=sampled_survey)[:4])
    for number, invitation in enumerate(invitations):
        Message.objects.create(
            survey=sampled_survey,
            invitation=invitation,
            channel=invitation.channel,
            to=f"c{number}@example.org",
            status=MessageStatus.FAILED if number == 0 else MessageStatus.SENT,
            last_error="550 c0@example.org: no such user" if number == 0 else "",
        )
    before = overview.survey_totals(sampled_survey)
    assert (before.sampled, before.invited, before.failed, before.not_sent) == (12, 3, 1, 9)
    outcome = closing.close_fieldwork(sampled_survey)
    assert outcome.purged.addresses_blanked == 4
    assert set(Message.objects.values_list("to", "last_error")) == {("", "")}
    assert overview.survey_totals(sampled_survey) == before


def test_the_deletion_is_logged_with_counts_and_no_personal_data(sampled_survey):
    closing.close_fieldwork(sampled_survey, actor_label="test")
    event = AuditEvent.objects.get(action="fieldwork.contact_data_deleted")
    assert event.target == sampled_survey.slug
    assert event.details["contact_details_deleted"] == 12
    assert event.details["codes_removed"] == 12
    assert event.details["clients_pseudonymised"] == 12
    assert event.details["overview_totals"]["sampled"] == 12
    assert "example.org" not in str(event.details) and "C-0" not in str(event.details)


def test_a_second_purge_changes_nothing_and_logs_nothing(sampled_survey):
    closing.close_fieldwork(sampled_survey)
    again = closing.purge_contact_data(sampled_survey)
    assert not again.changed_anything
    assert AuditEvent.objects.filter(action="fieldwork.contact_data_deleted").count() == 1


def test_a_retention_period_schedules_the_purge_instead_of_deleting(
    sampled_survey, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        outcome = closing.close_fieldwork(sampled_survey, retention_days=30)
    assert outcome.purged is None
    assert ContactDetails.objects.filter(client__survey=sampled_survey).count() == 12
    queued = DBTaskResult.objects.get()
    assert queued.task_path.endswith("purge_contact_data_task")
    assert queued.args_kwargs["args"] == [sampled_survey.pk]
    sampled_survey.refresh_from_db()
    due = sampled_survey.closed_at + timedelta(days=30)
    assert abs(queued.run_after - due) < timedelta(seconds=1)
    result = closing.purge_contact_data_task.call(sampled_survey.pk)
    assert result["contact_details_deleted"] == 12
    assert not ContactDetails.objects.filter(client__survey=sampled_survey).exists()


def test_the_scheduled_task_leaves_a_survey_that_is_not_closed_alone(sampled_survey):
    assert closing.purge_contact_data_task.call(sampled_survey.pk) == {}
    assert ContactDetails.objects.filter(client__survey=sampled_survey).count() == 12


def test_purging_an_open_survey_is_refused(sampled_survey):
    with pytest.raises(questionnaires.SurveyError):
        closing.purge_contact_data(sampled_survey)


def test_closing_again_after_the_period_purges_at_once(sampled_survey):
    closing.close_fieldwork(sampled_survey, retention_days=30)
    assert ContactDetails.objects.filter(client__survey=sampled_survey).exists()
    outcome = closing.close_fieldwork(sampled_survey, retention_days=0)
    assert outcome.purged is not None and outcome.purged.contact_details_deleted == 12


def test_a_survey_in_preparation_cannot_be_closed():
    survey = SurveyFactory()
    with pytest.raises(questionnaires.SurveyError):
        closing.close_fieldwork(survey)


def test_the_command_closes_and_reports_counts(sampled_survey):
    out = StringIO()
    call_command("close_fieldwork", "--survey", sampled_survey.slug, stdout=out)
    assert out.getvalue().splitlines() == [
        f"closed {sampled_survey.slug}",
        "contact data deleted: 12 contact details, 0 message addresses, 12 codes, "
        "12 client numbers",
    ]


def test_the_command_with_a_retention_period_says_when(sampled_survey):
    out = StringIO()
    call_command(
        "close_fieldwork", "--survey", sampled_survey.slug, "--retention-days", "14", stdout=out
    )
    day = timezone.localdate() + timedelta(days=14)
    assert f"contact data will be deleted after {day:%Y-%m-%d}" in out.getvalue()


def test_the_command_refuses_a_negative_period_and_an_unknown_survey(sampled_survey):
    with pytest.raises(CommandError):
        call_command("close_fieldwork", "--survey", sampled_survey.slug, "--retention-days", "-1")
    with pytest.raises(CommandError):
        call_command("close_fieldwork", "--survey", "bestaat-niet")
