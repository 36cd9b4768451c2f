"""Webhooks: telling the organisation's own systems that a signal opened or recovered, or
that fieldwork reached a milestone.

How it works, in two steps run by the worker (`api.tasks.send_webhooks`, on the schedule):

1. *Collect*: for every active endpoint, the events of its organisation since the endpoint
   was added become `WebhookDelivery` rows, inserted with the event's id under a unique
   constraint, so each event is queued exactly once per endpoint however often this runs.
   Events are read from what the domain already records (an `Alert` episode's start and
   recovery, a survey's fieldwork dates, the fieldwork overview's response), so no domain
   app has to know that webhooks exist.
2. *Send*: a due delivery is claimed (`select_for_update(skip_locked)`, then a status change
   from `pending` only), POSTed with an HMAC signature, and marked delivered on a 2xx answer;
   otherwise it is tried again after 1, 2, 4, ... minutes (at most 6 hours apart) and given
   up after `MAX_ATTEMPTS`. A delivery left in `sending` by a worker that died is sent again:
   the receiver recognises a repeat by the event id (`X-Ervaring-Event-Id`), which is the
   contract that makes "exactly once per event id" hold end to end.

Signature (as Stripe's): `X-Ervaring-Signature: t=<unix time>,v1=<hex HMAC-SHA256 of
"<t>.<body>" with the endpoint's secret>`; the receiver recomputes it and refuses an old t.

Addresses: HTTPS to a public address only, checked when the endpoint is added and again,
after resolving the name, before every delivery; redirects are not followed (a redirect to
an inside address would get round the check). `ERVARING_WEBHOOK_ALLOW_PRIVATE` lifts this for
development and tests.
"""

import base64
import hashlib
import hmac
import ipaddress
import json
import logging
import secrets
import socket
import time
import urllib.error
import urllib.request
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from ervaring.accounts.models import Organisation, Staff
from ervaring.accounts.services import log_event
from ervaring.analysis.models import Alert
from ervaring.api.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint, WebhookEvent
from ervaring.fieldwork import overview
from ervaring.questionnaires.models import Survey, SurveyStatus

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 10
MAX_BACKOFF = timedelta(hours=6)
TIMEOUT_SECONDS = 10
# A delivery in `sending` for longer than this belongs to a worker that died.
STALE_AFTER = timedelta(minutes=5)
RESPONSE_STEP = 10  # fieldwork.response_reached at 10 %, 20 %, ...


class WebhookError(ValueError):
    """The endpoint cannot be added (the message is Dutch, for the beheerder)."""


@dataclass(frozen=True)
class Event:
    id: str
    type: WebhookEvent
    at: datetime
    data: dict[str, object]


# --- Endpoints -------------------------------------------------------------------------


def _fernet() -> Fernet:
    digest = hashlib.sha256(("ervaring.webhook-secret:" + settings.API_KEY_HASH_KEY).encode())
    return Fernet(base64.urlsafe_b64encode(digest.digest()))


def encrypt_secret(secret: str) -> str:
    return _fernet().encrypt(secret.encode()).decode()


def decrypt_secret(token: str) -> str | None:
    """The secret, or None when it was encrypted under another server key."""
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken:
        return None


def _is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address)
    return ip.is_global and not ip.is_multicast


def check_address(url: str) -> None:
    """Raise WebhookError unless the URL is HTTPS to a host whose every address is public
    (or private addresses are allowed here)."""
    parts = urlsplit(url)
    allow_private = settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES
    if parts.scheme != "https" and not (allow_private and parts.scheme == "http"):
        raise WebhookError("Het adres moet met https:// beginnen.")
    if not parts.hostname:
        raise WebhookError("Dit is geen volledig adres.")
    if allow_private:
        return
    try:
        found = {info[4][0] for info in socket.getaddrinfo(parts.hostname, parts.port or 443)}
    except (socket.gaierror, UnicodeError):
        raise WebhookError("Deze naam is niet te vinden.") from None
    if not found or not all(_is_public(address) for address in found):
        raise WebhookError("Dit adres ligt niet op het openbare internet.")


