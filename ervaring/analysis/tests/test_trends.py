"""Year on year: stored earlier years and the z test against them, worked out by hand."""

import math

import pytest

from ervaring.accounts.tests.factories import OrganisationFactory
from ervaring.analysis.models import TrendResult, TrendSource
from ervaring.analysis.results import OVERALL, QuestionSpec, ResultRow
from ervaring.analysis.services import (
    compare_with_previous_year,
    record_trend,
    record_trends_from_results,
)
from ervaring.analysis.trends import YearFigure, compare_years, simple_standard_error
from ervaring.questionnaires.tests.factories import SurveyFactory

QUESTIONS = [QuestionSpec("wmo_1", "agree", standard="wmo-1"), QuestionSpec("lokaal", "agree")]


def overall(question_id, value, n, se, *, suppressed=False):
    return ResultRow(
        question_id=question_id,
        breakdown=OVERALL,
        group="totaal",
        option=None,
        value=None if suppressed else value,
        n=None if suppressed else n,
        n_excluded=None if suppressed else 0,
        pct_agree=None if suppressed else value,
        pct_neutral=None,
        pct_disagree=None,
        ci_low=None,
        ci_high=None,
        se=None if suppressed else se,
        suppressed=suppressed,
    )


def p_two_sided(z):
    return math.erfc(abs(z) / math.sqrt(2))


@pytest.mark.django_db
def test_a_rise_from_70_to_80_percent_is_more_than_chance():
    survey = SurveyFactory()
    # Last year typed in from a report: 70% of 400, no population known.
    record_trend(survey.organisation, "wmo", 2024, "wmo-1", 70.0, 400)
    [result] = compare_with_previous_year(
        survey, 2025, QUESTIONS, [overall("wmo_1", 80.0, 300, 2.0)]
    )
    se_last = 100 * math.sqrt(0.7 * 0.3 / 399)  # 2.2942
    z = (80 - 70) / math.sqrt(2.0**2 + se_last**2)  # 10 / 3.0436 = 3.286
    assert result.question == "wmo-1" and result.previous_year == 2024
    assert result.difference == pytest.approx(10.0)
    assert result.z == pytest.approx(z) and z == pytest.approx(3.2856, abs=1e-4)
    assert result.p_value == pytest.approx(p_two_sided(z))
    assert result.is_significant


@pytest.mark.django_db
def test_a_rise_from_78_to_80_percent_on_a_small_sample_is_not():
    survey = SurveyFactory()
    record_trend(survey.organisation, "wmo", 2023, "wmo-1", 60.0, 100)
    # The latest earlier year counts: 78% of 100 out of a population of 500.
    record_trend(survey.organisation, "wmo", 2024, "wmo-1", 78.0, 100, population=500)
    [result] = compare_with_previous_year(
        survey, 2025, QUESTIONS, [overall("wmo_1", 80.0, 300, 2.0)]
    )
    se_last = 100 * math.sqrt((1 - 100 / 500) * 0.78 * 0.22 / 99)  # 3.7238
    z = (80 - 78) / math.sqrt(4 + se_last**2)  # 2 / 4.2268 = 0.473
    assert result.previous_year == 2024
    assert result.z == pytest.approx(z) and z == pytest.approx(0.4732, abs=1e-4)
    assert result.p_value == pytest.approx(p_two_sided(z))
    assert not result.is_significant


@pytest.mark.django_db
def test_suppressed_or_unmatched_questions_are_not_compared():
    survey = SurveyFactory()
    record_trend(survey.organisation, "wmo", 2024, "wmo-1", 70.0, 400)
    rows = [overall("wmo_1", 80.0, 8, 5.0, suppressed=True), overall("lokaal", 50.0, 90, 5.0)]
    assert compare_with_previous_year(survey, 2025, QUESTIONS, rows) == []


@pytest.mark.django_db
def test_this_year_is_kept_under_the_standard_id_with_its_design_se():
    survey = SurveyFactory()
    rows = [overall("wmo_1", 81.5, 212, 2.4), overall("lokaal", 66.0, 190, 3.1)]
    record_trends_from_results(survey, 2025, QUESTIONS, rows)
    stored = {t.question: t for t in TrendResult.objects.filter(organisation=survey.organisation)}
    assert set(stored) == {"wmo-1", "lokaal"}
    assert stored["wmo-1"].pct_agree == 81.5 and stored["wmo-1"].se == 2.4
    assert stored["wmo-1"].source == TrendSource.DATASET


@pytest.mark.django_db
def test_recording_a_year_again_corrects_it():
    organisation = OrganisationFactory()
    record_trend(organisation, "wmo", 2022, "wmo-1", 71.0, 150)
    record_trend(organisation, "wmo", 2022, "wmo-1", 17.0, 150)
    assert TrendResult.objects.get().pct_agree == 17.0


def test_a_stored_design_se_is_used_before_the_simple_approximation():
    with_se = YearFigure(2024, 70.0, 400, se=3.0)
    result = compare_years("q", YearFigure(2025, 76.0, 400, se=4.0), with_se)
    assert result.z == pytest.approx(6 / 5)


def test_the_simple_standard_error_includes_the_finite_population_correction():
    assert simple_standard_error(50.0, 101) == pytest.approx(5.0)
    assert simple_standard_error(50.0, 101, population=202) == pytest.approx(
        5.0 * math.sqrt(1 - 101 / 202)
    )
