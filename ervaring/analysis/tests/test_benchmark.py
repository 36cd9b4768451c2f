"""Vergelijking met andere gemeenten: only an average of at least three others, never one."""

import datetime as dt

import pytest

from ervaring.accounts.tests.factories import OrganisationFactory
from ervaring.analysis.benchmark import Benchmark, benchmark_average, benchmarks_for
from ervaring.analysis.models import TrendResult, TrendSource
from ervaring.questionnaires.models import Survey, SurveyStatus
from ervaring.questionnaires.tests.factories import SurveyFactory

YEAR = 2025


def test_the_average_leaves_out_the_viewer_and_needs_three_others():
    assert benchmark_average(1, {1: 90.0, 2: 60.0, 3: 70.0}) is None  # two others
    # (60 + 70 + 81) / 3 = 70.33 -> 70; the viewer's own 10 is not in it.
    assert benchmark_average(1, {1: 10.0, 2: 60.0, 3: 70.0, 4: 81.0}) == Benchmark(70, 3)


def test_the_average_is_rounded_half_up_to_a_whole_percent():
    assert benchmark_average(1, {2: 60.5, 3: 60.5, 4: 60.5}) == Benchmark(61, 3)
    assert Benchmark(61, 3).label == "gemiddelde van 3 deelnemende gemeenten"


def _organisation(opt_in=True):
    return OrganisationFactory(benchmark_opt_in=opt_in)


def _publish(organisation, pct, *, status=SurveyStatus.REPORTED, question="wmo-2"):
    """A finished survey of YEAR with its stored figure, as finishing a survey leaves it."""
    survey = SurveyFactory(organisation=organisation)
    Survey.objects.filter(pk=survey.pk).update(status=status, opens_on=dt.date(YEAR, 3, 1))
    TrendResult.objects.update_or_create(
        organisation=organisation, law="wmo", year=YEAR, question=question,
        defaults={"pct_agree": pct, "n": 200, "source": TrendSource.DATASET},
    )  # fmt: skip


@pytest.mark.django_db
def test_fewer_than_three_other_participants_show_nothing():
    viewer = _organisation()
    _publish(viewer, 50)
    for pct in (60, 70):
        _publish(_organisation(), pct)
    _publish(_organisation(opt_in=False), 80)  # does not take part
    _publish(_organisation(), 90, status=SurveyStatus.FIELDWORK)  # not published
    assert benchmarks_for(viewer.pk, "wmo", YEAR) == {}


@pytest.mark.django_db
def test_three_published_participants_give_their_average():
    viewer = _organisation()
    for pct in (60, 70, 80.4):
        _publish(_organisation(), pct)
    assert benchmarks_for(viewer.pk, "wmo", YEAR) == {"wmo-2": Benchmark(70, 3)}  # 70.13
    assert benchmarks_for(viewer.pk, "wmo", YEAR - 1) == {}


@pytest.mark.django_db
def test_an_organisation_that_does_not_take_part_sees_nothing():
    for pct in (60, 70, 80):
        _publish(_organisation(), pct)
    assert benchmarks_for(_organisation(opt_in=False).pk, "wmo", YEAR) == {}


@pytest.mark.django_db
def test_an_attacker_learns_nothing_from_joining_or_from_changing_its_own_figure():
    """Three others at 60, 70 and 80. With its own figure in the average, an attacker could
    join with a known figure, or move it, and solve for the others. It sees 70 whatever it
    does, so the differences it can take are all zero."""
    victims = [_organisation() for _ in range(3)]
    for organisation, pct in zip(victims, (60, 70, 80), strict=True):
        _publish(organisation, pct)
    attacker = _organisation(opt_in=False)
    before = benchmarks_for(attacker.pk, "wmo", YEAR)
    attacker.benchmark_opt_in = True
    attacker.save()
    joined = benchmarks_for(attacker.pk, "wmo", YEAR)
    _publish(attacker, 0.0)
    with_zero = benchmarks_for(attacker.pk, "wmo", YEAR)
    _publish(attacker, 100.0)
    with_hundred = benchmarks_for(attacker.pk, "wmo", YEAR)
    assert before == {}
    assert joined == with_zero == with_hundred == {"wmo-2": Benchmark(70, 3)}
    # The victims see the attacker only inside an average of three (their own left out).
    assert benchmarks_for(victims[0].pk, "wmo", YEAR) == {
        "wmo-2": Benchmark(83, 3)
    }  # (70+80+100)/3


@pytest.mark.django_db
def test_an_attacker_with_two_others_cannot_read_one_of_them():
    """With the attacker and two others, each could subtract its own: nothing is shown."""
    attacker = _organisation()
    _publish(attacker, 50)
    for pct in (60, 70):
        _publish(_organisation(), pct)
    assert benchmarks_for(attacker.pk, "wmo", YEAR) == {}


@pytest.mark.django_db
def test_only_standard_questions_are_compared():
    viewer = _organisation()
    for pct in (60, 70, 80):
        organisation = _organisation()
        _publish(organisation, pct)
        _publish(organisation, pct, question="eigen_vraag")
    assert set(benchmarks_for(viewer.pk, "wmo", YEAR)) == {"wmo-2"}
