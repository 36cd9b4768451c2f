"""The report shows the fixed average of other participating municipalities, from five taking
part, labelled with its year; before this year's cut-off the latest fixed year's."""

import datetime as dt

import pytest
from django.utils import timezone

from ervaring.accounts.tests.factories import OrganisationFactory
from ervaring.analysis.benchmark import cutoff_date, shown_year
from ervaring.analysis.models import TrendResult, TrendSource
from ervaring.questionnaires.models import Survey, SurveyStatus
from ervaring.questionnaires.tests.factories import SurveyFactory
from ervaring.reporting.report import build_report
from ervaring.reporting.tests.survey_data import YEAR, make_survey

pytestmark = pytest.mark.django_db


def _other(pct, year):
    """Another participating municipality that reported ``year`` well before its cut-off."""
    organisation = OrganisationFactory(benchmark_opt_in=True)
    survey = SurveyFactory(organisation=organisation)
    reported_at = timezone.make_aware(dt.datetime(year + 1, 2, 1, 12))
    Survey.objects.filter(pk=survey.pk).update(
        status=SurveyStatus.REPORTED, opens_on=dt.date(year, 2, 1), reported_at=reported_at
    )
    TrendResult.objects.create(
        organisation=organisation, law="wmo", year=year, question="wmo-2",
        pct_agree=pct, n=150, source=TrendSource.DATASET,
    )  # fmt: skip


def _benchmark_tables(survey):
    return [t.benchmark_table for t in build_report(survey).themes if t.benchmark_table]


def _participating_survey():
    survey = make_survey()
    survey.organisation.benchmark_opt_in = True
    survey.organisation.save()
    return survey


def test_four_others_give_a_labelled_average_of_the_latest_fixed_year():
    survey = _participating_survey()
    shown = shown_year(YEAR, timezone.localdate())  # YEAR itself only from 1 July YEAR + 1
    for pct in (55.0, 64.0, 70.0, 63.0):  # mean 63
        _other(pct, shown)
    (table,) = _benchmark_tables(survey)
    (row,) = table.rows
    assert row[0].text == "Ik werd snel geholpen."
    assert [c.text for c in row[2:]] == ["63%", f"gemiddelde over {shown} van 4 gemeenten"]
    assert table.header[2] == f"Andere gemeenten {shown}"
    if shown != YEAR:  # the report says when this year's comparison comes
        assert any(
            f"De vergelijking over {YEAR} verschijnt op 1 juli {YEAR + 1}" in note
            for note in table.notes
        )
        assert cutoff_date(YEAR) == dt.date(YEAR + 1, 7, 1)


def test_three_others_show_nothing():
    survey = _participating_survey()
    for pct in (55.0, 64.0, 70.0):
        _other(pct, shown_year(YEAR, timezone.localdate()))
    assert _benchmark_tables(survey) == []


def test_the_dashboard_shows_the_average_beside_the_own_figure(client, world):
    from django.urls import reverse

    from ervaring.reporting.tests.conftest import respond_many

    survey = world["survey"]
    survey.organisation.benchmark_opt_in = True
    survey.organisation.save()
    respond_many(survey, 3, {"wmo_2": 5})
    shown = shown_year((survey.opens_on or timezone.localdate()).year, timezone.localdate())
    for pct in (40.0, 50.0, 61.5, 50.5):  # mean 50.5 -> 51, half up
        _other(pct, shown)
    client.force_login(world["onderzoeker"])
    page = client.get(reverse("reporting:survey-dashboard", args=[survey.slug]))
    wmo_2 = next(s for s in page.context["board"].statements if s.id == "wmo_2")
    assert (wmo_2.benchmark.pct, wmo_2.benchmark.organisations) == (51, 4)
    assert f"51% (gemiddelde over {shown} van 4 gemeenten)" in page.content.decode()
