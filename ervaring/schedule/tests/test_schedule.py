"""The schedule: one list of every periodic job, run by the worker.

Issue 9: the alert evaluation was in no schedule, so a production that runs `run-schedule`
from cron, as the README says, never evaluated alerts.
"""

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from ervaring.analysis.models import Alert
from ervaring.analysis.tasks import evaluate_alerts, scrub_interviews
from ervaring.api.tasks import send_webhooks
from ervaring.fieldwork import tasks as fieldwork_tasks
from ervaring.reporting.tests.conftest import _fresh_snapshots, respond_many, world
from ervaring.responses import tasks as responses_tasks
from ervaring.schedule import jobs

__all__ = ["_fresh_snapshots", "world"]  # fixtures shared with the alert tests


def test_the_schedule_lists_every_periodic_task_of_fieldwork_responses_analysis_and_api():
    listed = {task.module_path for task, _ in jobs.SCHEDULE}
    assert listed == {
        fieldwork_tasks.send_outbox.module_path,
        fieldwork_tasks.record_progress.module_path,
        fieldwork_tasks.count_fieldwork.module_path,
        fieldwork_tasks.send_due_reminders.module_path,
        fieldwork_tasks.invite_due_cohorts.module_path,
        fieldwork_tasks.purge_population_uploads.module_path,
        responses_tasks.scrub_open_texts.module_path,
        responses_tasks.purge_raw_open_texts.module_path,
        evaluate_alerts.module_path,
        scrub_interviews.module_path,
        send_webhooks.module_path,
    }


@pytest.mark.django_db(transaction=True)
def test_run_schedule_enqueues_the_alert_evaluation_and_the_worker_runs_it(world, capsys):
    survey = world["survey"]
    respond_many(survey, 7, {"wmo_1": 5}, team="noord")
    respond_many(survey, 3, {"wmo_1": 1}, team="noord")  # 30% oneens: a signal
    call_command("run_schedule")
    assert f"enqueued {evaluate_alerts.name}" in capsys.readouterr().out
    queued = DBTaskResult.objects.filter(task_path=evaluate_alerts.module_path)
    assert queued.count() == 1 and not Alert.objects.exists()
    call_command("db_worker", "--batch", "--no-startup-delay")
    assert {(a.question_id, a.team_slug) for a in Alert.objects.all()} == {
        ("wmo_1", ""),
        ("wmo_1", "noord"),
    }
