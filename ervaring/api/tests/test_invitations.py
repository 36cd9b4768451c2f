"""POST /api/v1/surveys/{slug}/invitations: the professional's rules, idempotent on reference."""

import json

import pytest

from ervaring.accounts.models import AuditEvent
from ervaring.accounts.tests.factories import StaffFactory, TeamFactory
from ervaring.api import keys
from ervaring.api.models import ApiInvitation
from ervaring.fieldwork import population_services
from ervaring.fieldwork.models import Channel, Invitation, Message
from ervaring.fieldwork.tests.population_files import csv_bytes, row
from ervaring.questionnaires import services as questionnaires
from ervaring.questionnaires.tests.factories import SurveyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey():
    survey = SurveyFactory(in_fieldwork=True)
    TeamFactory(organisation=survey.organisation, slug="noord", name="Wijkteam Noord")
    rows = [row("C-1", "Begeleiding", mobile="0612345678"), row("C-2", email="c2@example.org")]
    assert population_services.import_population(survey, csv_bytes(rows)).is_imported
    return survey


def make_key(organisation, scopes=("invite",)):
    owner = StaffFactory(beheerder=True, organisation=organisation)
    return keys.create_key(organisation, "Zaaksysteem", scopes, actor=owner)


@pytest.fixture
def secret(survey):
    return make_key(survey.organisation).secret


def post(client, secret, slug, body):
    return client.post(
        f"/api/v1/surveys/{slug}/invitations",
        data=json.dumps(body),
        content_type="application/json",
        headers={"Authorization": f"Bearer {secret}"},
    )


def error_of(response):
    return json.loads(response.content)["error"]


def test_a_client_in_the_population_is_invited_by_sms_for_the_named_team(client, survey, secret):
    body = {"reference": "zaak-1", "client_reference": "C-1", "team": "noord", "channel": "sms"}
    response = post(client, secret, survey.slug, body)
    assert response.status_code == 201, response.content
    answer = json.loads(response.content)
    assert answer["reference"] == "zaak-1" and answer["survey"] == survey.slug
    assert answer["address"] == "•••5678" and answer["channel"] == "sms"
    invitation = Invitation.objects.get()
    assert invitation.channel == Channel.PROFESSIONAL and invitation.team.slug == "noord"
    assert invitation.attributes["provision_groups"] == ["begeleiding"]
    assert invitation.attributes["team"] == "noord"
    message = Message.objects.get()
    assert (message.channel, message.to) == ("sms", "+31612345678")
    event = AuditEvent.objects.get(action="api.client_invited")
    assert event.actor is None and event.actor_label.startswith("API-sleutel erv_")
    assert AuditEvent.objects.filter(action="api.called", details__status=201).count() == 1


def test_without_a_client_number_the_address_provision_group_and_team_are_used(
    client, survey, secret
):
    body = {
        "reference": "zaak-2",
        "provision_group": "huishoudelijke_hulp",
        "team": "noord",
        "channel": "email",
        "address": "Iemand@Example.org",
    }
    assert post(client, secret, survey.slug, body).status_code == 201
    invitation = Invitation.objects.get()
    assert invitation.client is None
    assert invitation.attributes["provision_groups"] == ["huishoudelijke_hulp"]
    assert Message.objects.get().to == "iemand@example.org"


def test_a_retried_reference_returns_the_same_invitation_and_sends_once(client, survey, secret):
    body = {"reference": "zaak-3", "client_reference": "C-2", "team": "noord", "channel": "email"}
    first = post(client, secret, survey.slug, body)
    again = post(client, secret, survey.slug, body)
    assert (first.status_code, again.status_code) == (201, 200)
    assert json.loads(first.content) == json.loads(again.content)
    assert Invitation.objects.count() == 1 and Message.objects.count() == 1
    assert AuditEvent.objects.filter(action="api.client_invited").count() == 1


def test_a_reference_reused_for_another_client_is_409(client, survey, secret):
    base = {"reference": "zaak-4", "team": "noord", "channel": "sms"}
    assert post(client, secret, survey.slug, {**base, "client_reference": "C-1"}).status_code == 201
    reused = post(client, secret, survey.slug, {**base, "client_reference": "C-2"})
    assert reused.status_code == 409
    assert error_of(reused)["code"] == "reference_reused"
    assert error_of(reused)["field"] == "reference"
    assert Invitation.objects.count() == 1


def test_the_same_reference_in_another_organisation_is_its_own(client, survey, secret):
    other = SurveyFactory(in_fieldwork=True)
    TeamFactory(organisation=other.organisation, slug="noord")
    other_secret = make_key(other.organisation).secret
    body = {"reference": "zaak-1", "team": "noord", "channel": "sms", "address": "0612345678"}
    assert post(client, secret, survey.slug, body).status_code == 201
    assert post(client, other_secret, other.slug, body).status_code == 201
    assert ApiInvitation.objects.count() == 2


