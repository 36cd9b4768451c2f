"""The audit log's hash chain: records that cannot be changed afterwards without it showing.

Every organisation has its own chain (events of no organisation form the installation's).
Each event gets the next number in its chain and `chain_hash = HMAC(key, previous hash +
the event's fields)`. Changing, inserting or deleting an event breaks every later link, and
because the hash is keyed (`AUDIT_KEY`, not stored in the database) someone who can only write
to the database cannot recompute the chain. `verify_chains` (command `verify-audit-log`)
recomputes everything.

Events are sealed right after the transaction that wrote them commits, not inside it: sealing
takes the chain's lock, and holding it through a long action (a population import) would make
every other action of the organisation wait. An event is unsealed for that moment only; the
schedule and the command seal any that a crash left behind.

What the chain cannot show by itself: removing the *last* events together with rewinding the
chain's head. The command prints each head; keeping that line outside the database (the
systemd journal of the timer that runs it) closes the gap (docs/security.md).
"""

import hashlib
import hmac
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC

from django.conf import settings
from django.db import transaction

from ervaring.accounts.models import AuditChain, AuditEvent

INSTALLATION = "installatie"


def scope_of(organisation_id: int | None) -> str:
    return f"org:{organisation_id}" if organisation_id is not None else INSTALLATION


def link_hash(previous: str, event: AuditEvent, seq: int) -> str:
    """The keyed hash that ties `event`, as number `seq`, to the hash before it.

    The actor is named by `actor_label` (kept when the account is deleted), never by the
    foreign key, which Django nulls when a staff member is removed.
    """
    fields = [
        seq,
        event.at.astimezone(UTC).isoformat(),
        event.organisation_id,
        event.actor_label,
        event.action,
        event.target,
        event.details,
    ]
    body = json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    key = hashlib.sha256(("ervaring.audit:" + settings.AUDIT_KEY).encode()).digest()
    return hmac.new(key, (previous + body).encode(), hashlib.sha256).hexdigest()


def seal_pending() -> int:
    """Give every unsealed event its place in its chain; returns how many were sealed.

    Safe to run at any time and in parallel: each chain is extended under its head's lock,
    and only events committed before the lock was taken are seen.
    """
    sealed = 0
    scopes = (
        AuditEvent.objects.filter(chain_seq__isnull=True)
        .values_list("organisation_id", flat=True)
        .distinct()
    )
    for organisation_id in list(scopes):
        sealed += _seal_chain(organisation_id)
    return sealed


def _seal_chain(organisation_id: int | None) -> int:
    scope = scope_of(organisation_id)
    with transaction.atomic():
        AuditChain.objects.bulk_create(
            [AuditChain(scope=scope, organisation_id=organisation_id)], ignore_conflicts=True
        )
        head = AuditChain.objects.select_for_update().get(scope=scope)
        pending = AuditEvent.objects.filter(
            organisation_id=organisation_id, chain_seq__isnull=True
        ).order_by("pk")
        count = 0
        for event in pending:
            seq = head.last_seq + 1
            event.chain_seq, event.chain_hash = seq, link_hash(head.last_hash, event, seq)
            event.save(update_fields=["chain_seq", "chain_hash"])
            head.last_seq, head.last_hash = seq, event.chain_hash
            count += 1
        head.save(update_fields=["last_seq", "last_hash"])
    return count


def seal_after_commit() -> None:
    """Called by `log_event`: seal once the caller's transaction has committed."""
    transaction.on_commit(seal_pending, robust=True)


@dataclass(frozen=True)
class ChainReport:
    scope: str
    name: str
    length: int
    last_hash: str
    problems: tuple[str, ...]


def verify_chains() -> Iterator[ChainReport]:
    """Recompute every chain; a report per chain, with every break found (in Dutch)."""
    for head in AuditChain.objects.select_related("organisation").order_by("scope"):
        yield _verify(head)


def _verify(head: AuditChain) -> ChainReport:
    problems: list[str] = []
    organisation_id = head.organisation_id if head.scope != INSTALLATION else None
    events = AuditEvent.objects.filter(
        organisation_id=organisation_id, chain_seq__isnull=False
    ).order_by("chain_seq")
    previous, expected = "", 1
    for event in events.iterator():
        if event.chain_seq != expected:
            problems.append(f"record {expected} tot {event.chain_seq - 1} ontbreekt")
        if link_hash(previous, event, event.chain_seq) != event.chain_hash:
            problems.append(f"record {event.chain_seq} is veranderd of verplaatst (id {event.pk})")
        previous, expected = event.chain_hash, event.chain_seq + 1
    if expected - 1 != head.last_seq or previous != head.last_hash:
        problems.append(
            f"de keten eindigt bij record {expected - 1}, maar het laatste verzegelde record "
            f"was {head.last_seq}"
        )
    name = head.organisation.name if head.organisation is not None else "installatie"
    return ChainReport(head.scope, name, head.last_seq, head.last_hash, tuple(problems))
