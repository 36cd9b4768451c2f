"""Finishing a survey: the report went out, so its figures are final, and they become the
comparison for the next survey of the same law.

The published overall % eens per question (with its n and design-based standard error) is kept
as that year's `TrendResult`, computed by the same engine as the report. Next year's report,
raadsbrief and dashboard then compare with it without anyone typing figures over from a PDF
(the page *Eerdere jaren* remains for years before Ervaring).
"""

from dataclasses import dataclass

from django.db import transaction

from ervaring.accounts.models import Staff
from ervaring.analysis.services import get_survey_results, record_trends_from_results
from ervaring.questionnaires import services as questionnaires
from ervaring.questionnaires.models import Survey
from ervaring.reporting.report import survey_year


@dataclass(frozen=True)
class Published:
    year: int
    questions: int  # figures kept for next year's comparison


def finish_survey(survey: Survey, actor: Staff | None = None) -> Published:
    """Mark the survey reported and keep its figures, in one transaction: either both happen
    or neither (SurveyError when the survey's state refuses it)."""
    with transaction.atomic():
        survey = questionnaires.mark_reported(survey, actor)
        dataset, rows = get_survey_results(survey)
        year = survey_year(survey)
        stored = record_trends_from_results(survey, year, dataset.questions, rows)
    return Published(year, len(stored))
