"""Simultaneous completions each add their own count (run under PostgreSQL to matter:
``scripts/with-postgres.sh .venv/bin/python -m pytest ...``).

Today ``send_response`` locks the survey row too (``select_for_update`` with
``select_related("survey")``), which happens to serialise completions of one survey; the
threads here lock only their response, as a lighter respondent path would, so that the
counters themselves must be safe: a read-modify-write ``add`` loses counts here."""

import datetime as dt
import threading
from collections import Counter

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


@pytest.mark.django_db(transaction=True)
def test_views_during_late_changes_keep_no_stale_counters():
    """Answers of responses completed on an earlier day are changed in eight threads while
    a ninth keeps drawing the counters as the dashboard does (earlier days kept in its
    process): afterwards the kept counters must hold every change, without being told."""
    survey = SurveyFactory(in_fieldwork=True)
    earlier = timezone.localdate() - dt.timedelta(days=5)
    responses = []
    for _ in range(THREADS * EACH):
        response, _ = services.open_with_code(invite(survey).code, "127.0.0.1")
        Answer.objects.create(response=response, question_id="wmo_1", value=5)
        response.completed_at = timezone.make_aware(
            dt.datetime(earlier.year, earlier.month, earlier.day, 12)
        )
        response.save(update_fields=["completed_at", "updated_at"])
        hooks.completed(response)
        responses.append(response)
    tallies.forget()
    assert tallies.current_tallies(survey).total == THREADS * EACH  # earlier day now kept
    barrier = threading.Barrier(THREADS + 1)
    changing = threading.Event()
    changing.set()
    errors = []

    def change(part):
        try:
            barrier.wait()
            for response in part:
                with transaction.atomic():
                    Answer.objects.filter(response=response).update(value=1)
                    tallies.retally(response.pk)
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    def view():
        try:
            barrier.wait()
            while changing.is_set():
                tallies.current_tallies(survey)
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    changers = [
        threading.Thread(target=change, args=(responses[i::THREADS],)) for i in range(THREADS)
    ]
    viewer = threading.Thread(target=view)
    for thread in [*changers, viewer]:
        thread.start()
    for thread in changers:
        thread.join()
    changing.clear()
    viewer.join()
    assert errors == []
    drawn = tallies.current_tallies(survey)
    answers = Counter()
    for _, value, n in drawn.answers["wmo_1"]:
        answers[value] += n
    assert +answers == Counter({"1": THREADS * EACH})
    assert tallies.find_drift(survey) == []