def create_endpoint(
    organisation: Organisation, url: str, events: Iterable[str], *, actor: Staff
) -> tuple[WebhookEndpoint, str]:
    """Add an endpoint (logged) and return it with its signing secret, shown once."""
    chosen = sorted(set(events))
    if not chosen or set(chosen) - set(WebhookEvent.values):
        raise WebhookError("Kies minstens één gebeurtenis.")
    check_address(url)
    secret = "whsec_" + secrets.token_urlsafe(32)
    with transaction.atomic():
        endpoint = WebhookEndpoint.objects.create(
            organisation=organisation,
            url=url,
            events=chosen,
            secret_encrypted=encrypt_secret(secret),
            created_by=actor,
        )
        log_event("api.webhook_created", organisation=organisation, actor=actor, target=url[:200])
    return endpoint, secret


def remove_endpoint(endpoint: WebhookEndpoint, *, actor: Staff) -> None:
    """Stop and remove the endpoint with its deliveries, logged."""
    with transaction.atomic():
        log_event(
            "api.webhook_removed",
            organisation=endpoint.organisation,
            actor=actor,
            target=endpoint.url[:200],
        )
        endpoint.delete()


# --- Collecting events ------------------------------------------------------------------


def _signal_data(alert: Alert) -> dict[str, object]:
    return {
        "survey": alert.survey.slug,
        "question_id": alert.question_id,
        "question_text": alert.question_text,
        "team": alert.team_slug or None,
        "pct_disagree": alert.pct_disagree,
        "n": alert.n,
        "started_at": alert.started_at.isoformat(),
        "recovered_at": alert.recovered_at.isoformat() if alert.recovered_at else None,
    }


def events_since(organisation_id: int, since: datetime) -> list[Event]:
    """The organisation's events from `since` on (a few queries per survey in fieldwork)."""
    return [*_signal_events(organisation_id, since), *_survey_events(organisation_id, since)]


def _signal_events(organisation_id: int, since: datetime) -> list[Event]:
    alerts = Alert.objects.filter(survey__organisation_id=organisation_id).select_related("survey")
    opened = [
        Event(f"signal-{a.pk}-opened", WebhookEvent.SIGNAL_OPENED, a.started_at, _signal_data(a))
        for a in alerts.filter(started_at__gte=since)
    ]
    recovered = [
        Event(
            f"signal-{a.pk}-recovered",
            WebhookEvent.SIGNAL_RECOVERED,
            a.recovered_at,  # type: ignore[arg-type]
            _signal_data(a),
        )
        for a in alerts.filter(recovered_at__gte=since)
    ]
    return opened + recovered


