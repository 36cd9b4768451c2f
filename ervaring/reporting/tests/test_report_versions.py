"""The method section says which questions were asked of whom when the questionnaire
changed during fieldwork (each response keeps the version it began on)."""

import pytest
from django.utils import timezone

from ervaring.questionnaires import services as questionnaires
from ervaring.questionnaires.tests.factories import SurveyFactory, in_every_language
from ervaring.reporting.report_method import _version_paragraphs
from ervaring.responses.models import Response

pytestmark = pytest.mark.django_db


def _completed(survey, count, prefix):
    for number in range(count):
        Response.objects.create(
            token=f"{prefix}{number}",
            survey=survey,
            version=survey.current_version,
            channel="brief",
            completed_at=timezone.now(),
        )


def test_one_version_needs_no_paragraph():
    survey = questionnaires.start_fieldwork(SurveyFactory())
    _completed(survey, 3, "a")
    assert _version_paragraphs(survey) == []


def test_a_question_added_in_fieldwork_is_reported_with_who_got_it():
    survey = questionnaires.start_fieldwork(SurveyFactory())
    _completed(survey, 3, "a")
    question = {
        "id": "lokaal_1",
        "type": "agree",
        "text": in_every_language("De wijkcoach belde mij terug."),
    }
    questionnaires.add_local_question(survey, "gesprek", question)
    questionnaires.adopt_version(survey, 2)
    survey.refresh_from_db()
    _completed(survey, 2, "b")
    parts = _version_paragraphs(survey)
    assert parts[0].endswith("Ingevuld per versie: versie 1: 3; versie 2: 2.")
    assert parts[1] == (
        "De vraag ‘De wijkcoach belde mij terug.’ stond alleen in versie 2: alleen de 2 "
        "respondenten van die versie kregen haar."
    )
