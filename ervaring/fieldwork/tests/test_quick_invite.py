"""The professional's quick page: exact client number or typed address, SMS or e-mail."""

import json

import pytest
from django.conf import settings

from ervaring.accounts.tests.factories import StaffFactory, TeamFactory
from ervaring.fieldwork import population_services, quick_invite
from ervaring.fieldwork.models import Channel, Invitation, Message
from ervaring.fieldwork.tests.population_files import csv_bytes, row
from ervaring.questionnaires.tests.factories import SurveyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey():
    survey = SurveyFactory(in_fieldwork=True)
    TeamFactory(organisation=survey.organisation, slug="noord", name="Wijkteam Noord")
    rows = [row("C-1", "Begeleiding", mobile="0612345678"), row("C-2", email="c2@example.org")]
    assert population_services.import_population(survey, csv_bytes(rows)).is_imported
    return survey


@pytest.fixture
def professional(survey):
    return StaffFactory(professional=True, organisation=survey.organisation)


def invite_url(survey):
    return f"/veldwerk/uitnodigen/{survey.slug}/"


def test_a_client_found_by_number_is_invited_by_sms_for_the_professionals_team(
    client, survey, professional
):
    client.force_login(professional)
    page = client.post(
        invite_url(survey), {"client_ref": "C-1", "address": "", "channel": "sms"}, follow=True
    )
    assert "gaat per sms naar •••5678" in page.content.decode()
    invitation = Invitation.objects.get()
    assert invitation.channel == Channel.PROFESSIONAL and invitation.team == professional.team
    assert invitation.attributes["team"] == professional.team.slug
    assert invitation.attributes["provision_groups"] == ["begeleiding"]
    assert set(invitation.attributes) == {
        "law",
        "provision_groups",
        "age_band",
        "team",
        "district",
        "respondent_role",
        "invited_by",
    }
    assert professional.username not in json.dumps(invitation.attributes)
    message = Message.objects.get()
    assert (message.channel, message.to, message.status) == ("sms", "+31612345678", "queued")


def test_a_typed_email_address_works_without_a_client_number(client, survey, professional):
    client.force_login(professional)
    client.post(invite_url(survey), {"address": "Iemand@Example.org", "channel": "email"})
    message = Message.objects.get()
    assert (message.channel, message.to) == ("email", "iemand@example.org")
    assert Invitation.objects.get().client is None


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"client_ref": "C-9", "channel": "sms"}, "staat niet in het bestand"),
        ({"client_ref": "C-2", "channel": "sms"}, "geen mobiel nummer bekend"),
        ({"address": "020 123 4567", "channel": "sms"}, "geen mobiel nummer"),
        ({"address": "geen-adres", "channel": "email"}, "geen geldig e-mailadres"),
        ({"channel": "sms"}, "Vul een cliëntnummer in"),
    ],
)
def test_mistakes_are_explained_and_nothing_is_sent(client, survey, professional, data, error):
    client.force_login(professional)
    page = client.post(invite_url(survey), data)
    assert error in page.content.decode()
    assert not Invitation.objects.exists() and not Message.objects.exists()


def test_a_client_is_not_invited_twice_nor_after_an_opt_out(client, survey, professional):
    client.force_login(professional)
    client.post(invite_url(survey), {"client_ref": "C-1", "channel": "sms"})
    again = client.post(invite_url(survey), {"client_ref": "C-1", "channel": "sms"})
    assert "al een uitnodiging" in again.content.decode()
    population_services.record_opt_outs(survey.organisation, ["C-2"])
    refused = client.post(invite_url(survey), {"client_ref": "C-2", "channel": "email"})
    assert "wil niet meedoen" in refused.content.decode()
    assert Invitation.objects.count() == 1


def test_researchers_and_other_organisations_get_a_404(client, survey):
    client.force_login(StaffFactory(organisation=survey.organisation))  # onderzoeker
    assert client.get(invite_url(survey)).status_code == 404
    client.force_login(StaffFactory(professional=True))  # another organisation
    assert client.get(invite_url(survey)).status_code == 404
    assert client.get("/veldwerk/uitnodigen/").status_code == 200


def test_a_single_open_survey_opens_directly(client, survey, professional):
    client.force_login(professional)
    assert client.get("/veldwerk/uitnodigen/").url == invite_url(survey)


def test_the_project_leader_sees_a_count_per_professional(client, survey, professional):
    quick_invite.invite_after_conversation(
        survey, professional, client_ref="C-1", address="", channel="sms"
    )
    assert quick_invite.invitations_by_professional(survey) == [(professional.username, 1)]
    assert settings.PUBLIC_BASE_URL
