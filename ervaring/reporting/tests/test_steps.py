"""The stappenplan: the steps follow the facts, the first open step is the current one, and
no step offers an action the survey's state refuses."""

from dataclasses import replace

import pytest
from django.urls import reverse

from ervaring.accounts.tests.factories import StaffFactory
from ervaring.questionnaires import lifecycle
from ervaring.questionnaires.lifecycle import Action
from ervaring.reporting.steps import StepState, SurveyFacts, plan
from ervaring.reporting.tests.survey_data import make_survey

NEW = SurveyFacts(
    status="concept",
    version=1,
    missing_measures=(),
    clients=0,
    sample_drawn=False,
    invited=0,
    went_out=0,
    waiting=0,
    letters_to_print=0,
    reminders=0,
    completed=0,
    report_edited=False,
    data_file_downloaded=False,
)
#: A state change offered as a button, and the lifecycle action it performs.
ACTIONS = {
    "questionnaires:survey-start": Action.START_FIELDWORK,
    "reporting:mark-reported": Action.MARK_REPORTED,
    "fieldwork:close": Action.CLOSE,
}


def current(facts: SurveyFacts) -> str:
    return next(s.title for s in plan(facts) if s.state == StepState.CURRENT)


def test_a_new_survey_starts_at_the_population():
    steps = plan(NEW)
    assert [s.state for s in steps[:3]] == [StepState.DONE, StepState.CURRENT, StepState.LATER]
    assert current(NEW) == "Populatie inlezen"


def test_a_questionnaire_missing_a_legal_theme_comes_first():
    facts = replace(NEW, missing_measures=("effect",))
    assert current(facts) == "Vragenlijst"
    assert "Nog niet gedekt: effect." in plan(facts)[0].summary


def test_the_steps_follow_the_survey_through_its_life():
    drawn = replace(NEW, clients=120, sample_drawn=True, invited=80)
    assert current(drawn) == "Brieven en berichten"
    queued = replace(drawn, waiting=80)
    assert current(queued) == "Veldwerk starten"
    started = replace(queued, status="veldwerk", waiting=0, went_out=60, letters_to_print=20)
    assert current(started) == "Brieven en berichten"
    assert "Nog 20 brieven om te printen." in plan(started)[3].summary
    sent = replace(started, went_out=80, letters_to_print=0, completed=30)
    assert current(sent) == "Herinneringen sturen"
    reminded = replace(sent, reminders=50)
    assert current(reminded) == "Veldwerk afsluiten"
    closed = replace(reminded, status="gesloten")
    assert current(closed) == "Rapport en raadsbrief"
    reported = replace(closed, status="gerapporteerd")
    assert current(reported) == "Databestand en monitor"
    finished = replace(reported, data_file_downloaded=True)
    assert all(s.state == StepState.DONE for s in plan(finished))


@pytest.mark.parametrize("status", ["concept", "veldwerk", "gesloten", "gerapporteerd"])
def test_no_step_offers_a_state_change_the_lifecycle_refuses(status):
    facts = replace(NEW, status=status, clients=10, sample_drawn=True, invited=10, completed=5)
    for step in plan(facts):
        for link in step.links:
            if link.url_name in ACTIONS:
                assert lifecycle.allows(status, ACTIONS[link.url_name]), (status, link)


@pytest.mark.django_db
def test_the_page_shows_the_real_state_and_only_to_the_organisation(client):
    survey = make_survey()  # in fieldwork, with responses
    url = reverse("reporting:steps", args=[survey.slug])
    client.force_login(StaffFactory(organisation=survey.organisation))
    page = client.get(url).content.decode()
    assert "Nu aan de beurt" in page
    assert reverse("fieldwork:close", args=[survey.slug]) in page
    assert reverse("questionnaires:survey-start", args=[survey.slug]) not in page
    client.force_login(StaffFactory())
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_a_new_survey_lands_on_its_stappenplan(client):
    staff = StaffFactory()
    client.force_login(staff)
    response = client.post(
        reverse("questionnaires:survey-create"), {"name": "CEO Jeugd", "template": "jeugd"}
    )
    survey = staff.organisation.surveys.get(name="CEO Jeugd")
    assert response["Location"] == reverse("reporting:steps", args=[survey.slug])
    assert "stap 2, populatie inlezen" in client.get(response["Location"]).content.decode()
