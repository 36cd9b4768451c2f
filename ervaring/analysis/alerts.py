"""Signals: a statement with too many negative answers, so someone talks with the team.

Evaluation runs in the background worker (``ervaring.analysis.tasks.evaluate_alerts``),
never in a respondent's request, and is safe to run any number of times: an alert is an
*episode* (opened when a rule starts to hold, closed when the figure is back at or under
the threshold), the database allows one open episode per rule, statement and team, and the
mail goes out once per episode (``notified_at``). A figure that cannot be judged (too few
answers, or suppressed by the engine) leaves the state as it is: no opening, no recovery.

The figures are the engine's rows (:func:`ervaring.analysis.selections.rows_by_team`), with
the survey's suppression: a team whose cell the report would hide raises no team alert.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from ervaring.accounts.models import Role, Staff, Team
from ervaring.accounts.services import log_event
from ervaring.analysis import results as res
from ervaring.analysis.models import Alert, AlertRule
from ervaring.analysis.selections import TEAM, rows_by_team
from ervaring.analysis.snapshots import get_snapshot
from ervaring.questionnaires.models import Survey
from ervaring.stats.codes import TOTAL_LABEL, UNKNOWN_GROUP_LABEL
from ervaring.stats.rounding import round_half_up

logger = logging.getLogger(__name__)
OVERALL_SCOPE = ""


@dataclass(frozen=True)
class Figure:
    """A statement's share of disagreement in one scope, and whether the rule holds."""

    question_id: str
    team_slug: str
    pct_disagree: float
    n: int
    holds: bool


@dataclass
class EvaluationReport:
    opened: list[Alert] = field(default_factory=list)
    recovered: list[Alert] = field(default_factory=list)
    mails: int = 0


def get_rules(survey: Survey) -> list[AlertRule]:
    """The survey's active rules; the default rule is created the first time it is asked."""
    rules = list(survey.alert_rules.all())
    if not rules:
        rules = [AlertRule.objects.create(survey=survey)]
    return [rule for rule in rules if rule.is_active]


def figures_for(rule: AlertRule, rows: list[res.ResultRow]) -> list[Figure]:
    """The figures a rule judges: overall and, if asked, per known team.

    Pure. A suppressed row, a row without figures, or fewer than ``rule.min_n`` valid
    answers gives no figure at all.
    """
    figures = []
    for row in rows:
        if row.breakdown == res.OVERALL:
            scope = OVERALL_SCOPE
        elif rule.is_per_team and row.breakdown == TEAM:
            if row.group in (TOTAL_LABEL, UNKNOWN_GROUP_LABEL):
                continue
            scope = row.group
        else:
            continue
        if row.suppressed or row.n is None or row.pct_disagree is None or row.n < rule.min_n:
            continue
        holds = row.pct_disagree > rule.threshold_pct
        figures.append(Figure(row.question_id, scope, row.pct_disagree, row.n, holds))
    return figures


def evaluate_alerts(survey: Survey) -> EvaluationReport:
    """Open, update and close the survey's alerts from its current figures; mail new ones."""
    report = EvaluationReport()
    snapshot = get_snapshot(survey)
    texts = {q.id: q.text for q in snapshot.dataset.questions}
    names = dict(
        Team.objects.filter(organisation_id=survey.organisation_id).values_list("slug", "name")
    )
    for rule in get_rules(survey):
        since = None
        if rule.window_days:
            since = timezone.localdate() - timedelta(days=rule.window_days - 1)
        figures = figures_for(rule, rows_by_team(snapshot, since))
        _apply(rule, figures, texts, names, report)
    report.mails = notify_pending(survey)
    logger.info(
        "alerts evaluated",
        extra={
            "survey": survey.pk,
            "opened": len(report.opened),
            "recovered": len(report.recovered),
            "mails": report.mails,
        },
    )
    return report


def _apply(
    rule: AlertRule,
    figures: list[Figure],
    texts: dict[str, str],
    names: dict[str, str],
    report: EvaluationReport,
) -> None:
    now = timezone.now()
    open_alerts = {(a.question_id, a.team_slug): a for a in rule.alerts.filter(recovered_at=None)}
    for figure in figures:
        alert = open_alerts.get((figure.question_id, figure.team_slug))
        if alert is None and figure.holds:
            opened = _open(rule, figure, texts, names)
            if opened is not None:
                report.opened.append(opened)
        elif alert is not None and figure.holds:
            alert.pct_disagree, alert.n = figure.pct_disagree, figure.n
            alert.peak_pct = max(alert.peak_pct, figure.pct_disagree)
            alert.save(update_fields=["pct_disagree", "n", "peak_pct"])
        elif alert is not None:
            alert.recovered_at, alert.recovered_pct = now, figure.pct_disagree
            alert.pct_disagree, alert.n = figure.pct_disagree, figure.n
            alert.save(update_fields=["recovered_at", "recovered_pct", "pct_disagree", "n"])
            report.recovered.append(alert)


def _open(
    rule: AlertRule, figure: Figure, texts: dict[str, str], names: dict[str, str]
) -> Alert | None:
    """A new episode; None when another worker opened it first (the constraint decides)."""
    try:
        with transaction.atomic():
            return Alert.objects.create(
                rule=rule,
                survey_id=rule.survey_id,
                question_id=figure.question_id,
                question_text=texts.get(figure.question_id, "")[:500],
                team_slug=figure.team_slug,
                team_name=names.get(figure.team_slug, figure.team_slug),
                pct_disagree=figure.pct_disagree,
                n=figure.n,
                peak_pct=figure.pct_disagree,
            )
    except IntegrityError:
        return None