def _survey_events(organisation_id: int, since: datetime) -> list[Event]:
    """Fieldwork started or closed since `since`, and the response's highest 10 % step now."""
    surveys = Survey.objects.filter(organisation_id=organisation_id)
    events = [
        _survey_event(s, WebhookEvent.FIELDWORK_STARTED, "started", s.fieldwork_started_at)
        for s in surveys.filter(fieldwork_started_at__gte=since)
    ]
    events += [
        _survey_event(s, WebhookEvent.FIELDWORK_CLOSED, "closed", s.closed_at)
        for s in surveys.filter(closed_at__gte=since)
    ]
    for survey in surveys.filter(status=SurveyStatus.FIELDWORK):
        totals = overview.survey_totals(survey)
        rate = totals.response_rate
        step = int(rate // RESPONSE_STEP) * RESPONSE_STEP if rate is not None else 0
        if step > 0:
            figures = {
                "response_rate": step,
                "invited": totals.invited,
                "completed": totals.completed,
            }
            events.append(
                _survey_event(
                    survey, WebhookEvent.RESPONSE_REACHED, f"response-{step}", None, figures
                )
            )
    return events


def _survey_event(
    survey: Survey,
    kind: WebhookEvent,
    name: str,
    at: datetime | None,
    figures: dict[str, object] | None = None,
) -> Event:
    data = {"survey": survey.slug, "name": survey.name, "status": survey.status, **(figures or {})}
    return Event(f"survey-{survey.pk}-{name}", kind, at or timezone.now(), data)


def collect() -> None:
    """Queue every new event for every active endpoint that wants it."""
    endpoints = WebhookEndpoint.objects.filter(is_active=True).select_related("organisation")
    for endpoint in endpoints:
        wanted = [
            e
            for e in events_since(endpoint.organisation_id, endpoint.created_at)
            if e.type in endpoint.events
        ]
        rows = [
            WebhookDelivery(
                endpoint=endpoint,
                event_id=e.id,
                event_type=e.type,
                payload={
                    "id": e.id,
                    "type": str(e.type),
                    "occurred_at": e.at.isoformat(),
                    "organisation": endpoint.organisation.slug,
                    "data": e.data,
                },
            )
            for e in wanted
        ]
        # The unique event id makes a second run (or two workers at once) queue nothing new.
        WebhookDelivery.objects.bulk_create(rows, ignore_conflicts=True)


# --- Sending ----------------------------------------------------------------------------


def sign(secret: str, body: bytes, at: int) -> str:
    digest = hmac.new(secret.encode(), f"{at}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={at},v1={digest}"


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


_opener = urllib.request.build_opener(_NoRedirects)


def post(url: str, body: bytes, headers: dict[str, str]) -> int:
    """POST and return the status code (raises OSError when nothing answered)."""
    check_address(url)
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310
    try:
        with _opener.open(request, timeout=TIMEOUT_SECONDS) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def claim_next() -> WebhookDelivery | None:
    """Turn the next due delivery from pending into sending, for this worker alone."""
    now = timezone.now()
    while True:
        with transaction.atomic():
            due = WebhookDelivery.objects.filter(
                status=DeliveryStatus.PENDING, next_attempt_at__lte=now, endpoint__is_active=True
            ).order_by("next_attempt_at", "pk")
            if connection.features.has_select_for_update_skip_locked:
                due = due.select_for_update(skip_locked=True, of=("self",))
            delivery = due.first()
            if delivery is None:
                return None
            claimed = WebhookDelivery.objects.filter(
                pk=delivery.pk, status=DeliveryStatus.PENDING
            ).update(status=DeliveryStatus.SENDING, claimed_at=now, attempts=delivery.attempts + 1)
        if claimed:
            delivery.status, delivery.attempts = DeliveryStatus.SENDING, delivery.attempts + 1
            return delivery


def deliver(delivery: WebhookDelivery) -> None:
    """Send one claimed delivery and record the outcome (from `sending` only)."""
    endpoint = WebhookEndpoint.objects.filter(pk=delivery.endpoint_id).first()
    if endpoint is None:
        return  # removed by the beheerder since the claim: its deliveries went with it
    secret = decrypt_secret(endpoint.secret_encrypted)
    body = json.dumps(delivery.payload, ensure_ascii=False).encode()
    status, error = None, ""
    if secret is None:
        error = "Het geheim is niet te lezen (andere serversleutel): voeg de webhook opnieuw toe."
    else:
        headers = {
            "Content-Type": "application/json",
            "User-Agent": "Ervaring-Webhooks/1",
            "X-Ervaring-Event-Id": delivery.event_id,
            "X-Ervaring-Event-Type": delivery.event_type,
            "X-Ervaring-Signature": sign(secret, body, int(time.time())),
        }
        try:
            status = post(endpoint.url, body, headers)
        except (OSError, ValueError) as failure:  # WebhookError is a ValueError
            error = str(failure)[:300]
    WebhookDelivery.objects.filter(pk=delivery.pk, status=DeliveryStatus.SENDING).update(
        **_outcome(delivery.attempts, status, error)
    )


def _outcome(attempts: int, status: int | None, error: str) -> dict[str, object]:
    """The delivery's new state after attempt number `attempts` got `status` (or `error`)."""
    if status is not None and 200 <= status < 300:
        return {
            "status": DeliveryStatus.DELIVERED,
            "delivered_at": timezone.now(),
            "last_status_code": status,
            "last_error": "",
        }
    changes: dict[str, object] = {
        "last_status_code": status,
        "last_error": error or f"Antwoord {status}",
    }
    if attempts >= MAX_ATTEMPTS:
        return {**changes, "status": DeliveryStatus.FAILED}
    wait = min(timedelta(minutes=2 ** (attempts - 1)), MAX_BACKOFF)
    return {**changes, "status": DeliveryStatus.PENDING, "next_attempt_at": timezone.now() + wait}


def recover_stale() -> int:
    """Deliveries a dead worker left in `sending` are sent again (receivers deduplicate)."""
    cutoff = timezone.now() - STALE_AFTER
    return WebhookDelivery.objects.filter(
        status=DeliveryStatus.SENDING, claimed_at__lte=cutoff
    ).update(status=DeliveryStatus.PENDING, next_attempt_at=timezone.now())


def send_due(limit: int = 500) -> int:
    """Recover stale claims, then send due deliveries; returns how many were tried."""
    recover_stale()
    tried = 0
    while tried < limit and (delivery := claim_next()) is not None:
        deliver(delivery)
        tried += 1
    return tried