def test_another_organisations_survey_is_404_and_nothing_is_written(client, survey):
    other = SurveyFactory(in_fieldwork=True)
    other_secret = make_key(other.organisation).secret
    body = {"reference": "x", "client_reference": "C-1", "team": "noord", "channel": "sms"}
    response = post(client, other_secret, survey.slug, body)
    assert response.status_code == 404 and error_of(response)["code"] == "not_found"
    assert not Invitation.objects.exists() and not ApiInvitation.objects.exists()


def test_a_survey_not_in_fieldwork_is_409_with_the_dutch_reason_and_can_be_retried(
    client, survey, secret
):
    questionnaires.close_fieldwork(survey)
    body = {"reference": "zaak-5", "client_reference": "C-1", "team": "noord", "channel": "sms"}
    response = post(client, secret, survey.slug, body)
    assert response.status_code == 409
    error = error_of(response)
    assert error["code"] == "survey_not_in_fieldwork" and "gesloten" in error["message_nl"]
    assert error["message_en"]
    assert not ApiInvitation.objects.exists()


@pytest.mark.parametrize(
    ("body", "status", "code", "field"),
    [
        ({"client_reference": "C-9"}, 422, "not_in_population", "client_reference"),
        ({"client_reference": "C-2"}, 422, "no_address", "address"),
        ({"address": "020 123 4567"}, 422, "invalid", "address"),
        ({}, 422, "invalid", "client_reference"),
        ({"address": "0612345678", "team": "zuid"}, 422, "invalid", "team"),
        ({"address": "0612345678", "channel": "brief"}, 422, "invalid", "channel"),
        ({"address": "0612345678", "reference": ""}, 422, "invalid", "reference"),
        ({"address": "0612345678", "reference": 12}, 422, "invalid", "reference"),
        (
            {"address": "0612345678", "provision_group": "ruimtevaart"},
            422,
            "invalid",
            "provision_group",
        ),
        (
            {"client_reference": "C-1", "provision_group": "hulpmiddelen"},
            422,
            "provision_group_mismatch",
            "provision_group",
        ),
        ({"address": "0612345678", "client_ref": "C-1"}, 422, "invalid", "client_ref"),
    ],
)
def test_mistakes_name_the_field_in_dutch_and_english_and_nothing_is_sent(
    client, survey, secret, body, status, code, field
):
    response = post(
        client, secret, survey.slug, {"reference": "r", "team": "noord", "channel": "sms", **body}
    )
    assert response.status_code == status, response.content
    error = error_of(response)
    assert (error["code"], error["field"]) == (code, field)
    assert error["message_nl"] and error["message_en"]
    assert not Invitation.objects.exists() and not Message.objects.exists()


def test_opt_out_and_a_second_invitation_of_the_same_client_are_409(client, survey, secret):
    body = {"team": "noord", "channel": "sms", "client_reference": "C-1"}
    assert post(client, secret, survey.slug, {**body, "reference": "a"}).status_code == 201
    twice = post(client, secret, survey.slug, {**body, "reference": "b"})
    assert twice.status_code == 409 and error_of(twice)["code"] == "already_invited"
    population_services.record_opt_outs(survey.organisation, ["C-2"])
    refused = post(
        client,
        secret,
        survey.slug,
        {"team": "noord", "channel": "email", "client_reference": "C-2", "reference": "c"},
    )
    assert refused.status_code == 409 and error_of(refused)["code"] == "opted_out"
    assert "wil niet meedoen" in error_of(refused)["message_nl"]


def test_a_body_that_is_not_a_json_object_is_400(client, survey, secret):
    for data in ("[1, 2]", "niet json", ""):
        response = client.post(
            f"/api/v1/surveys/{survey.slug}/invitations",
            data=data,
            content_type="application/json",
            headers={"Authorization": f"Bearer {secret}"},
        )
        assert response.status_code == 400 and error_of(response)["code"] == "invalid_json"


def test_a_key_without_the_invite_scope_is_403(client, survey):
    results_only = make_key(survey.organisation, scopes=("results",)).secret
    body = {"reference": "x", "client_reference": "C-1", "team": "noord", "channel": "sms"}
    response = post(client, results_only, survey.slug, body)
    assert response.status_code == 403 and not Invitation.objects.exists()


def test_a_get_is_405_with_allow(client, survey, secret):
    response = client.get(
        f"/api/v1/surveys/{survey.slug}/invitations",
        headers={"Authorization": f"Bearer {secret}"},
    )
    assert response.status_code == 405 and response["Allow"] == "POST"


def test_an_unknown_address_under_the_api_is_a_json_404(client, secret):
    response = client.get("/api/v1/nergens", headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code == 404 and error_of(response)["code"] == "not_found"
