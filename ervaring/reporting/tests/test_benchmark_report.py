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


def test_the_dashboard_shows_the_average_beside_the_own_figure(client, world):
    from django.urls import reverse
    from django.utils import timezone

    from ervaring.reporting.tests.conftest import respond_many

    survey = world["survey"]
    survey.organisation.benchmark_opt_in = True
    survey.organisation.save()
    respond_many(survey, 3, {"wmo_2": 5})
    year = (survey.opens_on or timezone.localdate()).year
    for pct in (40.0, 50.0, 61.5):  # mean 50.5 -> 51, half up
        organisation = OrganisationFactory(benchmark_opt_in=True)
        other = SurveyFactory(organisation=organisation)
        Survey.objects.filter(pk=other.pk).update(
            status=SurveyStatus.REPORTED, opens_on=dt.date(year, 1, 15)
        )
        TrendResult.objects.create(
            organisation=organisation, law="wmo", year=year, question="wmo-2",
            pct_agree=pct, n=150, source=TrendSource.DATASET,
        )  # fmt: skip
    client.force_login(world["onderzoeker"])
    page = client.get(reverse("reporting:survey-dashboard", args=[survey.slug]))
    wmo_2 = next(s for s in page.context["board"].statements if s.id == "wmo_2")
    assert (wmo_2.benchmark.pct, wmo_2.benchmark.organisations) == (51, 3)
    assert "51% (gemiddelde van 3 deelnemende gemeenten)" in page.content.decode()
