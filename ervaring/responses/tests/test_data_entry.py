"""Typing in paper forms and phone interviews: keys, validation, routing, audit, refusals."""

import pytest
from django.urls import reverse

from ervaring.accounts.models import AuditEvent
from ervaring.accounts.tests.factories import StaffFactory
from ervaring.fieldwork.models import Invitation
from ervaring.fieldwork.progress import record_progress
from ervaring.fieldwork.tests.factories import invite
from ervaring.questionnaires.document import load_document
from ervaring.questionnaires.services import get_document
from ervaring.questionnaires.tests.factories import SurveyFactory
from ervaring.responses import data_entry, services
from ervaring.responses.models import Answer, Response

pytestmark = pytest.mark.django_db

KEY_FOR_TYPE = {"agree": "4", "satisfaction": "5", "yesno": "1", "single": "1", "multi": "12"}


@pytest.fixture
def survey():
    return SurveyFactory(in_fieldwork=True)


@pytest.fixture
def typist(client, survey):
    staff = StaffFactory(organisation=survey.organisation, invoerder=True)
    client.force_login(staff)
    return staff


def open_form(client, survey, code, channel="papier"):
    return client.post(
        reverse("entry:start"),
        {"survey": survey.slug, "code": code, "channel": channel},
        follow=True,
    )


def typed_form(survey, attributes, **overrides):
    """What a typist types for a fully answered form: a key per question, text, numbers."""
    questionnaire = get_document(survey.current_version)
    typed = {}
    for theme in data_entry.entry_form(questionnaire, attributes, {}, {}):
        for q in theme.questions:
            if q.is_keyed:
                typed[q.id] = KEY_FOR_TYPE[q.type]
            elif q.type == "number":
                typed[q.id] = "3"
            else:
                typed[q.id] = "Fijne hulp."
            if q.other_name:
                typed[q.other_name] = ""
    typed.update(overrides)
    return typed


def test_a_paper_form_is_typed_in_with_number_keys_and_completes_the_response(
    client, survey, typist
):
    issued = invite(survey, provision_groups=("vervoer",))
    page = open_form(client, survey, issued.display_code)
    html = page.content.decode()
    assert page.status_code == 200 and f"Formulier {issued.display_code}" in html
    assert "5 = helemaal mee eens" in html
    assert "Alleen invullen als u bij vraag 3 &#x27;Ja&#x27; heeft aangekruist" in html
    typed = typed_form(survey, issued.invitation.attributes)
    saved = client.post(reverse("entry:form"), typed, follow=True)
    assert "is opgeslagen" in saved.content.decode()
    response = Response.objects.get()
    assert response.is_completed and response.channel == "papier"
    stored = dict(response.answers.values_list("question_id", "value"))
    assert stored["wmo_1"] == 4 and stored["contact_zelf"] == "ja"
    assert "vv_op_tijd" in stored and "hh_op_tijd" not in stored
    assert not Invitation.objects.get().is_completed  # recorded by the worker, not the request
    record_progress(survey)
    assert Invitation.objects.get().is_completed


def test_the_audit_log_names_the_typist_but_neither_the_invitation_nor_the_answers(
    client, survey, typist
):
    issued = invite(survey)
    open_form(client, survey, issued.code, channel="telefoon")
    client.post(reverse("entry:form"), typed_form(survey, issued.invitation.attributes))
    event = AuditEvent.objects.get(action="response.entered")
    assert event.actor == typist
    assert event.details == {"channel": "telefoon"}
    assert AuditEvent.objects.filter(action="response.entry_opened", actor=typist).exists()
    assert Response.objects.get().channel == "telefoon"


