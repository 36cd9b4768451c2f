"""The live dashboards: the survey's (onderzoeker, beheerder) and a team's (its members).

Every figure comes ready from analysis (:mod:`ervaring.analysis.selections`: rows with
``value``, ``n`` and ``suppressed`` decided by the engine); this module only gathers them
with the fieldwork counts, the alerts and the charts into one object per page, so views
stay thin and templates only display. Costs a fixed number of queries per page whatever
the number of responses (the figures are drawn from the running totals of
:mod:`ervaring.analysis.tallies` and cached per response state; the invitation counts for a
minute).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

import numpy as np
from django.http import Http404
from django.utils import timezone

from ervaring.accounts import permissions
from ervaring.accounts.models import Staff, Team
from ervaring.accounts.services import log_event
from ervaring.analysis import alerts as alerts_service
from ervaring.analysis.benchmark import Benchmark, benchmarks_for
from ervaring.analysis.models import Alert, PublicSummary
from ervaring.analysis.results import ResultRow
from ervaring.analysis.selections import PairedRow, Selection, selection_mask, selection_rows
from ervaring.analysis.selections import team_rows as engine_team_rows
from ervaring.analysis.services import compare_with_previous_year
from ervaring.analysis.snapshots import Snapshot, get_dashboard_snapshot, get_state, remember
from ervaring.analysis.trends import TrendComparison
from ervaring.fieldwork import overview
from ervaring.questionnaires.models import Law, Survey
from ervaring.reporting.charts import StackedBar, stacked_bars_svg, time_series_svg
from ervaring.reporting.words import percent

#: Days in the per-day response chart; the per-week chart covers the whole period.
DAYS = 28
#: The worker's invitation counts are shown while at most this old: two runs of a schedule
#: every five minutes (docs/deploy.md), so one late run does not make pages count.
FIELDWORK_MAX_AGE = timedelta(minutes=10)
#: Without them, a page counts for itself at most this often (seconds).
FIELDWORK_SECONDS = 60
HISTORY = 20


@dataclass(frozen=True)
class Statement:
    """One statement's figures for the page: the part shown, its reference, last year."""

    id: str
    text: str
    row: ResultRow  # of the selection or the team
    reference: ResultRow  # of the whole (period)
    previous: TrendComparison | None = None
    benchmark: Benchmark | None = None  # the average of other participating municipalities

    @property
    def change_text(self) -> str:
        """Whether the change since last year is more than chance, in words."""
        if self.previous is None:
            return ""
        if not self.previous.is_significant:
            return "geen duidelijk verschil"
        return (
            "hoger, meer dan toeval" if self.previous.difference > 0 else "lager, meer dan toeval"
        )


@dataclass(frozen=True)
class Series:
    """Completed responses over time, with both charts."""

    per_day: list[tuple[str, int]]
    per_week: list[tuple[str, int]]
    day_svg: str
    week_svg: str
    total: int


@dataclass(frozen=True)
class FilterOptions:
    """Valid values for the filters: (value, label) pairs from the data itself, and the
    snapshot they were read from, so that the page's figures come from the same state
    without reading it a second time."""

    teams: list[tuple[str, str]]
    strata: list[tuple[str, str]]
    laws: list[tuple[str, str]]
    snapshot: Snapshot | None = None


@dataclass(frozen=True)
class ThemeRow:
    """One plus- or kluspunt: a printed cell per column ("12 (40%)", or "·" when hidden)."""

    key: str
    label: str
    kind: str
    cells: tuple[str, ...]


@dataclass(frozen=True)
class ThemeCounts:
    """Respondents who mention each theme in their coded open answers, per column (the
    organisation and its teams, or one team); ``bases`` are the coded respondents."""

    columns: tuple[str, ...]
    bases: tuple[str, ...]
    rows: tuple[ThemeRow, ...]


@dataclass
class Dashboard:
    survey: Survey
    version: str
    min_n: int
    statements: list[Statement]
    chart_svg: str
    series: Series | None = None
    open_alerts: list[Alert] = field(default_factory=list)
    past_alerts: list[Alert] = field(default_factory=list)
    unreached: list[alerts_service.UnreachedScope] = field(default_factory=list)
    fieldwork: overview.Breakdowns | None = None
    team: Team | None = None
    selection: Selection = field(default_factory=Selection)
    can_acknowledge: bool = False
    is_public: bool = False
    themes: ThemeCounts | None = None

    @property
    def has_benchmark(self) -> bool:
        return any(s.benchmark for s in self.statements)


