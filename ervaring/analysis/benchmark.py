"""Vergelijking met andere gemeenten: the average of the participating organisations.

Municipalities in one installation may compare themselves with each other (domain.md
section 5), but no municipality may learn another's figure. What one organisation sees, per
standard question, is the average % eens of the *other* participating organisations in one
year, and only when at least five organisations take part: the viewer and at least
:data:`MIN_OTHERS` others.

A year's comparison is **fixed at a cut-off date**: 1 July of the following year by default
(``settings.BENCHMARK_CUTOFF``, the date by which municipalities publish their CEO results).
Only surveys reported before the cut-off count, nothing is shown for the year before that
date, and the first time it is asked for on or after it the figures are written down
(``accounts.BenchmarkYear``) and never change again. A report made before year Y's cut-off
shows the latest fixed year instead, labelled with its year, and says when Y's will come.

Why fixed: with an average that moves as organisations come and go, an organisation already
in it could compare what it saw before and after a newcomer joined (n others at average a,
then n + 1 at average b) and read the newcomer's figure as (n + 1)·b - n·a, to within
(2n + 1)/2 points despite the rounding to whole percents (±3.5 points with three others).
A fixed year has no "before and after": a newcomer, a late report, a changed or deleted
figure, an organisation that opts out or is removed, all leave the year's comparison as
everyone saw it.

Can an organisation still learn one other's figure? Not from what it is shown:

- **Its own figure is never in the average it sees**, so it cannot subtract it, and nothing
  it does with its own figures (join, leave, type in 0 or 100) moves what it sees.
- **Four others at least.** It sees only the sum of four or more figures. Only when all
  others but one pool their own figures with it (three municipalities handing theirs to a
  fourth) does the remaining one follow, as from any published average; a figure a
  municipality published itself is public anyway.
- **One number per question and year.** Different years, questions and laws hold different
  figures, so comparing them (this year's fixed average with last year's, or the fallback
  shown before the cut-off with the year shown after it) gives no single figure either.
- **Rounded to whole percents** (half up), like the published reports.
- **Only reported figures**: a figure counts only when the organisation finished (reported)
  a survey of that law and year before the cut-off, so figures typed in or computed during
  fieldwork never enter another municipality's report.

Consent: an organisation that stops taking part sees nothing from then on and is left out
of every year not yet fixed; a year already fixed keeps its figure, as a printed report
keeps it (removing it would reopen the before-and-after the fixing closes).

Pure: :func:`benchmark_average` and :func:`cutoff_date` take plain values;
:func:`benchmarks_for` reads and fixes.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ervaring.stats.rounding import round_half_up

if TYPE_CHECKING:
    from ervaring.questionnaires.models import Survey

#: The fewest other organisations whose figures may be averaged (with the viewer: five).
MIN_OTHERS = 4


@dataclass(frozen=True)
class Benchmark:
    """The rounded average % eens of ``organisations`` other participating organisations in
    ``year``."""

    pct: int
    organisations: int
    year: int

    @property
    def label(self) -> str:
        return f"gemiddelde over {self.year} van {self.organisations} gemeenten"


def benchmark_average(own: int, figures: Mapping[int, float], year: int) -> Benchmark | None:
    """The average of the figures of every organisation but ``own`` (org id -> % eens), or
    None when fewer than :data:`MIN_OTHERS` others have a figure."""
    others = [pct for org, pct in figures.items() if org != own]
    if len(others) < MIN_OTHERS:
        return None
    return Benchmark(round_half_up(sum(others) / len(others)), len(others), year)


def cutoff_date(year: int, cutoff: str | None = None) -> dt.date:
    """The day ``year``'s comparison is fixed: ``cutoff`` (``"MM-DD"``, by default
    ``settings.BENCHMARK_CUTOFF``) of the following year."""
    if cutoff is None:
        from django.conf import settings

        cutoff = settings.BENCHMARK_CUTOFF
    month, day = map(int, cutoff.split("-"))
    return dt.date(year + 1, month, day)


def shown_year(year: int, today: dt.date) -> int:
    """The year whose comparison a report on ``year`` shows on ``today``: ``year`` itself
    from its cut-off on, before that the latest year already fixed."""
    while year > 1 and today < cutoff_date(year):
        year -= 1
    return year


def benchmarks_for(
    organisation_id: int, law: str, year: int, *, today: dt.date | None = None
) -> dict[str, Benchmark]:
    """Per standard question: the comparison a participating organisation sees in a report
    on ``year``: that year's once it is fixed, else the latest fixed year's (each
    :class:`Benchmark` names its year).

    Empty when the organisation itself does not take part (who does not share, does not see).
    """
    from django.utils import timezone

    from ervaring.accounts.models import Organisation

    if not Organisation.objects.filter(pk=organisation_id, benchmark_opt_in=True).exists():
        return {}
    year = shown_year(year, today or timezone.localdate())
    found = {}
    for question, figures in fixed_figures(law, year).items():
        benchmark = benchmark_average(organisation_id, figures, year)
        if benchmark is not None:
            found[question] = benchmark
    return found


def fixed_figures(law: str, year: int) -> dict[str, dict[int, float]]:
    """``year``'s figures per standard question (org id -> % eens) as fixed; fixed now from
    what was reported before the cut-off when this is the first call on or after it.

    Call only for a year whose cut-off has passed (:func:`shown_year` sees to that).
    """
    from django.db import IntegrityError, transaction

    from ervaring.accounts.models import BenchmarkYear

    fixed = BenchmarkYear.objects.filter(law=law, year=year).first()
    if fixed is None:
        try:
            with transaction.atomic():
                fixed = BenchmarkYear.objects.create(
                    law=law, year=year, figures=_reported_figures(law, year)
                )
        except IntegrityError:  # fixed by a concurrent request a moment ago: that one holds
            fixed = BenchmarkYear.objects.get(law=law, year=year)
    return {
        question: {int(org): float(pct) for org, pct in pairs}
        for question, pairs in fixed.figures.items()
    }


def _reported_figures(law: str, year: int) -> dict[str, list[list[float]]]:
    """The figures that make ``year``'s comparison: per standard question, the % eens of every
    participating organisation that reported a survey of ``law`` and ``year`` before the
    cut-off."""
    from django.utils import timezone

    from ervaring.analysis.models import TrendResult
    from ervaring.questionnaires.models import Survey, SurveyStatus

    cutoff = timezone.make_aware(dt.datetime.combine(cutoff_date(year), dt.time()))
    reported = Survey.objects.filter(
        organisation__benchmark_opt_in=True,
        law=law,
        status=SurveyStatus.REPORTED,
        reported_at__lt=cutoff,
    )
    published = {s.organisation_id for s in reported if reporting_year(s) == year}
    per_question: dict[str, list[list[float]]] = defaultdict(list)
    for trend in TrendResult.objects.filter(organisation_id__in=published, law=law, year=year).only(
        "organisation_id", "question", "pct_agree"
    ):
        if "-" in trend.question:  # standard ids ("wmo-2") only: the same question everywhere
            per_question[trend.question].append([trend.organisation_id, trend.pct_agree])
    return dict(per_question)


def reporting_year(survey: Survey) -> int:
    """The year a survey reports on, by the report's rule (``reporting.report.survey_year``,
    which this lower layer cannot import): the year fieldwork opened, else started, else made."""
    from django.utils import timezone

    if survey.opens_on:
        return survey.opens_on.year
    started = survey.fieldwork_started_at or survey.created_at
    return timezone.localtime(started).year if started else timezone.localdate().year
