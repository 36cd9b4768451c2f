"""Vergelijking met andere gemeenten: an average of at least four others, fixed per year at
its cut-off, never one organisation's figure."""

import datetime as dt

import pytest
from django.utils import timezone

from ervaring.accounts.tests.factories import OrganisationFactory
from ervaring.analysis.benchmark import (
    Benchmark,
    benchmark_average,
    benchmarks_for,
    cutoff_date,
    shown_year,
)
from ervaring.analysis.models import TrendResult, TrendSource
from ervaring.questionnaires.models import Survey, SurveyStatus
from ervaring.questionnaires.tests.factories import SurveyFactory

YEAR = 2025
BEFORE_CUTOFF = dt.date(YEAR + 1, 6, 30)
AFTER_CUTOFF = dt.date(YEAR + 1, 7, 1)


def test_the_average_leaves_out_the_viewer_and_needs_four_others():
    assert benchmark_average(1, {1: 90.0, 2: 60.0, 3: 70.0, 4: 80.0}, YEAR) is None  # three
    # (60 + 70 + 80 + 81) / 4 = 72.75 -> 73; the viewer's own 10 is not in it.
    figures = {1: 10.0, 2: 60.0, 3: 70.0, 4: 80.0, 5: 81.0}
    assert benchmark_average(1, figures, YEAR) == Benchmark(73, 4, YEAR)


def test_the_average_is_rounded_half_up_and_labelled_with_its_year():
    assert benchmark_average(1, dict.fromkeys((2, 3, 4, 5), 60.5), YEAR) == Benchmark(61, 4, YEAR)
    assert Benchmark(61, 6, 2025).label == "gemiddelde over 2025 van 6 gemeenten"


def test_the_cut_off_is_1_july_of_the_following_year_by_default(settings):
    assert cutoff_date(2025) == dt.date(2026, 7, 1)
    settings.BENCHMARK_CUTOFF = "04-15"
    assert cutoff_date(2025) == dt.date(2026, 4, 15)


def test_before_the_cut_off_the_latest_fixed_year_is_shown():
    assert shown_year(2026, dt.date(2026, 12, 4)) == 2025  # 2026 is fixed on 1 July 2027
    assert shown_year(2026, dt.date(2026, 3, 1)) == 2024  # 2025 is not fixed yet either
    assert shown_year(2026, dt.date(2027, 7, 1)) == 2026


def _organisation(opt_in=True):
    return OrganisationFactory(benchmark_opt_in=opt_in)


def _publish(
    organisation,
    pct,
    *,
    status=SurveyStatus.REPORTED,
    question="wmo-2",
    reported_on=dt.date(YEAR + 1, 3, 1),
    year=YEAR,
):
    """A survey of ``year`` reported on ``reported_on`` with its stored figure, as finishing a
    survey leaves it."""
    survey = SurveyFactory(organisation=organisation)
    reported_at = timezone.make_aware(dt.datetime.combine(reported_on, dt.time(12)))
    Survey.objects.filter(pk=survey.pk).update(
        status=status, opens_on=dt.date(year, 3, 1), reported_at=reported_at
    )
    TrendResult.objects.update_or_create(
        organisation=organisation, law="wmo", year=year, question=question,
        defaults={"pct_agree": pct, "n": 200, "source": TrendSource.DATASET},
    )  # fmt: skip


def _seen(organisation, today=AFTER_CUTOFF, year=YEAR):
    return benchmarks_for(organisation.pk, "wmo", year, today=today)


@pytest.mark.django_db
def test_five_taking_part_show_the_average_of_the_four_others():
    viewer = _organisation()
    _publish(viewer, 10)
    for pct in (60, 70, 80, 80.4):
        _publish(_organisation(), pct)
    assert _seen(viewer) == {"wmo-2": Benchmark(73, 4, YEAR)}  # 72.6


@pytest.mark.django_db
def test_fewer_than_four_others_that_reported_in_time_show_nothing():
    viewer = _organisation()
    _publish(viewer, 50)
    for pct in (60, 70, 80):
        _publish(_organisation(), pct)
    _publish(_organisation(opt_in=False), 80)  # does not take part
    _publish(_organisation(), 90, status=SurveyStatus.FIELDWORK)  # not reported
    _publish(_organisation(), 90, reported_on=AFTER_CUTOFF)  # reported on the cut-off: late
    assert _seen(viewer) == {}


@pytest.mark.django_db
def test_nothing_of_a_year_is_shown_before_its_cut_off():
    viewer = _organisation()
    for pct in (60, 70, 80, 90):
        _publish(_organisation(), pct)
    assert _seen(viewer, today=BEFORE_CUTOFF) == {}  # would be 2024's: there is none
    assert _seen(viewer, today=AFTER_CUTOFF) == {"wmo-2": Benchmark(75, 4, YEAR)}


