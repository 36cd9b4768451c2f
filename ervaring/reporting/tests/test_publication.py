"""Finishing a survey keeps its published figures as next year's comparison: the next report
compares with them without anyone typing them over; refused states change nothing."""

import datetime as dt

import pytest

from ervaring.accounts.tests.factories import StaffFactory
from ervaring.analysis.models import TrendResult, TrendSource
from ervaring.analysis.results import OVERALL, rows_by_key
from ervaring.analysis.services import get_survey_results
from ervaring.questionnaires import services as questionnaires
from ervaring.questionnaires.models import SurveyStatus
from ervaring.questionnaires.tests.factories import SurveyFactory
from ervaring.reporting.report import collect_inputs
from ervaring.reporting.tests.survey_data import YEAR, make_survey, populate

pytestmark = pytest.mark.django_db


def test_finishing_keeps_the_published_figures_and_next_year_compares_with_them(client):
    first = make_survey(completed=120)
    questionnaires.close_fieldwork(first)
    client.force_login(StaffFactory(organisation=first.organisation))
    page = client.post(f"/beheer/onderzoek/{first.slug}/gerapporteerd/", follow=True)
    first.refresh_from_db()
    assert first.status == SurveyStatus.REPORTED
    kept = {t.question: t for t in TrendResult.objects.filter(organisation=first.organisation)}
    assert f"De cijfers van {YEAR} ({len(kept)} vragen) zijn bewaard" in page.content.decode()
    _, rows = get_survey_results(first)
    published = rows_by_key(rows)[("wmo_1", OVERALL, "totaal", None)]
    figure = kept["wmo-1"]  # kept under the national standard id, so other years line up
    assert (figure.year, figure.source) == (YEAR, TrendSource.DATASET)
    assert (figure.pct_agree, figure.n, figure.se) == (
        published.value,
        published.n,
        published.se,
    )

    second = populate(
        SurveyFactory(in_fieldwork=True, organisation=first.organisation), 500, 300, 100, seed=3
    )
    second.opens_on = dt.date(YEAR + 1, 3, 1)
    second.save(update_fields=["opens_on"])
    comparison = collect_inputs(second).comparisons["wmo-1"]
    assert (comparison.previous_year, comparison.previous_pct) == (YEAR, published.value)


def test_a_survey_still_in_fieldwork_is_not_finished_and_keeps_nothing(client):
    survey = make_survey(completed=40)
    client.force_login(StaffFactory(organisation=survey.organisation))
    page = client.post(f"/beheer/onderzoek/{survey.slug}/gerapporteerd/", follow=True)
    assert "Sluit eerst het veldwerk" in page.content.decode()
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.FIELDWORK
    assert not TrendResult.objects.exists()
