"""Check-then-write races, run for real: two threads, two database connections, one moment.

SQLite serialises every write transaction, which hides these races; PostgreSQL does not, so
the tests run there (`make test` runs the suite on both). Each worker waits at a barrier so
both decide on the same state unless the code takes a lock first.
"""

import io
import threading
from collections.abc import Callable

import pytest
from django.db import connection, connections

from ervaring.fieldwork import printing
from ervaring.fieldwork import sample_services as samples
from ervaring.fieldwork.models import Invitation, LetterBatch, Message, MessageStatus
from ervaring.fieldwork.tests.sending_helpers import email_rows, letter_rows, sampled_survey
from ervaring.questionnaires import services as questionnaires
from ervaring.questionnaires.models import Survey

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="SQLite serialises writes; races need PG"
    ),
]


def race(*steps: Callable[[], object]) -> list[object]:
    """Run the steps at the same moment, each in its own thread and connection; return each
    step's result or the exception it raised."""
    barrier = threading.Barrier(len(steps))
    results: list[object] = [None] * len(steps)

    def run(index: int, step: Callable[[], object]) -> None:
        try:
            barrier.wait(timeout=30)
            results[index] = step()
        except Exception as error:  # the outcome under test, e.g. a refusal
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, s)) for i, s in enumerate(steps)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def test_two_draws_at_once_invite_everyone_once():
    survey = sampled_survey(email_rows(30), start=False)
    Message.objects.all().delete()
    Invitation.objects.all().delete()
    results = race(
        lambda: samples.draw_sample(survey, samples.SampleRequest(seed=1)),
        lambda: samples.draw_sample(survey, samples.SampleRequest(seed=2)),
    )
    refused = [r for r in results if isinstance(r, samples.SampleError)]
    assert len(refused) == 1, results
    assert Invitation.objects.filter(survey=survey).count() == 30
    assert Invitation.objects.values("client").distinct().count() == 30


def test_two_print_runs_at_once_print_each_letter_once():
    survey = sampled_survey(letter_rows(12))
    results = race(
        lambda: printing.print_letters(survey, io.BytesIO()),
        lambda: printing.print_letters(survey, io.BytesIO()),
    )
    batches = [r for r in results if isinstance(r, LetterBatch)]
    assert sum(b.letters for b in batches) == 12, results
    assert not Message.objects.filter(status=MessageStatus.QUEUED).exists()
    assert Message.objects.filter(letter_batch__isnull=True).count() == 0


def test_two_questionnaire_edits_on_the_same_version_keep_both_or_refuse_one():
    survey = sampled_survey(email_rows(1), start=False)
    document = Survey.objects.get(pk=survey.pk).current_version.document
    results = race(
        lambda: questionnaires.save_version(survey, document, note="a", based_on=1),
        lambda: questionnaires.save_version(survey, document, note="b", based_on=1),
    )
    refused = [r for r in results if isinstance(r, questionnaires.StaleVersion)]
    assert len(refused) == 1, results
    assert sorted(survey.versions.values_list("number", flat=True)) == [1, 2]
