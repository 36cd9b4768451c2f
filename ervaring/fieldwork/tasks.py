"""Background tasks of fieldwork, and its schedule, in one place.

Tasks take ids (or nothing), are safe to run twice, and are enqueued when the transaction
that queued the work commits. The worker is `ervaring db_worker` (`--batch` runs the queue
and exits). The periodic ones are listed, with every other periodic job, in
`ervaring.schedule.jobs`.
"""

import logging
from datetime import timedelta

from django.db import transaction
from django.tasks import TaskResultStatus, task
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from ervaring.fieldwork import overview, population_uploads, progress, reminders, sending
from ervaring.fieldwork.models import PopulationUpload

logger = logging.getLogger(__name__)
# Messages per task run; a longer queue continues in a fresh task, so one run never holds
# the worker for hours and progress is visible in the task results.
BATCH = 2000


@task()
def send_outbox(survey_id: int | None = None) -> dict[str, object]:
    """Send due e-mail and SMS messages; schedule the next run for postponed retries."""
    report = sending.send_due_messages(limit=BATCH, survey_id=survey_id)
    if report.handled >= BATCH:
        send_outbox.enqueue(survey_id)
    else:
        _schedule_retry_run()
    logger.info("outbox run: %s", report)
    return {
        "sent": report.sent,
        "retried": report.retried,
        "failed": report.failed,
        "cancelled": report.cancelled,
        "recovered": report.recovered,
    }


def _schedule_retry_run() -> None:
    """One deferred run at the earliest postponed retry, unless a run is already waiting."""
    due = sending.next_retry_at()
    if due is None:
        return
    waiting = DBTaskResult.objects.filter(
        task_path=send_outbox.module_path, status=TaskResultStatus.READY
    ).exists()
    if not waiting:
        send_outbox.using(run_after=max(due, timezone.now() + timedelta(seconds=1))).enqueue()


@task()
def send_due_reminders() -> dict[str, dict[int, int]]:
    """Queue the reminders that are due in every survey in fieldwork, then send them."""
    queued = {}
    for survey in reminders.surveys_in_fieldwork():
        counts = reminders.queue_due_reminders(survey)
        if any(counts.values()):
            queued[survey.slug] = counts
    if queued:
        enqueue_sending()
    return queued


@task()
def invite_due_cohorts() -> list[str]:
    """Invite last month's cohort of every continuous survey that has not had it yet."""
    # Drawing a cohort needs the sampling code (numpy, pandas); imported here, in the
    # worker, because pages import this module to enqueue tasks.
    from ervaring.fieldwork import cohorts

    invited = cohorts.invite_due_cohorts()
    if invited:
        enqueue_sending()
    return [f"{cohort.survey.slug} {cohort.period}: {cohort.invited}" for cohort in invited]


@task()
def record_progress() -> dict[str, int]:
    """Record who started and completed on the invitations of every survey in fieldwork
    (see `fieldwork.progress`), for the overview and the response rate."""
    recorded = {}
    for survey in reminders.surveys_in_fieldwork():
        report = progress.record_progress(survey)
        if report.notes:
            recorded[survey.slug] = report.notes
    return recorded


@task()
def count_fieldwork() -> dict[str, int]:
    """Count the invitations of every survey in fieldwork for the dashboards' response
    tables (`overview.count_and_store`), so that no page view waits for the count."""
    return {
        survey.slug: overview.count_and_store(survey).totals.sampled
        for survey in reminders.surveys_in_fieldwork()
    }


def enqueue_sending(survey_id: int | None = None) -> None:
    """Wake the worker once the current transaction commits (at once outside one)."""
    transaction.on_commit(lambda: send_outbox.enqueue(survey_id))


@task()
def import_population_upload(upload_id: int) -> str:
    """Import an uploaded population file (see `population_uploads.run_import`)."""
    return population_uploads.run_import(upload_id)


@task()
def purge_population_uploads() -> int:
    """Delete uploaded population files nobody finished importing within a day."""
    return population_uploads.purge_uploads()


def start_population_import(
    upload: PopulationUpload,
    mapping: dict[str, str],
    *,
    save_as: str = "",
    provision_choices: dict[str, str] | None = None,
) -> bool:
    """Import an upload: in this request when it is small, else by the worker once the
    current transaction commits. False when it is being imported already."""
    if not population_uploads.claim_import(
        upload, mapping, save_as=save_as, provision_choices=provision_choices
    ):
        return False
    _run_or_queue(upload)
    return True


def restart_population_import(upload: PopulationUpload) -> bool:
    """Start again an import whose worker stopped; False when it had not stopped."""
    if not population_uploads.claim_stuck_import(upload):
        return False
    _run_or_queue(upload)
    return True


def _run_or_queue(upload: PopulationUpload) -> None:
    if population_uploads.is_small(upload):
        population_uploads.run_import(upload.pk)
    else:
        transaction.on_commit(lambda: import_population_upload.enqueue(upload.pk))