def get_filter_options(survey: Survey) -> FilterOptions:
    """What the survey dashboard's filters may be set to (teams, strata, laws seen)."""
    snapshot = get_dashboard_snapshot(survey)
    frame = snapshot.dataset.frame
    names = _team_names(survey)
    teams = [(str(t), names.get(str(t), str(t))) for t in frame["team"].cat.categories]
    groups = snapshot.dataset.memberships["group"]
    strata = [(str(g), str(g).replace("_", " ")) for g in groups.cat.categories]
    laws = dict(Law.choices)
    return FilterOptions(
        teams=sorted(teams, key=lambda t: t[1]),
        strata=strata,
        laws=[(str(law), laws.get(str(law), str(law))) for law in frame["law"].cat.categories],
        snapshot=snapshot,
    )


def get_survey_dashboard(
    survey: Survey, selection: Selection, user: Staff, snapshot: Snapshot | None = None
) -> Dashboard:
    """Everything the survey dashboard shows for this selection (from ``snapshot``, the
    one its filter options came from, when given)."""
    snapshot = snapshot or get_dashboard_snapshot(survey)
    paired = selection_rows(snapshot, selection)
    previous, benchmarks = {}, {}
    if not selection.is_narrowed and selection.since is None and selection.until is None:
        previous = _previous_year(survey, snapshot, paired)
        benchmarks = _benchmarks(survey, snapshot)
    statements = _statements(paired, previous, benchmarks)
    alerts = list(Alert.objects.filter(survey=survey).select_related("acknowledged_by"))
    return Dashboard(
        survey=survey,
        version=snapshot.state,
        min_n=snapshot.dataset.min_n,
        statements=statements,
        chart_svg=_chart(statements, "Stellingen: eens, neutraal en oneens", snapshot),
        series=_series(snapshot, selection_mask(snapshot, selection)),
        open_alerts=[a for a in alerts if a.is_open],
        past_alerts=[a for a in alerts if not a.is_open][:HISTORY],
        unreached=alerts_service.find_unreached(survey, alerts),
        fieldwork=_fieldwork(survey),
        selection=selection,
        themes=_themes(
            survey, snapshot, replace(selection, team=None), names=lambda: _team_names(survey)
        ),
        can_acknowledge=permissions.can_view_survey(user, survey),
        is_public=PublicSummary.objects.filter(survey=survey, is_enabled=True).exists(),
    )


def get_team_dashboard(
    survey: Survey, team: Team, user: Staff, since: date | None = None, until: date | None = None
) -> Dashboard:
    """The team's results beside the organisation's total; never another team's figures."""
    snapshot = get_dashboard_snapshot(survey)
    statements = _statements(engine_team_rows(snapshot, team.slug, since, until), {})
    alerts = list(
        Alert.objects.filter(survey=survey, team_slug=team.slug).select_related("acknowledged_by")
    )
    selection = Selection(since=since, until=until, team=team.slug)
    return Dashboard(
        survey=survey,
        version=snapshot.state,
        min_n=snapshot.dataset.min_n,
        statements=statements,
        chart_svg=_chart(statements, f"Stellingen voor {team.name}", snapshot),
        series=_series(snapshot, selection_mask(snapshot, selection)),
        open_alerts=[a for a in alerts if a.is_open],
        past_alerts=[a for a in alerts if not a.is_open][:HISTORY],
        unreached=alerts_service.find_unreached(survey, alerts),
        team=team,
        selection=selection,
        themes=_themes(
            survey,
            snapshot,
            replace(selection, team=None),
            names=lambda: {team.slug: team.name},
            only=team.slug,
        ),
        can_acknowledge=permissions.can_acknowledge_team_alerts(user, survey, team),
    )


def get_public_summary(slug: str) -> Dashboard:
    """The headline figures of a survey whose public summary is switched on; else 404.

    Only overall rows (suppressed by the engine as anywhere else) and the total response.
    """
    summary = (
        PublicSummary.objects.select_related("survey__organisation")
        .filter(survey__slug=slug, is_enabled=True)
        .first()
    )
    if summary is None:
        raise Http404("Niet gevonden")
    survey = summary.survey
    snapshot = get_dashboard_snapshot(survey)
    statements = _statements(selection_rows(snapshot, Selection()), {})
    return Dashboard(
        survey=survey,
        version=snapshot.state,
        min_n=snapshot.dataset.min_n,
        statements=statements,
        chart_svg=_chart(statements, f"Resultaten {survey.name}", snapshot),
        fieldwork=overview.Breakdowns(totals=_fieldwork(survey).totals),
        is_public=True,
    )


