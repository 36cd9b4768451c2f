"""Vergelijking met andere gemeenten: the average of the participating organisations.

Municipalities in one installation may compare themselves with each other (domain.md
section 5), but no municipality may learn another's figure. What one organisation sees, per
standard question and year, is the average % eens of the *other* organisations that opted in
and published that year, and only when there are at least :data:`MIN_OTHERS` of them.

How a single other organisation's figure is kept out of reach:

- **The viewer's own figure is never in the average it sees.** Otherwise an organisation
  that knows its own figure could subtract it, and with its own figure in the average an
  attacker that types in, changes or withdraws its figure (or opts in and out) would see the
  average move by a known amount and learn the sum of the others. Because its own figure is
  left out, what an organisation sees does not change at all when it joins, leaves or
  changes its figures: comparing "before and after it joins" gives nothing.
- **At least three others.** With one other, the average *is* that figure; with two, each
  of them can subtract its own and read the other's. With three, an organisation in the
  average learns only the sum of two others.
- **Only published figures**: an organisation's figure of a year counts only when it has
  finished (reported) a survey of that law in that year, so that figures typed in or half
  computed during fieldwork never enter another municipality's report, and a figure does
  not come and go with every new response (which would invite differencing over time).
- **Rounded to whole percents** (half up), like the published reports: the small moves of
  the average that a differencing over time (an organisation joining the others) could
  exploit are hidden in the rounding up to half a point.

What remains (docs-level caveat): several colluding organisations pool what they know, and
an organisation joining the others later changes N; with N >= 4 the change of a rounded
average bounds, but does not give, the newcomer's figure.

Pure: :func:`benchmark_average` takes plain figures; :func:`benchmarks_for` reads them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ervaring.stats.rounding import round_half_up

if TYPE_CHECKING:
    from ervaring.questionnaires.models import Survey

#: The fewest other organisations whose figures may be averaged.
MIN_OTHERS = 3


@dataclass(frozen=True)
class Benchmark:
    """The rounded average % eens of ``organisations`` other participating organisations."""

    pct: int
    organisations: int

    @property
    def label(self) -> str:
        return f"gemiddelde van {self.organisations} deelnemende gemeenten"


def benchmark_average(own: int, figures: Mapping[int, float]) -> Benchmark | None:
    """The average of the figures of every organisation but ``own`` (org id -> % eens), or
    None when fewer than :data:`MIN_OTHERS` others have a figure."""
    others = [pct for org, pct in figures.items() if org != own]
    if len(others) < MIN_OTHERS:
        return None
    return Benchmark(round_half_up(sum(others) / len(others)), len(others))


def benchmarks_for(organisation_id: int, law: str, year: int) -> dict[str, Benchmark]:
    """Per standard question: the benchmark a participating organisation sees for ``year``.

    Empty when the organisation itself does not take part (who does not share, does not see).
    """
    from ervaring.accounts.models import Organisation
    from ervaring.analysis.models import TrendResult
    from ervaring.questionnaires.models import Survey, SurveyStatus

    if not Organisation.objects.filter(pk=organisation_id, benchmark_opt_in=True).exists():
        return {}
    reported = Survey.objects.filter(
        organisation__benchmark_opt_in=True, law=law, status=SurveyStatus.REPORTED
    )
    published = {s.organisation_id for s in reported if reporting_year(s) == year}
    published.discard(organisation_id)
    if len(published) < MIN_OTHERS:
        return {}
    per_question: dict[str, dict[int, float]] = defaultdict(dict)
    for trend in TrendResult.objects.filter(organisation_id__in=published, law=law, year=year).only(
        "organisation_id", "question", "pct_agree"
    ):
        if "-" in trend.question:  # standard ids ("wmo-2") only: the same question everywhere
            per_question[trend.question][trend.organisation_id] = trend.pct_agree
    found = {}
    for question, figures in per_question.items():
        benchmark = benchmark_average(organisation_id, figures)
        if benchmark is not None:
            found[question] = benchmark
    return found


def reporting_year(survey: Survey) -> int:
    """The year a survey reports on, by the report's rule (``reporting.report.survey_year``,
    which this lower layer cannot import): the year fieldwork opened, else started, else made."""
    from django.utils import timezone

    if survey.opens_on:
        return survey.opens_on.year
    started = survey.fieldwork_started_at or survey.created_at
    return timezone.localtime(started).year if started else timezone.localdate().year
