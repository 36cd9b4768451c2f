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