def set_public_summary(survey: Survey, user: Staff, *, is_enabled: bool) -> PublicSummary:
    """Switch the survey's page without login on or off (logged)."""
    summary, _ = PublicSummary.objects.update_or_create(
        survey=survey, defaults={"is_enabled": is_enabled, "changed_by": user}
    )
    log_event(
        "public_summary.enabled" if is_enabled else "public_summary.disabled",
        organisation=survey.organisation,
        actor=user,
        target=survey.slug,
    )
    return summary


def get_dashboard_version(survey: Survey) -> str:
    """The response state the page was drawn from; the refresh script compares it."""
    return get_state(survey)


def find_survey_for_team_member(user: object, slug: str, team_slug: str) -> tuple[Survey, Team]:
    """The survey and team if the user may see that team's figures; otherwise 404.

    404, never 403: another organisation's survey, another team and a team that does not
    exist look the same.
    """
    if not permissions.is_staff_member(user):
        raise Http404("Niet gevonden")
    survey = Survey.objects.filter(slug=slug, organisation_id=user.organisation_id).first()  # type: ignore[attr-defined]
    team = Team.objects.filter(organisation_id=user.organisation_id, slug=team_slug).first()  # type: ignore[attr-defined]
    if survey is None or team is None or not permissions.can_view_team(user, team):
        raise Http404("Niet gevonden")
    return survey, team


def find_alert_to_acknowledge(user: object, slug: str, pk: int) -> tuple[Alert, Team | None]:
    """The alert if the user may write its note, with the team whose dashboard they use
    (None: the survey dashboard); otherwise 404. Researchers sign off any alert of their
    survey, a teamleider only their own team's."""
    if not permissions.is_staff_member(user):
        raise Http404("Niet gevonden")
    alert = (
        Alert.objects.select_related("survey")
        .filter(pk=pk, survey__slug=slug, survey__organisation_id=user.organisation_id)  # type: ignore[attr-defined]
        .first()
    )
    if alert is None:
        raise Http404("Niet gevonden")
    if permissions.can_view_survey(user, alert.survey):
        return alert, None
    team = Team.objects.filter(
        organisation_id=alert.survey.organisation_id, slug=alert.team_slug
    ).first()
    if (
        alert.team_slug
        and team
        and permissions.can_acknowledge_team_alerts(user, alert.survey, team)
    ):
        return alert, team
    raise Http404("Niet gevonden")


def surveys_with_team_dashboards(user: object) -> list[tuple[Survey, Team]]:
    """The surveys of the user's organisation with their own team's dashboard."""
    if not permissions.is_staff_member(user) or user.team_id is None:  # type: ignore[attr-defined]
        return []
    surveys = Survey.objects.filter(organisation_id=user.organisation_id).exclude(  # type: ignore[attr-defined]
        status="concept"
    )
    return [(survey, user.team) for survey in surveys.order_by("-created_at")]  # type: ignore[attr-defined]


# --------------------------------------------------------------------------- internals


def _team_names(survey: Survey) -> dict[str, str]:
    return dict(
        Team.objects.filter(organisation_id=survey.organisation_id).values_list("slug", "name")
    )


def _themes(
    survey: Survey,
    snapshot: Snapshot,
    selection: Selection,
    *,
    names: Callable[[], dict[str, str]],
    only: str | None = None,
) -> ThemeCounts | None:
    """The theme counts per team for the selection's period, law and provision group.

    ``only`` is a team dashboard's own team: the other teams' cells (and the organisation's
    total, from which with two teams the other one would follow) are left out. The cells
    are decided over all teams at once, so a team's count hides with its complement as in
    the table book. None when no answer is coded yet. One query without coded answers,
    three with (codings, codes, team names: ``names`` is called only then).
    """
    from ervaring.analysis.code_results import team_theme_cells

    found = team_theme_cells(
        survey, snapshot.dataset, selection_mask(snapshot, selection), snapshot.positions_of
    )
    if not found or found[0][1][0].base == 0:
        return None
    first, names_of = found[0][1], names()
    keep = [
        i
        for i, cell in enumerate(first)
        if only is None or (cell.breakdown and str(cell.group) == only)
    ]
    columns = tuple(
        names_of.get(str(first[i].group), str(first[i].group)) if first[i].breakdown else "Totaal"
        for i in keep
    )
    bases = tuple("·" if first[i].base is None else str(first[i].base) for i in keep)
    kinds = {"plus": "pluspunt", "klus": "kluspunt"}
    rows = tuple(
        ThemeRow(
            code.key, code.label, kinds[code.polarity], tuple(_theme_cell(cells[i]) for i in keep)
        )
        for code, cells in sorted(found, key=lambda f: f[0].polarity != "plus")
    )
    return ThemeCounts(columns, bases, rows)


