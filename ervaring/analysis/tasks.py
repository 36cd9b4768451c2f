"""Background tasks of analysis: alert rules, coding suggestions, scrubbing interviews.

``evaluate_alerts`` takes a survey id (or nothing: every survey in fieldwork) and is safe to
run twice. It is not enqueued from the respondent's request (responses may not import
analysis, and a respondent should never wait for it): the schedule
(``ervaring.schedule.jobs``) enqueues it every few minutes, which also lets a rolling
window move on without new answers.
"""

import logging

from django.db import transaction
from django.tasks import TaskResultStatus, task
from django_tasks_db.models import DBTaskResult

from ervaring.questionnaires.models import Survey, SurveyStatus

logger = logging.getLogger(__name__)


@task()
def evaluate_alerts(survey_id: int | None = None) -> dict[str, dict[str, int]]:
    """Evaluate one survey's alert rules, or those of every survey in fieldwork."""
    # The figures need pandas: loaded when the task runs, so the worker starts light.
    from ervaring.analysis import alerts

    surveys = Survey.objects.order_by("pk")
    surveys = (
        surveys.filter(pk=survey_id)
        if survey_id is not None
        else surveys.filter(status=SurveyStatus.FIELDWORK)
    )
    outcome = {}
    for survey in surveys:
        report = alerts.evaluate_alerts(survey)
        outcome[survey.slug] = {
            "opened": len(report.opened),
            "recovered": len(report.recovered),
            "mails": report.mails,
        }
    return outcome


@task()
def train_suggestions(survey_id: int) -> dict[str, int]:
    """Retrain the coding suggestions of a survey on the answers coded so far."""
    # scikit-learn is loaded here, in the worker; the coding page only enqueues.
    from ervaring.analysis import suggestion_runs

    survey = Survey.objects.filter(pk=survey_id).select_related("organisation").first()
    if survey is None:
        return {}
    return {"scored": suggestion_runs.train_and_suggest(survey)}


def enqueue_training(survey_id: int) -> None:
    """Retrain once the current transaction commits, unless a run for it is waiting."""

    def wake() -> None:
        waiting = DBTaskResult.objects.filter(
            task_path=train_suggestions.module_path,
            status=TaskResultStatus.READY,
            args_kwargs__args=[survey_id],
        ).exists()
        if not waiting:
            train_suggestions.enqueue(survey_id)

    transaction.on_commit(wake)


@task()
def scrub_interviews(survey_id: int | None = None) -> dict[str, int]:
    """Scrub waiting interview fragments (a full batch continues in a fresh run), and blank
    the raw words of those whose survey's contact data are gone."""
    # The scrubber loads deduce: only here, in the worker.
    from ervaring.analysis import interview_runs

    written = interview_runs.scrub_waiting(survey_id=survey_id)
    if written >= interview_runs.SCRUB_BATCH:
        scrub_interviews.enqueue(survey_id)
    purged = interview_runs.purge_raw_fragments() if survey_id is None else 0
    logger.info("interview fragments scrubbed: %s, raw purged: %s", written, purged)
    return {"scrubbed": written, "purged": purged}


def enqueue_interview_scrubbing() -> None:
    """Scrub once the current transaction commits, unless a run is waiting."""

    def wake() -> None:
        waiting = DBTaskResult.objects.filter(
            task_path=scrub_interviews.module_path, status=TaskResultStatus.READY
        ).exists()
        if not waiting:
            scrub_interviews.enqueue()

    transaction.on_commit(wake)
