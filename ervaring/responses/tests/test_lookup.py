"""The response found by its token in one hand-built statement is the ORM's response."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ervaring.fieldwork import codes
from ervaring.fieldwork.tests.factories import invite
from ervaring.questionnaires.tests.factories import SurveyFactory
from ervaring.responses import lookup, services
from ervaring.responses.models import Response


def _fields(instance, left_out=()):
    return {
        f.attname: getattr(instance, f.attname)
        for f in instance._meta.concrete_fields
        if f.name not in left_out
    }


@pytest.mark.django_db
def test_every_field_of_the_response_its_version_survey_and_organisation_is_the_orms(settings):
    survey = SurveyFactory(in_fieldwork=True)
    organisation = survey.organisation
    organisation.contact_phone, organisation.opening_hours = "14 0123", "ma-vr 9-17 uur"
    organisation.benchmark_opt_in = True
    organisation.logo = b"\x89PNG" + bytes(1000)
    organisation.save()
    code = invite(survey, provision_groups=("huishoudelijke_hulp", "vervoer")).code
    response, _ = services.open_with_code(code, "10.0.0.1")
    Response.objects.filter(pk=response.pk).update(
        completed_at=timezone.now(), language="tr", current_page="mening"
    )
    token = codes.response_token(codes.normalise_code(code), settings.CODE_KEY)

    with CaptureQueriesContext(connection) as queries:
        found = lookup.find_by_token(token)
        shown = (found.survey.organisation.contact_phone, found.version.created_at)
    assert len(queries) == 1, "one statement, the related rows attached"

    expected = Response.objects.select_related("version", "survey__organisation").get(token=token)
    assert _fields(found) == _fields(expected)
    assert found.attributes["provision_groups"] == ["huishoudelijke_hulp", "vervoer"]
    assert _fields(found.version, {"document"}) == _fields(expected.version, {"document"})
    assert _fields(found.survey) == _fields(expected.survey)
    assert _fields(found.survey.organisation, {"logo"}) == _fields(
        expected.survey.organisation, {"logo"}
    )
    assert shown == ("14 0123", expected.version.created_at)
    # Left out, not lost: asked for, they are read then.
    assert found.version.get_deferred_fields() == {"document"}
    assert found.survey.organisation.get_deferred_fields() == {"logo"}
    assert found.version.document == expected.version.document
    assert bytes(found.survey.organisation.logo) == organisation.logo


@pytest.mark.django_db
def test_an_unknown_token_finds_nothing():
    assert lookup.find_by_token("0" * 64) is None


@pytest.mark.django_db
def test_the_answers_are_the_orms_values_of_every_kind():
    survey = SurveyFactory(in_fieldwork=True)
    response, _ = services.open_with_code(invite(survey).code, "10.0.0.1")
    other, _ = services.open_with_code(invite(survey).code, "10.0.0.1")
    stored = {
        "wmo_1": "ja",
        "wmo_2": ["taxi", "anders"],
        "wmo_3": 4,
        "wmo_4": True,
        "wmo_5": {"dag": 3, "maand": 11},
    }
    for qid, value in stored.items():
        response.answers.create(
            question_id=qid, value=value, other_text="met de bus" * (qid == "wmo_2")
        )
    other.answers.create(question_id="wmo_1", value="nee")

    found = lookup.answers_of(response.pk)

    expected = response.answers.values_list("question_id", "value", "other_text")
    assert sorted(found, key=str) == sorted(expected, key=str)
    assert {qid: value for qid, value, _ in found} == stored
    assert lookup.answers_of(0) == []


@pytest.mark.django_db
def test_the_locked_response_is_the_orms_and_an_unknown_one_is_not_there():
    survey = SurveyFactory(in_fieldwork=True)
    response, _ = services.open_with_code(invite(survey).code, "10.0.0.1")
    Response.objects.filter(pk=response.pk).update(language="ar", current_page="mening")

    with CaptureQueriesContext(connection) as queries:
        locked = lookup.locked_response(response.pk)

    assert _fields(locked) == _fields(Response.objects.get(pk=response.pk))
    if connection.features.has_select_for_update:
        assert queries[0]["sql"].endswith("FOR UPDATE")
    with pytest.raises(Response.DoesNotExist):
        lookup.locked_response(0)
