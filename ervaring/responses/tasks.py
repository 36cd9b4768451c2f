"""Background tasks of responses: scrubbing free text, and deleting its raw words.

Tasks take ids (or nothing) and are safe to run twice. Saving a page with free text wakes
the scrubbing once its transaction commits (`enqueue_scrubbing`); the schedule
(`ervaring.schedule.jobs`) runs both tasks every few minutes as well, for anything a lost
wake-up left behind and because the raw words go only after fieldwork's purge.
"""

import logging
from importlib import import_module
from types import ModuleType

from django.db import transaction
from django.tasks import TaskResultStatus, task
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)
# By dotted path, like `ervaring.lazy_views`: the scrubber loads deduce, and the respondent's
# pages import this module to wake the worker.
RUNS = "ervaring.responses.scrubbing_runs"


def _runs() -> ModuleType:
    return import_module(RUNS)


@task()
def scrub_open_texts(survey_id: int | None = None) -> dict[str, int]:
    """Scrub waiting free texts; a full batch continues in a fresh run."""
    runs = _runs()
    written = runs.scrub_waiting(survey_id=survey_id)
    if written >= runs.SCRUB_BATCH:
        scrub_open_texts.enqueue(survey_id)
    logger.info("open texts scrubbed: %s", written)
    return {"scrubbed": written}


@task()
def purge_raw_open_texts() -> dict[str, int]:
    """Blank the raw free text of every survey whose contact data are gone."""
    from ervaring.responses.open_texts import surveys_with_raw_texts

    purged = {}
    for survey in surveys_with_raw_texts():
        count = _runs().purge_raw_texts(survey)
        if count:
            purged[survey.slug] = count
    return purged


def enqueue_scrubbing() -> None:
    """Wake the scrubbing once the current transaction commits, unless a run is waiting."""

    def wake() -> None:
        waiting = DBTaskResult.objects.filter(
            task_path=scrub_open_texts.module_path, status=TaskResultStatus.READY
        ).exists()
        if not waiting:
            scrub_open_texts.enqueue()

    transaction.on_commit(wake)
