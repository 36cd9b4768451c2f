"""Who objects after starting can send no more answers; everyone else goes on."""

import pytest

from ervaring.fieldwork import codes, opt_out
from ervaring.fieldwork import services as fieldwork
from ervaring.fieldwork.tests.factories import invite
from ervaring.questionnaires.tests.factories import SurveyFactory
from ervaring.responses import services

pytestmark = pytest.mark.django_db


def test_a_page_sent_after_the_opt_out_is_refused_and_others_are_stored():
    survey = SurveyFactory(in_fieldwork=True)
    objecting, going_on = invite(survey), invite(survey)
    response, code = services.open_with_code(objecting.code, "192.0.2.1")
    other, other_code = services.open_with_code(going_on.code, "192.0.2.1")
    page = response.current_page or survey.current_version.document["themes"][0]["id"]
    assert fieldwork.may_answer(code) and fieldwork.may_answer(other_code)

    assert opt_out.opt_out(objecting.invitation)

    assert not fieldwork.may_answer(code)
    assert services.save_page(response, page, {}, "stop", code).refused == "opted_out"
    assert not response.answers.exists()
    assert fieldwork.may_answer(other_code)
    assert services.save_page(other, page, {}, "stop", other_code).refused == ""


def test_a_code_without_an_invitation_may_not_answer():
    assert not fieldwork.may_answer(codes.normalise_code("ABCD-EFGH-JKLM"))