def _theme_cell(cell) -> str:
    if cell.suppressed or cell.count is None:
        return "·"
    return f"{cell.count} ({percent(cell.share)})"


def _previous_year(
    survey: Survey, snapshot: Snapshot, paired: list[PairedRow]
) -> dict[str, TrendComparison]:
    year = (survey.opens_on or timezone.localdate()).year
    rows = [p.reference for p in paired]
    comparisons = compare_with_previous_year(survey, year, snapshot.scale_questions, rows)
    keys = {q.id: q.standard or q.id for q in snapshot.scale_questions}
    by_key = {c.question: c for c in comparisons}
    return {qid: by_key[key] for qid, key in keys.items() if key in by_key}


def _benchmarks(survey: Survey, snapshot: Snapshot) -> dict[str, Benchmark]:
    """Per question id: the average of the other participating municipalities this year."""
    year = (survey.opens_on or timezone.localdate()).year
    found = benchmarks_for(survey.organisation_id, survey.law, year)
    keys = {q.id: q.standard for q in snapshot.scale_questions if q.standard}
    return {qid: found[key] for qid, key in keys.items() if key in found}


def _statements(
    paired: list[PairedRow],
    previous: dict[str, TrendComparison],
    benchmarks: dict[str, Benchmark] | None = None,
) -> list[Statement]:
    benchmarks = benchmarks or {}
    return [
        Statement(
            p.question.id,
            p.question.text,
            p.row,
            p.reference,
            previous.get(p.question.id),
            benchmarks.get(p.question.id),
        )
        for p in paired
    ]


def _chart(statements: list[Statement], title: str, snapshot: Snapshot) -> str:
    bars = [
        StackedBar(
            label=s.text or s.id,
            agree=s.row.pct_agree,
            neutral=s.row.pct_neutral,
            disagree=s.row.pct_disagree,
            n=s.row.n,
            suppressed=s.row.suppressed,
        )
        for s in statements
    ]
    return stacked_bars_svg(bars, title=title, min_n=snapshot.dataset.min_n)


def _series(snapshot: Snapshot, mask: np.ndarray) -> Series:
    """Responses per day (last DAYS days up to today) and per ISO week (whole period)."""
    key = ("series", snapshot.state, mask.tobytes(), timezone.localdate())
    return remember(key, lambda: _compute_series(snapshot.completed_on[mask]))


def _compute_series(days: np.ndarray) -> Series:
    today = timezone.localdate()
    values, counts = np.unique(days, return_counts=True)
    per_date = {v.astype(date): int(c) for v, c in zip(values, counts, strict=True)}
    day_list = [today - timedelta(days=n) for n in range(DAYS - 1, -1, -1)]
    per_day = [(f"{d.day}-{d.month}", per_date.get(d, 0)) for d in day_list]
    weeks: dict[tuple[int, int], int] = {}
    if per_date:
        start, end = min(per_date), max(max(per_date), today)
        monday = start - timedelta(days=start.weekday())
        while monday <= end:
            weeks[tuple(monday.isocalendar())[:2]] = 0  # type: ignore[index]
            monday += timedelta(days=7)
        for day, count in per_date.items():
            iso = day.isocalendar()
            weeks[(iso[0], iso[1])] = weeks.get((iso[0], iso[1]), 0) + count
    per_week = [(f"week {week} {year}", n) for (year, week), n in sorted(weeks.items())]
    return Series(
        per_day=per_day,
        per_week=per_week,
        day_svg=time_series_svg(
            per_day, title=f"Ingevulde vragenlijsten per dag, laatste {DAYS} dagen"
        ),
        week_svg=time_series_svg(
            [(label.rsplit(" ", 1)[0], n) for label, n in per_week],
            title="Ingevulde vragenlijsten per week",
        ),
        total=len(days),
    )


def _fieldwork(survey: Survey) -> overview.Breakdowns:
    """Invitation counts as the worker last counted them (`tasks.count_fieldwork`): they
    follow the worker's sending and progress notes, not the responses, and counting 100,000
    invitations costs a page view 0.3 s (docs/benchmarks.md). Without a recent count (no
    worker, or fieldwork over) the page counts itself, once a minute per process."""
    stored = overview.stored_breakdowns(survey, FIELDWORK_MAX_AGE)
    if stored is not None:
        return stored
    bucket = int(time.time() // FIELDWORK_SECONDS)
    return remember(("fieldwork", survey.pk, bucket), lambda: overview.breakdowns(survey))
