"""Two calls with the same reference at the same moment, on PostgreSQL (see fieldwork's
test_races for why SQLite cannot show this): one invitation, one message, the same answer."""

import pytest
from django.db import connection

from ervaring.accounts.tests.factories import StaffFactory, TeamFactory
from ervaring.api import invitations, keys, queries
from ervaring.api.models import ApiInvitation
from ervaring.fieldwork import population_services
from ervaring.fieldwork.models import Invitation, Message
from ervaring.fieldwork.tests.population_files import csv_bytes, row
from ervaring.fieldwork.tests.test_races import race
from ervaring.questionnaires.tests.factories import SurveyFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="SQLite serialises writes; races need PG"
    ),
]


@pytest.mark.parametrize(
    "body",
    [
        {"client_reference": "", "address": "0612345678"},  # no client row to collide on
        {"client_reference": "C-1", "address": ""},
    ],
)
def test_two_calls_with_one_reference_at_once_invite_and_send_once(body):
    survey = SurveyFactory(in_fieldwork=True)
    TeamFactory(organisation=survey.organisation, slug="noord")
    population_services.import_population(survey, csv_bytes([row("C-1", mobile="0612345678")]))
    owner = StaffFactory(beheerder=True, organisation=survey.organisation)
    api_key = keys.create_key(survey.organisation, "Zaaksysteem", ["invite"], actor=owner).api_key

    def call() -> tuple[dict[str, object], bool]:
        found = queries.get_survey(api_key, survey.slug)
        asked = invitations.parse_invite_request(
            found, {"reference": "zaak-1", "team": "noord", "channel": "sms", **body}
        )
        made, is_new = invitations.invite(api_key, found, asked)
        return invitations.describe(made), is_new

    results = race(call, call)
    assert all(isinstance(r, tuple) for r in results), results
    assert sorted(is_new for _, is_new in results) == [False, True]
    assert results[0][0] == results[1][0]
    assert Invitation.objects.count() == 1 and Message.objects.count() == 1
    assert ApiInvitation.objects.get().invitation == Invitation.objects.get()
