import re

import pytest
from django.urls import reverse

from ervaring.fieldwork import codes
from ervaring.fieldwork.models import Invitation
from ervaring.fieldwork.progress import record_progress
from ervaring.fieldwork.tests.factories import invite
from ervaring.questionnaires import services as questionnaires
from ervaring.questionnaires.tests.factories import SurveyFactory, in_every_language
from ervaring.responses.models import Answer, Response
from ervaring.responses.tests.formfill import fill, page_fields

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey():
    return SurveyFactory(in_fieldwork=True)


def enter_code(client, code):
    return client.post(reverse("responses:start"), {"code": code}, follow=True)


def page_id_of(response):
    match = re.search(r"/vragenlijst/([a-z0-9_-]+)/$", response.request["PATH_INFO"])
    return match.group(1) if match else None


def answer_pages(client, first, count=None):
    """Press 'Volgende' through `count` pages (all when None); return the last response."""
    current, done = first, 0
    while page_id_of(current) not in {None, "klaar", "gestopt"} and (count is None or done < count):
        current = client.post(
            current.request["PATH_INFO"], fill(current.content.decode()), follow=True
        )
        done += 1
    return current


def start(client, code):
    welcome = enter_code(client, code)
    assert welcome.status_code == 200
    first = re.search(r'href="(/vragenlijst/[a-z0-9_-]+/)"', welcome.content.decode()).group(1)
    return client.get(first)


def test_a_respondent_completes_the_survey_and_every_answer_is_stored(client, survey):
    issued = invite(survey, provision_groups=("hulpmiddelen",))
    last = answer_pages(client, start(client, issued.code))
    assert "Hartelijk dank" in last.content.decode()
    response = Response.objects.get()
    assert response.is_completed
    stored = set(response.answers.values_list("question_id", flat=True))
    assert {"wmo_1", "wmo_10", "hm_past", "open_beter"} <= stored
    assert not stored & {"hh_op_tijd", "beg_afspraken", "vv_op_tijd"}
    assert not Invitation.objects.get().is_completed  # recorded by the worker, not the request
    record_progress(survey)
    assert Invitation.objects.get().is_completed


def test_a_client_with_two_provision_groups_gets_both_blocks(client, survey):
    issued = invite(survey, provision_groups=("begeleiding", "vervoer"))
    answer_pages(client, start(client, issued.code))
    stored = set(Answer.objects.values_list("question_id", flat=True))
    assert {"beg_afspraken", "vv_op_tijd"} <= stored
    assert not stored & {"hh_op_tijd", "hm_past", "wa_past"}


def test_a_client_with_none_of_the_provision_groups_gets_no_block(client, survey):
    issued = invite(survey, provision_groups=())
    answer_pages(client, start(client, issued.code))
    stored = set(Answer.objects.values_list("question_id", flat=True))
    assert "wmo_1" in stored
    assert not stored & {"hh_op_tijd", "beg_afspraken", "hm_past", "wa_past", "vv_op_tijd"}


def test_a_double_submit_stores_one_answer_per_question(client, survey):
    issued = invite(survey)
    first = start(client, issued.code)
    data = fill(first.content.decode())
    url = first.request["PATH_INFO"]
    client.post(url, data)
    data_changed = {**data, "wmo_1": "2"}
    client.post(url, data_changed)
    answers = Answer.objects.filter(question_id="wmo_1")
    assert answers.count() == 1
    assert answers.get().value == 2
    assert Answer.objects.count() == len([k for k in data if k != "action"])


def test_stop_and_resume_lands_on_the_page_where_the_respondent_was(client, survey):
    issued = invite(survey)
    third = answer_pages(client, start(client, issued.code), count=2)
    where = page_id_of(third)
    stopped = client.post(third.request["PATH_INFO"], {"action": "stop"}, follow=True)
    assert "bewaard" in stopped.content.decode()
    client.logout()
    client.cookies.clear()
    again = enter_code(client, issued.display_code.lower())
    assert page_id_of(again) == where


def test_going_back_keeps_the_answers_shown(client, survey):
    issued = invite(survey)
    first = start(client, issued.code)
    data = fill(first.content.decode(), pick=0)
    second = client.post(first.request["PATH_INFO"], data, follow=True)
    back = client.post(second.request["PATH_INFO"], {"action": "back"}, follow=True)
    assert page_id_of(back) == page_id_of(first)
    html = back.content.decode()
    assert re.search(r'name="wmo_1" value="5" checked', html)