def test_a_wrong_key_is_an_error_next_to_the_question_and_nothing_is_stored(client, survey, typist):
    issued = invite(survey)
    open_form(client, survey, issued.code)
    typed = typed_form(survey, issued.invitation.attributes, wmo_1="7")
    page = client.post(reverse("entry:form"), typed)
    assert page.status_code == 422
    html = page.content.decode()
    assert "Typ een van deze cijfers: 5, 4, 3, 2, 1, 8, 9." in html
    assert 'value="7"' in html, "what was typed is shown again"
    assert Answer.objects.count() == 0
    assert not Response.objects.get().is_completed


def test_routing_as_online_an_answer_to_a_skipped_question_is_not_stored(client, survey, typist):
    issued = invite(survey)
    open_form(client, survey, issued.code)
    typed = typed_form(survey, issued.invitation.attributes, contact_zelf="2")
    saved = client.post(reverse("entry:form"), typed, follow=True)
    assert "antwoorden bij overgeslagen vragen zijn niet bewaard" in saved.content.decode()
    stored = set(Answer.objects.values_list("question_id", flat=True))
    assert "contact_zelf" in stored and "contact_manier" not in stored


def test_several_choices_are_typed_together():
    questionnaire = load_document(
        {
            "format": 1,
            "key": "proef",
            "title": "Proef",
            "themes": [
                {
                    "id": "hulp",
                    "title": "Hulp",
                    "questions": [
                        {
                            "id": "welke",
                            "type": "multi",
                            "text": "Welke hulp?",
                            "options": [
                                {"code": "a", "label": "A"},
                                {"code": "b", "label": "B"},
                                {"code": "c", "label": "C"},
                            ],
                        }
                    ],
                }
            ],
        }
    )
    multi = questionnaire.question("welke")
    keys = data_entry.keys_for(multi)
    data, errors = data_entry.to_form_data(questionnaire, {multi.id: ["1 3"]})
    assert errors == {}
    assert data[multi.id] == [keys[0].value, keys[2].value]
    data, _ = data_entry.to_form_data(questionnaire, {multi.id: ["13"]})
    assert data[multi.id] == [keys[0].value, keys[2].value]
    _, errors = data_entry.to_form_data(questionnaire, {multi.id: ["14"]})
    assert errors == {multi.id: "Typ een van deze cijfers: 1, 2, 3."}


def test_a_code_with_a_completed_online_response_is_refused_clearly(client, survey, typist):
    issued = invite(survey)
    response, _ = services.open_with_code(issued.code, "127.0.0.1")
    Response.objects.filter(pk=response.pk).update(completed_at="2026-01-01T10:00Z")
    page = open_form(client, survey, issued.display_code)
    assert page.status_code == 422
    assert "al ingevuld en verstuurd (online)" in page.content.decode()
    assert Response.objects.get().channel == "brief"


def test_a_form_started_online_is_shown_with_its_answers_to_complete(client, survey, typist):
    issued = invite(survey)
    response, _ = services.open_with_code(issued.code, "127.0.0.1")
    Answer.objects.create(response=response, question_id="wmo_1", value=2)
    page = open_form(client, survey, issued.code)
    assert 'name="wmo_1" value="2"' in page.content.decode()


def test_a_code_of_another_organisation_is_unknown_here(client, survey, typist):
    elsewhere = invite(SurveyFactory(in_fieldwork=True))
    page = open_form(client, survey, elsewhere.code)
    assert "hoort niet bij dit onderzoek" in page.content.decode()
    assert not Response.objects.exists()


def test_only_data_entry_staff_and_researchers_may_enter(client, survey):
    client.force_login(StaffFactory(organisation=survey.organisation, professional=True))
    assert client.get(reverse("entry:start")).status_code == 404
    client.force_login(StaffFactory(organisation=survey.organisation))
    assert survey.name in client.get(reverse("entry:start")).content.decode()
    client.force_login(StaffFactory(invoerder=True))
    assert survey.name not in client.get(reverse("entry:start")).content.decode()


def test_the_form_page_is_not_cached(client, survey, typist):
    issued = invite(survey)
    page = open_form(client, survey, issued.code)
    assert "no-store" in page["Cache-Control"]
