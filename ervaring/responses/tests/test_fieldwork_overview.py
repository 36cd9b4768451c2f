"""The fieldwork overview and the close button: counts, queries, access, and the purge."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse

from ervaring.accounts.tests.factories import StaffFactory, TeamFactory
from ervaring.fieldwork import codes, overview, progress
from ervaring.fieldwork import tasks as fieldwork_tasks
from ervaring.fieldwork.models import (
    Channel,
    Client,
    ContactDetails,
    FieldworkFigures,
    Invitation,
    Message,
    MessageStatus,
)
from ervaring.fieldwork.progress import record_progress
from ervaring.fieldwork.tests.factories import invite
from ervaring.questionnaires.models import SurveyStatus
from ervaring.questionnaires.tests.factories import SurveyFactory
from ervaring.responses import services
from ervaring.responses.models import Answer, Response

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey():
    survey = SurveyFactory(in_fieldwork=True)
    TeamFactory(organisation=survey.organisation, slug="noord", name="Wijkteam Noord")
    return survey


@pytest.fixture
def leader(client, survey):
    staff = StaffFactory(organisation=survey.organisation)
    client.force_login(staff)
    return staff


def fill_survey(survey, letters=4, emails=2):
    """Letters to team noord (household help), e-mails to team zuid (transport + household)."""
    issued = [invite(survey, team="noord") for _ in range(letters)]
    issued += [
        invite(
            survey,
            team="zuid",
            channel=Channel.EMAIL,
            provision_groups=("huishoudelijke_hulp", "vervoer"),
        )
        for _ in range(emails)
    ]
    # Every invitation went out (letters printed, e-mails sent): only then is it "invited".
    Message.objects.bulk_create(
        Message(
            survey=survey,
            invitation=item.invitation,
            channel=item.invitation.channel,
            status=MessageStatus.SENT,
        )
        for item in issued
    )
    return issued


def complete(issued):
    response, _ = services.open_with_code(issued.code, "127.0.0.1")
    Answer.objects.create(response=response, question_id="wmo_1", value=4)
    Response.objects.filter(pk=response.pk).update(completed_at=response.started_at)
    progress.note_progress(response.survey_id, response.token, is_completed=True)
    return response


def test_the_overview_counts_by_channel_stratum_and_team(client, survey, leader):
    issued = fill_survey(survey)
    complete(issued[0])
    complete(issued[4])
    services.open_with_code(issued[1].code, "127.0.0.1")
    Invitation.objects.filter(pk=issued[2].invitation.pk).update(is_opted_out=True)
    record_progress(survey)
    figures = overview.breakdowns(survey)
    assert (figures.totals.invited, figures.totals.started, figures.totals.completed) == (6, 3, 2)
    assert figures.totals.opted_out == 1
    by_channel = {row.key: row.counts for row in figures.by_channel}
    assert by_channel["brief"].invited == 4 and by_channel["email"].completed == 1
    by_stratum = {row.key: row.counts for row in figures.by_stratum}
    assert by_stratum["huishoudelijke_hulp"].invited == 6
    assert by_stratum["vervoer"].invited == 2 and by_stratum["vervoer"].response_rate == 50
    by_team = {row.label: row.counts for row in figures.by_team}
    assert by_team["Wijkteam Noord"].invited == 4 and by_team["zuid"].invited == 2
    page = client.get(reverse("overview:fieldwork", args=[survey.slug]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Per voorzieningengroep" in html and "Wijkteam Noord" in html and "33,3%" in html


def test_the_overview_costs_the_same_number_of_queries_for_any_size(
    client, survey, leader, django_assert_max_num_queries
):
    fill_survey(survey, letters=2, emails=1)
    with django_assert_max_num_queries(14) as small:
        client.get(reverse("overview:fieldwork", args=[survey.slug]))
    fill_survey(survey, letters=40, emails=20)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("overview:fieldwork", args=[survey.slug]))


def test_other_organisations_and_team_roles_get_404(client, survey):
    client.force_login(StaffFactory(beheerder=True))
    assert client.get(reverse("overview:fieldwork", args=[survey.slug])).status_code == 404
    assert client.post(reverse("fieldwork:close", args=[survey.slug])).status_code == 404
    client.force_login(StaffFactory(organisation=survey.organisation, professional=True))
    assert client.get(reverse("overview:fieldwork", args=[survey.slug])).status_code == 404
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.FIELDWORK


def test_closing_deletes_contact_data_but_keeps_responses_attributes_and_counts(
    client, survey, leader
):
    issued = fill_survey(survey)
    for item in issued:
        client_row = Client.objects.create(
            survey=survey, client_ref=f"ref-{item.invitation.pk}", law="wmo"
        )
        ContactDetails.objects.create(client=client_row, name="Testpersoon", email="t@example.org")
        Invitation.objects.filter(pk=item.invitation.pk).update(client=client_row)
    done = complete(issued[0])
    before_attributes = dict(done.attributes)
    record_progress(survey)
    before = overview.breakdowns(survey)
    page = client.post(
        reverse("fieldwork:close", args=[survey.slug]), {"retention_days": "0"}, follow=True
    )
    assert "Alle contactgegevens zijn gewist" in page.content.decode()
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.CLOSED
    assert not ContactDetails.objects.filter(client__survey=survey).exists()
    assert not Client.objects.filter(survey=survey, client_ref__startswith="ref-").exists()
    encrypted = Invitation.objects.filter(survey=survey).values_list("code_encrypted", flat=True)
    assert not [c for c in encrypted if codes.decrypt_code(c, settings.CODE_KEY)]
    done.refresh_from_db()
    assert done.is_completed and done.attributes == before_attributes
    assert done.channel == "brief" and done.attributes["age_band"] == "65+"  # widened: tiny survey
    assert Answer.objects.get(response=done).value == 4
    assert overview.breakdowns(survey) == before
    assert services.find_response(issued[0].code) is not None, "the answers stay"
    with pytest.raises(services.CodeRejected):
        services.open_with_code(issued[1].code, "127.0.0.2")


def test_a_wrong_retention_period_is_said_and_nothing_closes(client, survey, leader):
    page = client.post(reverse("fieldwork:close", args=[survey.slug]), {"retention_days": "-3"})
    assert page.status_code == 422 and "van 0 tot en met 365" in page.content.decode()
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.FIELDWORK


def _counted_from_rows(invitations):
    """An independent count: each invitation's flags decided in Python from its own rows."""
    counted = {}
    for invitation in invitations:
        statuses = set(
            Message.objects.filter(invitation=invitation, reminder_number=0).values_list(
                "status", flat=True
            )
        )
        out = bool(statuses & {MessageStatus.SENT, MessageStatus.SENDING, MessageStatus.UNCERTAIN})
        out = out or invitation.is_started or invitation.channel in overview.DIRECT_CHANNELS
        counted[invitation.pk] = {
            "sampled": 1,
            "invited": int(out),
            "waiting": int(not out and MessageStatus.QUEUED in statuses),
            "not_sent": int(not out and MessageStatus.QUEUED not in statuses),
            "started": int(invitation.is_started),
            "completed": int(invitation.is_completed),
            "opted_out": int(invitation.is_opted_out),
            "failed": int(MessageStatus.FAILED in statuses),
        }
    return counted


