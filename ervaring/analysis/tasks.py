"""Background tasks of analysis: evaluating alert rules as answers arrive.

``evaluate_alerts`` takes a survey id (or nothing: every survey in fieldwork), is safe to
run twice, and is meant to be enqueued when a response is completed, on commit, so the
respondent's request never waits for it. Running it periodically as well (``ervaring
evaluate-alerts`` from cron) catches a lost wake-up and lets a rolling window move on
without new answers.
"""

import logging

from django.db import transaction
from django.tasks import task

from ervaring.analysis import alerts
from ervaring.questionnaires.models import Survey, SurveyStatus

logger = logging.getLogger(__name__)


@task()
def evaluate_alerts(survey_id: int | None = None) -> dict[str, dict[str, int]]:
    """Evaluate one survey's alert rules, or those of every survey in fieldwork."""
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


def enqueue_evaluation(survey_id: int) -> None:
    """Wake the worker for this survey once the current transaction commits."""
    transaction.on_commit(lambda: evaluate_alerts.enqueue(survey_id))