def notify_pending(survey: Survey) -> int:
    """Mail every open alert not mailed yet, one mail per scope; returns the mails sent.

    An alert counts as notified only once a mail went to someone: a scope without any
    recipient is left pending (the dashboard says so, see `find_unreached`) and is mailed
    on the first run after someone has an e-mail address. ``notified_at`` is claimed before
    sending (a conditional update), so two workers never both mail the same alert; a
    failed send releases it for the next run.
    """
    pending = list(
        Alert.objects.filter(survey=survey, recovered_at=None, notified_at=None)
        .select_related("rule")
        .order_by("pk")
    )
    scopes: dict[str, list[Alert]] = {}
    for alert in pending:
        scopes.setdefault(alert.team_slug, []).append(alert)
    sent = 0
    for scope, alerts in scopes.items():
        recipients = recipients_for(survey, scope)
        if recipients and _mail_scope(survey, scope, alerts, recipients):
            sent += 1
    return sent


def _mail_scope(survey: Survey, scope: str, alerts: list[Alert], recipients: list[str]) -> bool:
    """Claim, send, and release on failure; False when not sent (claimed elsewhere, failed)."""
    now = timezone.now()
    ids = [a.pk for a in alerts]
    claimed = Alert.objects.filter(pk__in=ids, notified_at=None).update(notified_at=now)
    if claimed != len(ids):
        Alert.objects.filter(pk__in=ids, notified_at=now).update(notified_at=None)
        return False
    try:
        send_mail(*_mail(survey, alerts), settings.DEFAULT_FROM_EMAIL, recipients)
    except OSError:
        logger.exception("alert mail failed", extra={"survey": survey.pk, "team": scope})
        Alert.objects.filter(pk__in=ids, notified_at=now).update(notified_at=None)
        return False
    return True


@dataclass(frozen=True)
class UnreachedScope:
    """Open alerts that no mail has reached, because nobody in their scope has an address."""

    where: str
    reason: str


def find_unreached(survey: Survey, alerts: list[Alert]) -> list[UnreachedScope]:
    """For the dashboard: the scopes of these alerts that nobody receives mail about.

    Only alerts still waiting for their mail are looked at, so a page without such alerts
    costs no query here.
    """
    scopes = {a.team_slug: a.team_name for a in alerts if a.is_open and a.notified_at is None}
    unreached = []
    for slug, name in sorted(scopes.items()):
        if recipients_for(survey, slug):
            continue  # a mail is on its way at the next evaluation
        who = "geen onderzoeker en geen teamleider van dit team" if slug else "geen onderzoeker"
        unreached.append(
            UnreachedScope(
                where=name or "de hele organisatie",
                reason=f"Er is {who} met een e-mailadres in Ervaring.",
            )
        )
    return unreached


def recipients_for(survey: Survey, team_slug: str) -> list[str]:
    """The survey's onderzoekers and, for a team alert, the team's teamleiders."""
    staff = Staff.objects.filter(organisation_id=survey.organisation_id, is_active=True).exclude(
        email=""
    )
    people = staff.filter(role=Role.ONDERZOEKER)
    if team_slug:
        people = people | staff.filter(role=Role.TEAMLEIDER, team__slug=team_slug)
    return sorted({person.email for person in people})


def _mail(survey: Survey, alerts: list[Alert]) -> tuple[str, str]:
    where = alerts[0].team_name or "de hele organisatie"
    path = reverse("reporting:survey-dashboard", args=[survey.slug])
    if alerts[0].team_slug:
        path = reverse("reporting:team-dashboard", args=[survey.slug, alerts[0].team_slug])
    lines = [
        f"Signaal in het onderzoek '{survey.name}' voor {where}.",
        "",
        "Bij deze stellingen is meer dan de drempel van de antwoorden 'niet mee eens' of "
        "'helemaal niet mee eens':",
        "",
    ]
    for alert in alerts:
        lines.append(
            f"- {alert.question_text or alert.question_id}: "
            f"{round_half_up(alert.pct_disagree)}% oneens "
            f"(n={alert.n}; drempel {alert.rule.threshold_pct:g}%)"
        )
    lines += [
        "",
        "U krijgt hierover geen nieuwe e-mail zolang het percentage boven de drempel blijft.",
        f"Bekijk het signaal en leg vast wat u ermee doet: {settings.PUBLIC_BASE_URL}{path}",
    ]
    subject = f"Signaal: {len(alerts)} stelling(en) boven de drempel bij {where}"
    return subject, "\n".join(lines)


def acknowledge_alert(alert: Alert, staff: Staff, note: str) -> Alert:
    """Record that the alert was discussed, with what was agreed; kept in the history."""
    with transaction.atomic():
        alert.acknowledged_at = timezone.now()
        alert.acknowledged_by = staff
        alert.note = note.strip()
        alert.save(update_fields=["acknowledged_at", "acknowledged_by", "note"])
        log_event(
            "alert.acknowledged",
            organisation=staff.organisation,
            actor=staff,
            target=f"{alert.survey_id}:{alert.question_id}:{alert.team_slug or 'totaal'}",
            alert=alert.pk,
        )
    return alert