def _summed(counted, pks):
    return overview.Counts(
        **{name: sum(counted[pk][name] for pk in pks) for name in next(iter(counted.values()))}
    )


@pytest.mark.parametrize("source", ["counted", "stored"])
def test_the_one_grouped_query_equals_an_independent_count_of_the_rows(survey, source):
    """Also for the figures as the worker stores them for the dashboards, read back."""
    issued = fill_survey(survey)
    issued += [invite(survey, team="noord", channel=Channel.KIOSK) for _ in range(2)]
    issued += [invite(survey, team=None) for _ in range(2)]
    Message.objects.filter(invitation=issued[0].invitation).update(status=MessageStatus.QUEUED)
    Message.objects.filter(invitation=issued[1].invitation).update(status=MessageStatus.FAILED)
    complete(issued[4])
    Invitation.objects.filter(pk=issued[5].invitation.pk).update(is_opted_out=True)
    record_progress(survey)
    invitations = list(Invitation.objects.filter(survey=survey))
    counted = _counted_from_rows(invitations)
    if source == "counted":
        figures = overview.breakdowns(survey)
    else:
        overview.count_and_store(survey)
        figures = overview.stored_breakdowns(survey, timedelta(minutes=1))
    assert figures.totals == _summed(counted, [i.pk for i in invitations])
    for row in figures.by_channel:
        assert row.counts == _summed(counted, [i.pk for i in invitations if i.channel == row.key])
    for row in figures.by_team:
        pks = [i.pk for i in invitations if (i.attributes.get("team") or "") == row.key]
        assert row.counts == _summed(counted, pks)
    for row in figures.by_stratum:
        pks = [
            i.pk
            for i in invitations
            if row.key in (i.attributes.get("provision_groups") or [overview.NO_GROUP])
        ]
        assert row.counts == _summed(counted, pks)
    assert {row.label for row in figures.by_team} == {"Wijkteam Noord", "zuid", overview.NO_TEAM}


def test_stored_figures_older_than_the_page_accepts_are_not_used(survey):
    fill_survey(survey)
    counted = overview.count_and_store(survey)
    assert overview.stored_breakdowns(survey, timedelta(minutes=10)) is not None
    FieldworkFigures.objects.filter(survey=survey).update(
        counted_at=counted.counted_at - timedelta(minutes=11)
    )
    assert overview.stored_breakdowns(survey, timedelta(minutes=10)) is None
    assert overview.stored_breakdowns(SurveyFactory(), timedelta(minutes=10)) is None


def test_the_worker_counts_every_survey_in_fieldwork_and_a_recount_replaces_the_figures(survey):
    fill_survey(survey, letters=3, emails=1)
    closed = SurveyFactory(organisation=survey.organisation)
    assert fieldwork_tasks.count_fieldwork.call() == {survey.slug: 4}
    invite(survey, team="noord")
    assert fieldwork_tasks.count_fieldwork.call() == {survey.slug: 5}
    stored = overview.stored_breakdowns(survey, timedelta(minutes=1))
    assert stored.totals.sampled == 5 and stored.totals.invited == 4
    assert not FieldworkFigures.objects.filter(survey=closed).exists()
