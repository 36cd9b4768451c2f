"""Two sends of the same page at the same moment (a double click, a second tab)."""

import threading

import pytest
from django.db import connection

from ervaring.fieldwork.tests.factories import invite
from ervaring.questionnaires.tests.factories import SurveyFactory
from ervaring.responses import services
from ervaring.responses.models import Answer


@pytest.mark.django_db(transaction=True)
def test_simultaneous_sends_of_a_page_store_one_answer_per_question():
    survey = SurveyFactory(in_fieldwork=True)
    issued = invite(survey)
    response, code = services.open_with_code(issued.code, "127.0.0.1")
    barrier = threading.Barrier(4)
    errors = []

    def send(value):
        try:
            barrier.wait()
            data = {"wmo_1": [str(value)], "wmo_2": ["3"]}
            services.save_page(response, "contact", data, "next", code)
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(v,)) for v in (1, 2, 4, 5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Answer.objects.filter(question_id="wmo_1").count() == 1
    assert Answer.objects.filter(question_id="wmo_2").count() == 1
    assert Answer.objects.get(question_id="wmo_1").value in {1, 2, 4, 5}


@pytest.mark.django_db(transaction=True)
def test_two_respondents_of_one_survey_store_their_pages_without_waiting_for_each_other(
    monkeypatch,
):
    """Joining the survey into the response's `FOR UPDATE` locked the survey row with every
    page: all respondents of a survey stored their pages one at a time (issue 16). While one
    respondent is inside `save_page`, another's page must go through."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks: PostgreSQL (SQLite has one writer at a time)")
    survey = SurveyFactory(in_fieldwork=True)
    first, first_code = services.open_with_code(invite(survey).code, "127.0.0.1")
    second, second_code = services.open_with_code(invite(survey).code, "127.0.0.1")
    inside, second_done = threading.Event(), threading.Event()
    real_parse, outcome = services.page_answers.parse_page, {}

    def parse_slowly(theme, data, attributes, current, language):
        if data.get("wmo_1") == ["1"]:  # the first respondent, holding its locks
            inside.set()
            outcome["overlapped"] = second_done.wait(timeout=10)
        return real_parse(theme, data, attributes, current, language)

    monkeypatch.setattr(services.page_answers, "parse_page", parse_slowly)

    def store(response, code, value, done=None):
        try:
            with connection.cursor() as cursor:
                cursor.execute("SET lock_timeout = '5s'")
            data = {"wmo_1": [value], "wmo_2": ["3"]}
            services.save_page(response, "contact", data, "next", code)
            if done:
                done.set()
        except Exception as error:  # reported below
            outcome.setdefault("errors", []).append(error)
        finally:
            connection.close()

    slow = threading.Thread(target=store, args=(first, first_code, "1"))
    slow.start()
    assert inside.wait(timeout=10)
    store(second, second_code, "4", second_done)
    slow.join()
    assert outcome.get("errors") is None
    assert outcome["overlapped"], "the second respondent waited for the first"
    assert Answer.objects.filter(question_id="wmo_1").count() == 2
