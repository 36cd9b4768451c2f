"""Every periodic job of Ervaring, in one visible list.

`ervaring run-schedule`, run from cron or a systemd timer every few minutes, enqueues each of
them for the background worker; each job is idempotent and cheap when there is nothing to
do, so running the schedule more often than needed costs a few queries and nothing else.

The list lives here, in a small app above the domain apps, because it names jobs of
fieldwork *and* analysis: fieldwork may not import analysis (the layers), and a schedule
split over apps is how the alert evaluation was once left out of it.
"""

from django.tasks import Task

from ervaring.analysis import tasks as analysis_tasks
from ervaring.api import tasks as api_tasks
from ervaring.fieldwork import tasks as fieldwork_tasks
from ervaring.responses import tasks as responses_tasks

# (task, how often the schedule must run for the job to be timely)
SCHEDULE: tuple[tuple[Task, str], ...] = (
    (
        fieldwork_tasks.send_outbox,
        "every few minutes: retries and anything a lost wake-up left behind",
    ),
    (fieldwork_tasks.record_progress, "every few minutes: the overview's started/completed"),
    (
        fieldwork_tasks.count_fieldwork,
        "every few minutes, after record_progress: the dashboards' response tables",
    ),
    (fieldwork_tasks.send_due_reminders, "hourly or more often"),
    (fieldwork_tasks.invite_due_cohorts, "daily; last month's cohort goes out on the 1st"),
    (fieldwork_tasks.purge_population_uploads, "daily: uploads nobody finished importing"),
    (
        responses_tasks.scrub_open_texts,
        "every few minutes: free text a lost wake-up left unscrubbed",
    ),
    (
        responses_tasks.purge_raw_open_texts,
        "every few minutes: raw free text goes soon after the contact data",
    ),
    (
        analysis_tasks.evaluate_alerts,
        "every few minutes: signals open and recover as answers come in",
    ),
    (
        analysis_tasks.scrub_interviews,
        "every few minutes: interview transcripts to scrub; their raw words go after fieldwork",
    ),
    (api_tasks.send_webhooks, "every few minutes: webhooks for signals and milestones, retries"),
)


def run_schedule() -> list[str]:
    """Enqueue every scheduled job; returns their names."""
    for scheduled, _ in SCHEDULE:
        scheduled.enqueue()
    return [scheduled.name for scheduled, _ in SCHEDULE]
