"""Continuous measurement: monthly cohorts of clients who came in, each invited once."""

import io
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from ervaring.accounts.tests.factories import TeamFactory
from ervaring.fieldwork import cohorts, population_services
from ervaring.fieldwork.models import Client, Cohort, Invitation, Message
from ervaring.fieldwork.tests.population_files import csv_bytes, row
from ervaring.questionnaires.tests.factories import SurveyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey():
    survey = SurveyFactory(in_fieldwork=True)
    TeamFactory(organisation=survey.organisation, slug="noord", name="Wijkteam Noord")
    cohorts.set_continuous(survey, True)
    return survey


def add(survey, refs, on, **extra):
    rows = [row(ref, email=f"{ref.lower()}@example.org", **extra) for ref in refs]
    result = population_services.import_population(survey, csv_bytes(rows), today=on, append=True)
    assert result.is_imported, result.problems
    return result


def test_an_appended_export_adds_only_new_clients_dated_on_import(survey):
    add(survey, ["A-1", "A-2"], date(2026, 10, 20))
    result = add(survey, ["A-2", "A-3"], date(2026, 11, 3))
    assert (result.imported, result.already_present) == (1, 1)
    dates = dict(Client.objects.values_list("client_ref", "added_on"))
    assert dates == {
        "A-1": date(2026, 10, 20),
        "A-2": date(2026, 10, 20),
        "A-3": date(2026, 11, 3),
    }


def test_a_cohort_invites_the_clients_who_came_in_that_month_with_the_period(survey):
    add(survey, ["O-1", "O-2"], date(2026, 10, 5))
    add(survey, ["N-1"], date(2026, 11, 12))
    october = cohorts.invite_cohort(survey, "2026-10", today=date(2026, 11, 2))
    assert (october.clients, october.invited) == (2, 2)
    invited = Invitation.objects.filter(survey=survey)
    assert sorted(i.client.client_ref for i in invited) == ["O-1", "O-2"]
    assert {i.attributes["period"] for i in invited} == {"2026-10"}
    assert {i.attributes["deadline"] for i in invited} == {"2026-11-30"}
    assert Message.objects.filter(status="queued", channel="email").count() == 2
    november = cohorts.invite_cohort(survey, "2026-11", today=date(2026, 12, 1))
    assert november.invited == 1
    assert Invitation.objects.get(client__client_ref="N-1").attributes["period"] == "2026-11"


def test_a_month_is_invited_once(survey):
    add(survey, ["O-1"], date(2026, 10, 5))
    cohorts.invite_cohort(survey, "2026-10", today=date(2026, 11, 2))
    with pytest.raises(cohorts.CohortError, match="al uitgenodigd"):
        cohorts.invite_cohort(survey, "2026-10", today=date(2026, 11, 3))
    assert Invitation.objects.count() == 1 and Cohort.objects.count() == 1


def test_opted_out_clients_are_counted_not_invited(survey):
    add(survey, ["O-1", "O-2"], date(2026, 10, 5))
    population_services.record_opt_outs(survey.organisation, ["O-2"])
    cohort = cohorts.invite_cohort(survey, "2026-10", today=date(2026, 11, 2))
    assert cohort.invited == 1 and cohort.excluded == {"opted_out": 1}


@pytest.mark.parametrize(
    ("period", "error"), [("2026-11", "nog niet voorbij"), ("2026-13", "geen maand")]
)
def test_an_unfinished_or_impossible_month_is_refused(survey, period, error):
    with pytest.raises(cohorts.CohortError, match=error):
        cohorts.invite_cohort(survey, period, today=date(2026, 11, 20))


def test_a_survey_that_does_not_measure_continuously_has_no_cohorts(survey):
    cohorts.set_continuous(survey, False)
    with pytest.raises(cohorts.CohortError, match="niet doorlopend"):
        cohorts.invite_cohort(survey, "2026-10", today=date(2026, 11, 2))


def test_the_scheduled_job_invites_last_month_once(survey):
    add(survey, ["O-1"], date(2026, 10, 5))
    assert [c.period for c in cohorts.invite_due_cohorts(date(2026, 11, 1))] == ["2026-10"]
    assert cohorts.invite_due_cohorts(date(2026, 11, 2)) == []
    assert Invitation.objects.count() == 1


def test_the_command_takes_a_month(survey):
    add(survey, ["O-1"], date(2026, 10, 5))
    out = io.StringIO()
    call_command("invite_cohort", survey=survey.slug, month="2026-10", stdout=out)
    assert "cohort 2026-10: 1 new clients, invited 1" in out.getvalue()
    with pytest.raises(CommandError):
        call_command("invite_cohort", survey=survey.slug, month="2026-10", stdout=out)