@pytest.mark.django_db
def test_a_report_before_the_cut_off_shows_last_year_fixed_and_labelled():
    viewer = _organisation()
    for pct in (60, 70, 80, 90):
        _publish(_organisation(), pct)
    (benchmark,) = benchmarks_for(viewer.pk, "wmo", YEAR + 1, today=dt.date(2026, 12, 4)).values()
    assert benchmark == Benchmark(75, 4, YEAR)
    assert benchmark.label == "gemiddelde over 2025 van 4 gemeenten"


@pytest.mark.django_db
def test_a_newcomer_after_the_cut_off_does_not_move_what_the_others_see():
    """The old leak: an organisation in the average compared it before and after a newcomer
    joined and read the newcomer's figure as 5·b - 4·a. Now the year is fixed at its cut-off:
    a newcomer that joins and reports afterwards (or one that withdraws, or edits its
    figure) leaves every organisation's view of the year as it was."""
    viewer = _organisation()
    _publish(viewer, 50)
    others = [_organisation() for _ in range(4)]
    for organisation, pct in zip(others, (60, 70, 80, 90), strict=True):
        _publish(organisation, pct)
    before = _seen(viewer)
    assert before == {"wmo-2": Benchmark(75, 4, YEAR)}

    newcomer = _organisation(opt_in=False)
    newcomer.benchmark_opt_in = True
    newcomer.save()
    _publish(newcomer, 0.0, reported_on=dt.date(YEAR + 1, 9, 1))
    assert _seen(viewer, today=dt.date(YEAR + 1, 9, 2)) == before

    # A figure changed or withdrawn after the cut-off does not show through either.
    TrendResult.objects.filter(organisation=others[0]).update(pct_agree=0.0)
    others[1].benchmark_opt_in = False
    others[1].save()
    assert _seen(viewer, today=dt.date(YEAR + 2, 1, 1)) == before
    # The newcomer sees the fixed year too: the average of all five, itself not among them.
    assert _seen(newcomer, today=dt.date(YEAR + 1, 9, 2)) == {"wmo-2": Benchmark(70, 5, YEAR)}


@pytest.mark.django_db
def test_a_newcomer_reporting_late_is_not_in_the_year_even_before_anyone_looked():
    viewer = _organisation()
    for pct in (60, 70, 80, 90):
        _publish(_organisation(), pct)
    _publish(_organisation(), 0.0, reported_on=dt.date(YEAR + 1, 8, 1))  # after the cut-off
    assert _seen(viewer, today=dt.date(YEAR + 1, 8, 2)) == {"wmo-2": Benchmark(75, 4, YEAR)}


@pytest.mark.django_db
def test_an_organisation_that_does_not_take_part_sees_nothing():
    for pct in (60, 70, 80, 90):
        _publish(_organisation(), pct)
    assert _seen(_organisation(opt_in=False)) == {}


@pytest.mark.django_db
def test_an_attacker_learns_nothing_from_joining_or_from_changing_its_own_figure():
    """Four others at 60, 70, 80 and 90. With its own figure in the average, an attacker
    could join with a known figure, or move it, and solve for the others. It sees 75 whatever
    it does, so the differences it can take are all zero."""
    victims = [_organisation() for _ in range(4)]
    for organisation, pct in zip(victims, (60, 70, 80, 90), strict=True):
        _publish(organisation, pct)
    attacker = _organisation(opt_in=False)
    before = _seen(attacker)
    attacker.benchmark_opt_in = True
    attacker.save()
    joined = _seen(attacker)
    _publish(attacker, 0.0, reported_on=dt.date(YEAR + 1, 1, 5))
    with_zero = _seen(attacker)
    _publish(attacker, 100.0, reported_on=dt.date(YEAR + 1, 1, 5))
    with_hundred = _seen(attacker)
    assert before == {}
    assert joined == with_zero == with_hundred == {"wmo-2": Benchmark(75, 4, YEAR)}


@pytest.mark.django_db
def test_an_attacker_with_three_others_cannot_read_one_of_them():
    """Four taking part, the attacker and three others: below five, nothing is shown."""
    attacker = _organisation()
    _publish(attacker, 50)
    for pct in (60, 70, 80):
        _publish(_organisation(), pct)
    assert _seen(attacker) == {}


@pytest.mark.django_db
def test_only_standard_questions_are_compared():
    viewer = _organisation()
    for pct in (60, 70, 80, 90):
        organisation = _organisation()
        _publish(organisation, pct)
        _publish(organisation, pct, question="eigen_vraag")
    assert set(_seen(viewer)) == {"wmo-2"}
