"""Background tasks of analysis: evaluating alert rules as answers arrive.

``evaluate_alerts`` takes a survey id (or nothing: every survey in fieldwork) and is safe to
run twice. It is not enqueued from the respondent's request (responses may not import
analysis, and a respondent should never wait for it): the schedule
(``ervaring.schedule.jobs``) enqueues it every few minutes, which also lets a rolling
window move on without new answers.
"""

import logging

from django.tasks import task

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
