"""POST /api/v1/surveys/{slug}/population: the staff import, all or nothing, as JSON."""

import json

import pytest

from ervaring.accounts.models import AuditEvent
from ervaring.accounts.tests.factories import StaffFactory, TeamFactory
from ervaring.api import keys, population
from ervaring.fieldwork.models import Client
from ervaring.fieldwork.tests.factories import invite
from ervaring.fieldwork.tests.population_files import csv_bytes, row, xlsx_bytes
from ervaring.questionnaires import services as questionnaires
from ervaring.questionnaires.tests.factories import SurveyFactory

pytestmark = pytest.mark.django_db
CSV = "text/csv"


@pytest.fixture
def survey():
    survey = SurveyFactory()
    TeamFactory(organisation=survey.organisation, slug="noord", name="Noord")
    return survey


def key_for(organisation, scopes=("population",)):
    owner = StaffFactory(beheerder=True, organisation=organisation)
    return keys.create_key(organisation, "Zaaksysteem", scopes, actor=owner).secret


def upload(client, survey, data, query="", *, secret=None, content_type=CSV):
    response = client.post(
        f"/api/v1/surveys/{survey.slug}/population{query}",
        data=data,
        content_type=content_type,
        headers={"Authorization": f"Bearer {secret or key_for(survey.organisation)}"},
    )
    return response, json.loads(response.content)


def refs(survey):
    return sorted(Client.objects.filter(survey=survey).values_list("client_ref", flat=True))


def test_a_csv_file_is_imported_and_logged_under_the_key(client, survey):
    rows = [row("C-1", "Begeleiding"), row("C-1", "Vervoer"), row("C-2")]
    response, body = upload(client, survey, csv_bytes(rows))
    assert response.status_code == 200, body
    assert (body["imported"], body["rows_read"], body["merged_rows"]) == (2, 3, 1)
    assert body["mapping"]["client_ref"] == "Cliëntnummer"
    assert refs(survey) == ["C-1", "C-2"]
    event = AuditEvent.objects.get(action="population_imported")
    assert event.actor_label.startswith("API-sleutel erv_") and event.details["clients"] == 2


def test_an_xlsx_file_is_imported_too(client, survey):
    data = xlsx_bytes([row("C-1"), row("C-2")])
    response, body = upload(client, survey, data, content_type="application/octet-stream")
    assert response.status_code == 200 and body["imported"] == 2


def test_a_file_with_problems_writes_nothing_and_lists_each_with_row_and_column(client, survey):
    upload(client, survey, csv_bytes([row("OUD-1")]))
    rows = [row("C-1"), row("C-2", born="31-02-1950"), row("", "Begeleiding")]
    response, body = upload(client, survey, csv_bytes(rows))
    assert response.status_code == 422
    assert body["error"]["code"] == "population_problems" and body["error"]["field"] == "file"
    places = {(p["row"], p["column"]) for p in body["problems"]}
    # Row 1 is the header, so the second and third clients are on rows 3 and 4.
    assert {row for row, _ in places} == {3, 4}
    assert all(p["message_nl"] for p in body["problems"])
    assert refs(survey) == ["OUD-1"]


def test_an_unknown_provision_asks_for_a_group_then_imports_with_the_choice(client, survey):
    rows = [row("C-1", "Gezinscoaching"), row("C-2", "Gezinscoaching"), row("C-3")]
    response, body = upload(client, survey, csv_bytes(rows))
    assert response.status_code == 422 and body["error"]["code"] == "unmatched_provisions"
    assert [(m["name"], m["clients"]) for m in body["unmatched_provisions"]] == [
        ("Gezinscoaching", 2)
    ]
    assert "begeleiding" in body["groups"] and not refs(survey)
    response, body = upload(
        client, survey, csv_bytes(rows), "?provision=Gezinscoaching=begeleiding"
    )
    assert response.status_code == 200 and body["imported"] == 3
    assert Client.objects.get(client_ref="C-1").provision_groups == ["begeleiding"]


def test_after_invitations_only_append_adds_new_clients(client, survey):
    upload(client, survey, csv_bytes([row("C-1")]))
    questionnaires.start_fieldwork(survey)
    invite(survey)
    rows = csv_bytes([row("C-1"), row("C-2")])
    response, body = upload(client, survey, rows)
    assert response.status_code == 409 and body["error"]["code"] == "already_invited"
    assert body["error"]["field"] == "append"
    response, body = upload(client, survey, rows, "?append=true")
    assert response.status_code == 200
    assert (body["imported"], body["already_present"]) == (1, 1)
    assert refs(survey) == ["C-1", "C-2"]


def test_a_closed_survey_is_409_with_the_dutch_reason(client, survey):
    questionnaires.start_fieldwork(survey)
    questionnaires.close_fieldwork(survey)
    response, body = upload(client, survey, csv_bytes([row("C-1")]), "?append=true")
    assert response.status_code == 409 and "populatie ligt vast" in body["error"]["message_nl"]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("?mapping=bestaat-niet", "mapping"),
        # PostgreSQL refused to compare with a NUL character: a 500 found by the fuzz test.
        ("?mapping=koppeling%00", "mapping"),
        ("?append=ja", "append"),
        ("?provision=zonder-groep", "provision"),
        ("?provision=Hbh=ruimtevaart", "provision"),
    ],
)
def test_wrong_parameters_are_422_naming_them(client, survey, query, field):
    response, body = upload(client, survey, csv_bytes([row("C-1")]), query)
    assert response.status_code == 422 and body["error"]["field"] == field
    assert not refs(survey)


def test_an_empty_or_too_big_or_unreadable_body_is_refused(client, survey, monkeypatch):
    response, body = upload(client, survey, b"")
    assert response.status_code == 400 and body["error"]["code"] == "empty_file"
    monkeypatch.setattr(population, "MAX_BYTES", 100)
    response, body = upload(client, survey, csv_bytes([row("C-1"), row("C-2")]))
    assert response.status_code == 413 and body["error"]["code"] == "file_too_big"
    monkeypatch.undo()
    response, body = upload(client, survey, b"PK\x03\x04 geen echte zip")
    assert response.status_code == 422 and body["error"]["code"] == "unreadable_file"
    assert not refs(survey)


def test_another_organisation_and_a_key_without_the_scope_write_nothing(client, survey):
    stranger = key_for(SurveyFactory().organisation)
    response, _ = upload(client, survey, csv_bytes([row("C-1")]), secret=stranger)
    assert response.status_code == 404
    own_but_results = key_for(survey.organisation, scopes=("results",))
    response, _ = upload(client, survey, csv_bytes([row("C-1")]), secret=own_but_results)
    assert response.status_code == 403
    assert not refs(survey)
