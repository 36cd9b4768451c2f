"""The survey lifecycle: every (state, action) pair, and the questionnaire's own actions."""

import pytest
from django.urls import reverse

from ervaring.accounts.tests.factories import StaffFactory
from ervaring.questionnaires import lifecycle, services
from ervaring.questionnaires.lifecycle import Action, State
from ervaring.questionnaires.models import SurveyStatus
from ervaring.questionnaires.tests.factories import SurveyFactory, in_every_language

# Written out by hand from the issue ("in voorbereiding, veldwerk, gesloten, gerapporteerd")
# and what a project leader expects, not derived from lifecycle.ALLOWED: C = concept,
# F = fieldwork, X = closed, R = reported.
EXPECTED = {
    Action.EDIT_QUESTIONNAIRE: "CF",
    Action.ADOPT_VERSION: "F",
    Action.IMPORT_POPULATION: "CF",
    Action.DRAW_SAMPLE: "CF",
    Action.QUEUE_INVITATIONS: "CF",
    Action.PRINT_LETTERS: "CF",
    Action.EDIT_WORDING: "CF",
    Action.START_FIELDWORK: "C",
    Action.SEND_MESSAGES: "F",
    Action.RESEND_UNSENT: "F",
    Action.ANSWER: "F",
    Action.QUICK_INVITE: "F",
    Action.INVITE_COHORT: "F",
    Action.REMIND: "F",
    Action.CLOSE: "F",
    Action.PURGE_CONTACT_DATA: "XR",
    Action.MARK_REPORTED: "X",
}
LETTERS = {State.CONCEPT: "C", State.FIELDWORK: "F", State.CLOSED: "X", State.REPORTED: "R"}


def test_every_action_has_an_expected_row():
    assert set(EXPECTED) == set(Action)


@pytest.mark.parametrize("state", list(State))
@pytest.mark.parametrize("action", list(Action))
def test_each_state_allows_exactly_the_expected_actions_and_says_why_not(state, action):
    allowed = LETTERS[state] in EXPECTED[action]
    assert lifecycle.allows(state, action) is allowed
    reason = lifecycle.refusal(state, action)
    if allowed:
        assert reason == ""
        lifecycle.require(state, action)
    else:
        assert len(reason) > 20 and reason.endswith("."), "a Dutch sentence"
        with pytest.raises(lifecycle.SurveyError, match=reason[:15]):
            lifecycle.require(state, action)


def test_the_model_states_are_the_lifecycle_states():
    assert {s.value for s in State} == set(SurveyStatus.values)


@pytest.mark.django_db
def test_a_closed_survey_cannot_be_edited_in_any_way():
    survey = services.start_fieldwork(SurveyFactory())
    services.close_fieldwork(survey)
    survey.refresh_from_db()
    question = {"id": "lokaal_1", "type": "agree", "text": "Iets."}
    with pytest.raises(services.SurveyError, match="gesloten"):
        services.add_local_question(survey, "gesprek", question)
    with pytest.raises(services.SurveyError, match="gesloten"):
        services.save_version(survey, survey.current_version.document)
    assert survey.versions.count() == 1


@pytest.mark.django_db
def test_a_closed_survey_offers_no_edit_links_and_refuses_the_edit_pages(client):
    survey = services.start_fieldwork(SurveyFactory())
    services.close_fieldwork(survey)
    client.force_login(StaffFactory(organisation=survey.organisation))
    page = client.get(reverse("questionnaires:survey-detail", args=[survey.slug])).content.decode()
    assert "Eigen vraag toevoegen" not in page and "Hele vragenlijst bewerken" not in page
    for name in ("survey-edit", "survey-add-question"):
        response = client.get(reverse(f"questionnaires:{name}", args=[survey.slug]), follow=True)
        assert "de vragenlijst ligt vast" in response.content.decode()


@pytest.mark.django_db
def test_a_change_based_on_an_older_version_is_refused_not_merged():
    """Two staff members open version 1; the second to save must not overwrite the first."""
    survey = SurveyFactory()
    document = survey.current_version.document
    services.save_version(survey, document, note="eerste", based_on=1)
    with pytest.raises(services.StaleVersion, match="Intussen is versie 2 opgeslagen"):
        services.save_version(survey, document, note="tweede", based_on=1)
    assert survey.versions.count() == 2


@pytest.mark.django_db
def test_the_edit_page_carries_the_version_it_started_from(client):
    survey = SurveyFactory()
    client.force_login(StaffFactory(organisation=survey.organisation))
    url = reverse("questionnaires:survey-edit", args=[survey.slug])
    form = client.get(url).context["form"]
    source = form.initial["source"]
    services.save_version(survey, survey.current_version.document, based_on=1)  # a colleague
    response = client.post(url, {"source": source, "note": "mijn wijziging", "based_on": "1"})
    assert response.status_code == 200
    assert "Intussen is versie 2 opgeslagen" in response.content.decode()
    assert survey.versions.count() == 2


@pytest.mark.django_db
def test_adopting_in_fieldwork_is_an_explicit_step_on_the_page(client):
    survey = services.start_fieldwork(SurveyFactory())
    client.force_login(StaffFactory(organisation=survey.organisation))
    question = {
        "id": "lokaal_1",
        "type": "agree",
        "text": in_every_language("De wijkcoach belde mij terug."),
    }
    services.add_local_question(survey, "gesprek", question)
    detail = reverse("questionnaires:survey-detail", args=[survey.slug])
    page = client.get(detail).content.decode()
    assert "Versie 2 is opgeslagen, maar nog niet in gebruik" in page
    assert "houdt wie al begonnen is" in page
    client.post(reverse("questionnaires:survey-adopt-version", args=[survey.slug, 2]))
    survey.refresh_from_db()
    assert survey.current_version.number == 2
    assert "nog niet in gebruik" not in client.get(detail).content.decode()


@pytest.mark.django_db
def test_reporting_is_the_last_state_and_only_after_closing():
    survey = services.start_fieldwork(SurveyFactory())
    with pytest.raises(services.SurveyError, match="Sluit eerst het veldwerk"):
        services.mark_reported(survey)
    services.close_fieldwork(survey)
    survey = services.mark_reported(survey)
    assert survey.status == SurveyStatus.REPORTED and survey.reported_at is not None
    assert not survey.is_open_for_answers
    assert services.close_fieldwork(survey).status == SurveyStatus.REPORTED


@pytest.mark.django_db
def test_starting_fieldwork_is_all_or_nothing(monkeypatch):
    """`start_fieldwork` locks the survey and writes three rows; a merge once moved its
    `@transaction.atomic` onto a helper above it, which SQLite never noticed and PostgreSQL
    refused. A failure at the last step must leave the survey and its version untouched."""
    survey = SurveyFactory()

    def audit_log_down(*args, **kwargs):
        raise RuntimeError("audit log unavailable")

    monkeypatch.setattr(services, "log_event", audit_log_down)
    with pytest.raises(RuntimeError):
        services.start_fieldwork(survey)
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.CONCEPT
    assert survey.current_version.frozen_at is None
