"""Every endpoint fuzzed from the OpenAPI document (schemathesis), in-process through WSGI.

Each generated request is sent with a valid key of one organisation, then again aimed at
that organisation's own survey and at another organisation's. Whatever the input: no 500,
every answer as the document describes it (status, content type, headers, schema), and no
answer holds anything of the other organisation. Bounded so the run stays well under a
minute.
"""

import copy

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis import GenerationMode, checks

from ervaring.accounts.tests.factories import StaffFactory, TeamFactory
from ervaring.api import doc_views, keys
from ervaring.fieldwork import population_services
from ervaring.fieldwork.tests.population_files import csv_bytes, row
from ervaring.questionnaires.tests.factories import SurveyFactory
from ervaring.wsgi import application

pytestmark = pytest.mark.django_db
EXAMPLES = 12
# The checks that hold whatever the request: no 500, and answers as documented.
ANY = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_headers_conformance,
    checks.response_schema_conformance,
]
# What the other organisation has; none of it may appear in any answer to our key.
THEIR_SURVEY = "Geheim onderzoek Andere Gemeente"
THEIR_TEAM = "Wijkteam Elders Verborgen"


@pytest.fixture
def world(settings):
    settings.API_BURST = 100_000  # the budget is tested elsewhere; here every call counts
    ours = SurveyFactory(in_fieldwork=True)
    TeamFactory(organisation=ours.organisation, slug="noord", name="Wijkteam Noord")
    rows = [row("C-1001", "Begeleiding", mobile="0612345678")]
    assert population_services.import_population(ours, csv_bytes(rows)).is_imported
    theirs = SurveyFactory(in_fieldwork=True, name=THEIR_SURVEY)
    TeamFactory(organisation=theirs.organisation, slug="elders", name=THEIR_TEAM)
    owner = StaffFactory(beheerder=True, organisation=ours.organisation)
    secret = keys.create_key(
        ours.organisation, "Fuzz", ["invite", "results", "population", "alerts"], actor=owner
    ).secret
    return {"ours": ours, "theirs": theirs, "auth": {"Authorization": f"Bearer {secret}"}}


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """The WSGI handler closes the database connection after each request, which would end
    the test's transaction: as Django's own test client does, that is switched off while
    the requests run in-process."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


# An XLSX body is bytes like any binary upload.
schemathesis.serializer.alias(
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/octet-stream",
)
# The document as served (the test in test_openapi checks the served one is this one).
# schemathesis.pytest.from_fixture would load it through the app, but does not work with
# pytest 9 (it sets a private attribute of the test item).
schema = schemathesis.openapi.from_dict(copy.deepcopy(doc_views.openapi_document()))
schema.app = application
schema.config.generation.update(
    modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE], max_examples=EXAMPLES
)


def assert_nothing_of_theirs(response, world):
    text = response.text
    theirs = world["theirs"]
    for secret in (theirs.slug, theirs.name, THEIR_TEAM, "elders"):
        assert secret not in text, (response.request.url, secret)


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_no_input_fails_or_shows_another_organisation(case, world):
    response = case.call_and_validate(headers=world["auth"])
    assert_nothing_of_theirs(response, world)
    if "slug" not in (case.path_parameters or {}):
        return
    # Aimed at a real survey, the case may no longer be the negative one it was generated
    # as, so only the checks that hold for any request apply.
    case.path_parameters["slug"] = world["ours"].slug
    assert_nothing_of_theirs(case.call_and_validate(headers=world["auth"], checks=ANY), world)
    case.path_parameters["slug"] = world["theirs"].slug
    refused = case.call_and_validate(headers=world["auth"], checks=ANY)
    # 404 as a rule; 401 or 405 when the generated case broke its own header or method.
    assert refused.status_code in {401, 404, 405}, refused.text
    assert_nothing_of_theirs(refused, world)