def test_errors_are_shown_and_valid_answers_on_the_page_kept(client, survey):
    issued = invite(survey)
    page = start(client, issued.code)
    url = page.request["PATH_INFO"]
    response = client.post(url, {"action": "next", "wmo_1": "4", "wmo_2": "77"})
    assert response.status_code == 422
    html = response.content.decode()
    assert 'class="error-summary"' in html and 'href="#q-wmo_2-0"' in html
    assert Answer.objects.get(question_id="wmo_1").value == 4
    assert not Answer.objects.filter(question_id="wmo_2").exists()


def test_a_completed_survey_cannot_be_reopened(client, survey):
    issued = invite(survey)
    answer_pages(client, start(client, issued.code))
    client.cookies.clear()
    again = enter_code(client, issued.code)
    assert "al ingevuld" in again.content.decode()
    assert page_fields(again.content.decode()).choices == {}


def test_the_database_holds_no_code_and_responses_hold_no_identity(client, survey):
    issued = invite(survey)
    start(client, issued.code)
    invitation = Invitation.objects.get()
    assert issued.code not in str(invitation.__dict__)
    response = Response.objects.get()
    assert issued.code not in response.token
    field_names = {f.name for f in Response._meta.get_fields()}
    assert not field_names & {"invitation", "client", "email", "phone", "code"}
    assert invitation.code_hash != response.token


def test_a_respondent_keeps_the_version_they_started_on(client, survey):
    early = invite(survey)
    start(client, early.code)
    question = {
        "id": "lokaal_1",
        "type": "agree",
        "text": in_every_language("Ik kreeg snel een afspraak."),
    }
    questionnaires.add_local_question(survey, "contact", question)
    questionnaires.adopt_version(survey, 2)
    client.cookies.clear()
    late = invite(survey)
    start(client, late.code)
    versions = dict(Response.objects.values_list("token", "version__number"))
    assert sorted(versions.values()) == [1, 2]


def test_the_personal_link_shows_the_code_ready_to_start(client, survey):
    issued = invite(survey)
    html = client.get(f"/k/{issued.code}").content.decode()
    assert issued.display_code in html
    assert not Response.objects.exists(), "opening a link (or a mail scanner) starts nothing"


def test_a_code_of_an_earlier_version_still_opens_its_survey(client, survey, settings):
    """Letters of an earlier version carry 8 symbols; after an upgrade they keep working."""
    issued = invite(survey)
    old = "K7QM4TXP"
    Invitation.objects.filter(pk=issued.invitation.pk).update(
        code_hash=codes.code_hash(old, settings.CODE_KEY),
        code_encrypted=codes.encrypt_code(old, settings.CODE_KEY),
    )
    assert "K7QM-4TXP" in client.get(f"/k/{old}").content.decode()
    assert page_id_of(start(client, "k7qm 4txp")) is not None
    assert Response.objects.count() == 1


def test_a_closed_or_unstarted_survey_does_not_open(client):
    concept = SurveyFactory()
    issued = invite(concept)
    assert "nog niet begonnen" in enter_code(client, issued.code).content.decode()


def test_the_respondent_can_switch_to_english(client, survey):
    issued = invite(survey)
    page = start(client, issued.code)
    url = page.request["PATH_INFO"]
    switched = client.post(reverse("responses:language"), {"lang": "en", "next": url}, follow=True)
    html = switched.content.decode()
    assert '<html lang="en" dir="ltr">' in html
    assert "I knew where to go" in html or "Next" in html


def test_privacy_and_accessibility_statements_are_linked_from_every_respondent_page(client):
    start_page = client.get(reverse("responses:start")).content.decode()
    assert reverse("responses:privacy") in start_page
    assert reverse("responses:accessibility") in start_page
    statement = client.get(reverse("responses:accessibility")).content.decode()
    assert "WCAG 2.2" in statement
    assert "Wmo en de Jeugdwet" in client.get(reverse("responses:privacy")).content.decode()


def test_the_respondent_pages_take_the_organisations_house_colour(client, survey):
    survey.organisation.house_colour = "#00689e"
    survey.organisation.save()
    issued = invite(survey, provision_groups=("hulpmiddelen",))
    page = start(client, issued.code).content.decode()
    link = f'<link rel="stylesheet" href="/huisstijl/{survey.organisation.slug}.css?v=00689e">'
    assert link in page
    assert "--house: #00689e;" in client.get(link.split('"')[3]).content.decode()
