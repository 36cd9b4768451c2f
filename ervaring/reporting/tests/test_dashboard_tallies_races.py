"""Simultaneous completions each add their own count (run under PostgreSQL to matter:
``scripts/with-postgres.sh .venv/bin/python -m pytest ...``).

Today ``send_response`` locks the survey row too (``select_for_update`` with
``select_related("survey")``), which happens to serialise completions of one survey; the
threads here lock only their response, as a lighter respondent path would, so that the
counters themselves must be safe: a read-modify-write ``add`` loses counts here."""

import threading

import pytest
from django.db import connection, transaction
from django.utils import timezone

from ervaring.analysis import tallies
from ervaring.fieldwork.tests.factories import invite
from ervaring.questionnaires.tests.factories import SurveyFactory
from ervaring.responses import hooks, services
from ervaring.responses.models import Answer, Response

THREADS = 8
EACH = 3


@pytest.mark.django_db(transaction=True)
def test_simultaneous_completions_lose_no_count():
    survey = SurveyFactory(in_fieldwork=True)
    started = []
    for _ in range(THREADS * EACH):
        response, code = services.open_with_code(invite(survey).code, "127.0.0.1")
        Answer.objects.create(response=response, question_id="wmo_1", value=5)
        started.append((response, code))
    barrier = threading.Barrier(THREADS)
    errors = []

    def complete(part):
        try:
            barrier.wait()
            for response, _ in part:
                with transaction.atomic():
                    locked = Response.objects.select_for_update().get(pk=response.pk)
                    locked.completed_at = timezone.now()
                    locked.save(update_fields=["completed_at", "updated_at"])
                    hooks.completed(locked)
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=complete, args=(started[i::THREADS],)) for i in range(THREADS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    counts = tallies.stored_counts(survey)
    assert sum(n for key, n in counts.items() if key[4] == "") == THREADS * EACH
    assert sum(n for key, n in counts.items() if key[4:] == ("wmo_1", "5")) == THREADS * EACH
    assert tallies.find_drift(survey) == []
