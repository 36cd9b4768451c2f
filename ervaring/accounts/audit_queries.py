"""The audit log as the beheerder reads it: one organisation's events, filtered, as rows."""

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from ervaring.accounts import audit_labels
from ervaring.accounts.models import AuditEvent, Organisation

CSV_HEADER = (
    "tijdstip",
    "wie",
    "handeling",
    "code",
    "onderwerp",
    "details",
    "volgnummer",
    "hash",
)


@dataclass(frozen=True)
class AuditFilter:
    start: date | None = None
    end: date | None = None
    actor: str = ""
    group: str = ""
    target: str = ""


@dataclass(frozen=True)
class AuditRow:
    at: datetime
    actor: str
    label: str
    action: str
    target: str
    details: str
    seq: int | None
    chain_hash: str


def events_of(organisation: Organisation, chosen: AuditFilter) -> QuerySet[AuditEvent]:
    """The organisation's events, newest first, narrowed by the filter."""
    events = AuditEvent.objects.filter(organisation=organisation)
    if chosen.start:
        events = events.filter(at__date__gte=chosen.start)
    if chosen.end:
        events = events.filter(at__date__lte=chosen.end)
    if chosen.actor:
        events = events.filter(actor_label=chosen.actor)
    if chosen.target:
        events = events.filter(target__icontains=chosen.target)
    if chosen.group:
        events = events.filter(_group_condition(chosen.group))
    return events.order_by("-at", "-pk")


def _group_condition(group: str) -> Q:
    if group == audit_labels.OTHER:
        known = Q(action__in=list(audit_labels.ACTIONS))
        for prefix in audit_labels.PREFIXES:
            known |= Q(action__startswith=prefix)
        return ~known
    exact, prefixes = audit_labels.codes_in(group)
    condition = Q(action__in=list(exact))
    for prefix in prefixes:
        condition |= Q(action__startswith=prefix)
    return condition


def actors_of(organisation: Organisation) -> list[str]:
    """Everyone who appears in the organisation's log, for the "wie" filter."""
    labels = AuditEvent.objects.filter(organisation=organisation).exclude(actor_label="")
    return sorted(set(labels.values_list("actor_label", flat=True)))


def as_row(event: AuditEvent) -> AuditRow:
    _group, label = audit_labels.describe(event.action)
    details = "; ".join(f"{k}: {v}" for k, v in sorted(event.details.items()))
    return AuditRow(
        at=timezone.localtime(event.at),
        actor=event.actor_label or "–",
        label=label,
        action=event.action,
        target=event.target,
        details=details,
        seq=event.chain_seq,
        chain_hash=event.chain_hash,
    )


def _neutralised(text: str) -> str:
    """Text that no spreadsheet runs as a formula: a leading = + - @ (or tab, CR) gets a quote."""
    return "'" + text if text[:1] in {"=", "+", "-", "@", "\t", "\r"} else text


def csv_lines(events: QuerySet[AuditEvent]) -> Iterator[str]:
    """The CSV export, line by line (semicolons and a BOM, as Dutch Excel expects)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")

    def line(values: tuple[object, ...]) -> str:
        writer.writerow(values)
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    yield "\ufeff" + line(CSV_HEADER)
    for event in events.iterator(chunk_size=2000):
        row = as_row(event)
        yield line(
            (
                row.at.strftime("%Y-%m-%d %H:%M:%S"),
                _neutralised(row.actor),
                _neutralised(row.label),
                row.action,
                _neutralised(row.target),
                _neutralised(row.details),
                row.seq if row.seq is not None else "",
                row.chain_hash,
            )
        )
