"""Shared set-up for dashboard and alert tests: responses made with the real services."""

import datetime as dt

import pytest
from django.utils import timezone

from ervaring.accounts.tests.factories import StaffFactory, TeamFactory
from ervaring.analysis import snapshots
from ervaring.fieldwork.tests.factories import invite
from ervaring.questionnaires.tests.factories import SurveyFactory
from ervaring.responses import hooks
from ervaring.responses.models import Answer
from ervaring.responses.services import open_with_code


@pytest.fixture(autouse=True)
def _fresh_snapshots():
    """Cached datasets are per process; database ids repeat between tests."""
    snapshots.clear()
    yield
    snapshots.clear()


def respond(survey, answers, *, on=None, team="noord", **invitation):
    """A completed response with these answers, completed on the date ``on`` (default today)."""
    issued = invite(survey, team=team, **invitation)
    response, _ = open_with_code(issued.code, "192.0.2.1")
    Answer.objects.bulk_create(
        Answer(response=response, question_id=qid, value=value) for qid, value in answers.items()
    )
    day = on or timezone.localdate()
    response.completed_at = timezone.make_aware(dt.datetime(day.year, day.month, day.day, 12))
    response.save(update_fields=["completed_at", "updated_at"])
    hooks.completed(response)  # as responses.services completes one
    return response


def respond_many(survey, count, answers, **kwargs):
    return [respond(survey, answers, **kwargs) for _ in range(count)]


@pytest.fixture
def world(db):
    """Two teams of one organisation, staff in every role, and a second organisation."""
    survey = SurveyFactory(in_fieldwork=True)
    org = survey.organisation
    noord = TeamFactory(organisation=org, slug="noord", name="Wijkteam Noord")
    zuid = TeamFactory(organisation=org, slug="zuid", name="Wijkteam Zuid")
    other_survey = SurveyFactory(in_fieldwork=True)
    return {
        "survey": survey,
        "noord": noord,
        "zuid": zuid,
        "onderzoeker": StaffFactory(organisation=org, email="onderzoek@example.org"),
        "beheerder": StaffFactory(organisation=org, beheerder=True),
        "leider_noord": StaffFactory(
            organisation=org, role="teamleider", team=noord, email="leider.noord@example.org"
        ),
        "prof_noord": StaffFactory(organisation=org, role="professional", team=noord),
        "leider_zuid": StaffFactory(
            organisation=org, role="teamleider", team=zuid, email="leider.zuid@example.org"
        ),
        "invoerder": StaffFactory(organisation=org, invoerder=True),
        "other_org": StaffFactory(organisation=other_survey.organisation),
        "other_survey": other_survey,
    }
