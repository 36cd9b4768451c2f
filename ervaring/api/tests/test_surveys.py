"""GET /api/v1/surveys, /surveys/{slug} and /surveys/{slug}/results: own organisation only,
response per stratum, results suppressed as in the report."""

import datetime as dt
import json

import pytest
from django.utils import timezone

from ervaring.accounts.tests.factories import StaffFactory, TeamFactory
from ervaring.analysis import snapshots
from ervaring.api import keys
from ervaring.fieldwork import progress
from ervaring.fieldwork.tests.factories import invite
from ervaring.questionnaires.tests.factories import SurveyFactory
from ervaring.responses.models import Answer
from ervaring.responses.services import open_with_code

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_snapshots():
    """Cached datasets are per process and database ids repeat between tests."""
    snapshots.clear()
    yield
    snapshots.clear()


def respond(survey, answers, *, team):
    issued = invite(survey, team=team)
    response, _ = open_with_code(issued.code, "192.0.2.1")
    Answer.objects.bulk_create(
        Answer(response=response, question_id=qid, value=value) for qid, value in answers.items()
    )
    response.completed_at = timezone.now() - dt.timedelta(hours=1)
    response.save(update_fields=["completed_at", "updated_at"])
    progress.note_progress(survey.pk, response.token, is_completed=True)
    return issued.code


@pytest.fixture
def survey():
    """12 clients of team Noord agree with wmo_1, 3 of team Zuid disagree; 3 more clients of
    huishoudelijke hulp and 2 of begeleiding did not answer (and got no message)."""
    survey = SurveyFactory(in_fieldwork=True)
    TeamFactory(organisation=survey.organisation, slug="noord", name="Wijkteam Noord")
    TeamFactory(organisation=survey.organisation, slug="zuid", name="Wijkteam Zuid")
    codes = [respond(survey, {"wmo_1": 5}, team="noord") for _ in range(12)]
    codes += [respond(survey, {"wmo_1": 1}, team="zuid") for _ in range(3)]
    for _ in range(3):
        invite(survey, team="noord")
    for _ in range(2):
        invite(survey, team="noord", provision_groups=("begeleiding",))
    progress.record_progress(survey)
    survey.issued_codes = codes  # not `codes`: the survey has a `codes` relation
    return survey


def key_for(organisation, scopes=("results",)):
    owner = StaffFactory(beheerder=True, organisation=organisation)
    return keys.create_key(organisation, "Dashboard", scopes, actor=owner).secret


def get(client, secret, path):
    response = client.get(f"/api/v1{path}", headers={"Authorization": f"Bearer {secret}"})
    return response, json.loads(response.content)


def test_the_list_holds_only_the_keys_organisation_with_state_and_response(client, survey):
    other = SurveyFactory(in_fieldwork=True)
    response, body = get(client, key_for(survey.organisation), "/surveys")
    assert response.status_code == 200
    assert [s["slug"] for s in body["surveys"]] == [survey.slug]
    listed = body["surveys"][0]
    assert listed["status"] == "veldwerk" and listed["status_label"] == "Veldwerk loopt"
    # 20 invitations; 15 started and so count as invited; 5 never got a message.
    assert listed["response"]["sampled"] == 20 and listed["response"]["invited"] == 15
    assert listed["response"]["completed"] == 15 and listed["response"]["not_sent"] == 5
    assert listed["response"]["response_rate"] == 100.0
    _, theirs = get(client, key_for(other.organisation), "/surveys")
    assert [s["slug"] for s in theirs["surveys"]] == [other.slug]


def test_a_survey_shows_its_response_per_stratum(client, survey):
    response, body = get(client, key_for(survey.organisation), f"/surveys/{survey.slug}")
    assert response.status_code == 200
    strata = {row["group"]: row for row in body["by_stratum"]}
    assert set(strata) == {"begeleiding", "huishoudelijke_hulp"}
    assert (strata["begeleiding"]["sampled"], strata["begeleiding"]["completed"]) == (2, 0)
    assert strata["huishoudelijke_hulp"]["sampled"] == 18
    assert strata["huishoudelijke_hulp"]["completed"] == 15
    teams = {row["group"]: row["label"] for row in body["by_team"]}
    assert teams == {"noord": "Wijkteam Noord", "zuid": "Wijkteam Zuid"}


def test_an_invite_key_may_list_surveys_but_not_read_results(client, survey):
    secret = key_for(survey.organisation, scopes=("invite",))
    assert get(client, secret, "/surveys")[0].status_code == 200
    response, body = get(client, secret, f"/surveys/{survey.slug}/results")
    assert response.status_code == 403 and body["error"]["code"] == "forbidden"


@pytest.mark.parametrize("path", ["", "/results"])
def test_another_organisations_survey_is_404(client, survey, path):
    stranger = key_for(SurveyFactory().organisation)
    response, body = get(client, stranger, f"/surveys/{survey.slug}{path}")
    assert response.status_code == 404 and body["error"]["code"] == "not_found"
    assert survey.name not in response.content.decode()


def test_results_are_suppressed_as_in_the_report_and_hold_no_respondent(client, survey):
    response, body = get(client, key_for(survey.organisation), f"/surveys/{survey.slug}/results")
    assert response.status_code == 200
    assert body["min_group_size"] == 10 and body["respondents"] == 15
    wmo_1 = next(q for q in body["questions"] if q["id"] == "wmo_1")
    overall = next(c for c in wmo_1["cells"] if c["breakdown"] == "overall")
    # 12 of the 15 valid answers agree: 80 %.
    assert overall["n"] == 15 and overall["value"] == pytest.approx(80.0)
    teams = {c["group"]: c for c in wmo_1["cells"] if c["breakdown"] == "team"}
    # Zuid has 3 answers (under 10); Noord is suppressed too, or total minus Noord gives Zuid.
    for name in ("noord", "zuid"):
        assert teams[name]["suppressed"] is True
        assert teams[name]["n"] is None and teams[name]["value"] is None
    assert teams["zuid"]["label"] == "Wijkteam Zuid"
    for question in body["questions"]:
        for cell in question["cells"]:
            assert cell["suppressed"] or cell["n"] is None or cell["n"] >= 10, cell
    text = response.content.decode()
    assert not any(code in text for code in survey.issued_codes)
    assert "192.0.2.1" not in text


def test_results_of_a_survey_without_responses_are_empty_not_an_error(client):
    survey = SurveyFactory()
    response, body = get(client, key_for(survey.organisation), f"/surveys/{survey.slug}/results")
    assert response.status_code == 200 and body["respondents"] == 0


def test_results_can_be_limited_to_one_breakdown_and_an_unknown_one_is_422(client, survey):
    secret = key_for(survey.organisation)
    _, body = get(client, secret, f"/surveys/{survey.slug}/results?breakdown=team")
    kinds = {c["breakdown"] for q in body["questions"] for c in q["cells"]}
    assert kinds == {"team"}
    response, body = get(client, secret, f"/surveys/{survey.slug}/results?breakdown=naam")
    assert response.status_code == 422 and body["error"]["field"] == "breakdown"


def test_dutch_letters_are_written_as_letters(client, survey):
    response = client.post(
        f"/api/v1/surveys/{survey.slug}/invitations",
        data="{}",
        content_type="application/json",
        headers={"Authorization": f"Bearer {key_for(survey.organisation)}"},
    )
    assert response.status_code == 403
    assert "'Cliënten uitnodigen'" in response.content.decode()
