"""The report shows the average of other participating municipalities, only from three."""

import datetime as dt

import pytest

from ervaring.accounts.tests.factories import OrganisationFactory
from ervaring.analysis.models import TrendResult, TrendSource
from ervaring.questionnaires.models import Survey, SurveyStatus
from ervaring.questionnaires.tests.factories import SurveyFactory
from ervaring.reporting.report import build_report
from ervaring.reporting.tests.survey_data import YEAR, make_survey

pytestmark = pytest.mark.django_db


def _other(pct):
    organisation = OrganisationFactory(benchmark_opt_in=True)
    survey = SurveyFactory(organisation=organisation)
    Survey.objects.filter(pk=survey.pk).update(
        status=SurveyStatus.REPORTED, opens_on=dt.date(YEAR, 2, 1)
    )
    TrendResult.objects.create(
        organisation=organisation, law="wmo", year=YEAR, question="wmo-2",
        pct_agree=pct, n=150, source=TrendSource.DATASET,
    )  # fmt: skip


def _benchmark_tables(survey):
    return [t.benchmark_table for t in build_report(survey).themes if t.benchmark_table]


def test_three_others_give_a_labelled_average_beside_the_own_figure():
    survey = make_survey()
    survey.organisation.benchmark_opt_in = True
    survey.organisation.save()
    for pct in (55.0, 64.0, 70.0):  # mean 63
        _other(pct)
    (table,) = _benchmark_tables(survey)
    (row,) = table.rows
    assert row[0].text == "Ik werd snel geholpen."
    assert [c.text for c in row[2:]] == ["63%", "gemiddelde van 3 deelnemende gemeenten"]


def test_two_others_show_nothing():
    survey = make_survey()
    survey.organisation.benchmark_opt_in = True
    survey.organisation.save()
    for pct in (55.0, 64.0):
        _other(pct)
    assert _benchmark_tables(survey) == []

