"""Tablet (kiosk) mode: a professional unlocks a tablet, clients answer one after another.

Each client who presses "Geef uw mening" gets a fresh invitation and response (channel
`tablet`, the team's attributes) without typing a code. Between clients nothing survives: the
respondent's session is flushed (a new session key, the old data deleted) after completion,
after "Stoppen", and after `KIOSK_IDLE_SECONDS` (a setting) without activity, which the
server enforces on every request; the pages are never cached, so the back button cannot
bring an answer back.

Activity is the client's, not only the pages they send: someone typing a long answer for
minutes sends no page, so the page's script reports typing and touching with a small
keep-alive request (`is_idle` then counts from that). Without the script, the server's limit
still applies, counted from the last page.

The tablet itself is bound to its kiosk session by a random key in a signed cookie (the
database holds a keyed hash), so the binding survives the resets between clients. Ending
the kiosk needs the PIN chosen when unlocking, or the password of the professional who
unlocked it; after `MAX_PIN_ATTEMPTS` wrong PINs only that password works.
"""

import hashlib
import hmac
import secrets

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.db import transaction
from django.utils import timezone

from ervaring.accounts import permissions
from ervaring.accounts.models import Staff
from ervaring.accounts.services import log_event
from ervaring.fieldwork import codes
from ervaring.fieldwork import services as fieldwork
from ervaring.fieldwork.attributes import client_attributes
from ervaring.fieldwork.models import Channel
from ervaring.questionnaires.models import Survey, SurveyStatus
from ervaring.responses import services
from ervaring.responses.models import KioskSession

MAX_PIN_ATTEMPTS = 5
COOKIE = "ervaring_kiosk"
COOKIE_SALT = "ervaring.kiosk"
COOKIE_AGE = 12 * 60 * 60


class KioskError(Exception):
    """An action on a kiosk that is not allowed; the message is for the staff member."""


def _key_hash(key: str) -> str:
    secret = hashlib.sha256(f"ervaring:kiosk:{settings.CODE_KEY}".encode()).digest()
    return hmac.new(secret, key.encode(), hashlib.sha256).hexdigest()


def kiosk_surveys(user: object) -> list[Survey]:
    """Surveys a professional may put on a tablet: their organisation's, in fieldwork."""
    if not permissions.can_run_kiosk(user):
        return []
    return list(
        Survey.objects.filter(
            organisation_id=user.organisation_id,  # type: ignore[attr-defined]
            status=SurveyStatus.FIELDWORK,
        )
    )


def unlock_kiosk(user: Staff, survey: Survey, pin: str) -> tuple[KioskSession, str]:
    """Start a kiosk session for the user's team; returns it with the key for the cookie."""
    if not permissions.can_run_kiosk(user) or not permissions.is_same_organisation(user, survey):
        raise KioskError("U kunt geen tablet klaarzetten voor dit onderzoek.")
    if not survey.is_open_for_answers:
        raise KioskError("Dit onderzoek is niet open.")
    key = secrets.token_urlsafe(32)
    with transaction.atomic():
        kiosk = KioskSession.objects.create(
            key_hash=_key_hash(key),
            survey=survey,
            team=user.team,
            started_by=user,
            pin_hash=make_password(pin),
        )
        log_event(
            "kiosk.unlocked",
            organisation=survey.organisation,
            actor=user,
            target=survey.slug,
            kiosk=kiosk.pk,
            team=user.team.slug if user.team else "",
        )
    return kiosk, key


def find_active_kiosk(key: str | None) -> KioskSession | None:
    """The kiosk session of a tablet's key, if it still runs and its survey is open."""
    if not key:
        return None
    kiosk = (
        KioskSession.objects.select_related("survey__organisation", "survey__current_version")
        .select_related("team", "started_by")
        .filter(key_hash=_key_hash(key), ended_at__isnull=True)
        .first()
    )
    if kiosk is None or not kiosk.survey.is_open_for_answers:
        return None
    return kiosk


def start_kiosk_response(kiosk: KioskSession) -> tuple[services.Response, str]:
    """A fresh invitation and response for the next client at the tablet."""
    survey = kiosk.survey
    attributes = client_attributes(
        law=survey.law,
        provision_groups=(),
        age=None,
        team=kiosk.team.slug,
        district="",
        youth_self_from_age=survey.youth_self_from_age,
    )
    # Two transactions, like any invitation and its response: the tablet's invitation names
    # no client, but no response shares a transaction with an invitation at all.
    issued = fieldwork.create_invitation(survey, attributes, Channel.KIOSK, team=kiosk.team)
    token = codes.response_token(issued.code, settings.CODE_KEY)
    return services.start_response(survey, token, attributes, Channel.KIOSK), issued.code


def is_idle(last_active: float | None, now: float) -> bool:
    """True when the client was not active for longer than the kiosk allows (or never)."""
    return last_active is None or now - last_active > settings.KIOSK_IDLE_SECONDS


def end_kiosk(kiosk: KioskSession, secret: str) -> bool:
    """End the kiosk with its PIN or the unlocking professional's password; False if wrong."""
    with transaction.atomic():
        locked = KioskSession.objects.select_for_update().get(pk=kiosk.pk)
        if locked.ended_at is not None:
            return True
        pin_ok = locked.failed_attempts < MAX_PIN_ATTEMPTS and check_password(
            secret, locked.pin_hash
        )
        starter = locked.started_by
        password_ok = starter is not None and starter.is_active and starter.check_password(secret)
        if not (pin_ok or password_ok):
            locked.failed_attempts += 1
            locked.save(update_fields=["failed_attempts"])
            return False
        locked.ended_at = timezone.now()
        locked.save(update_fields=["ended_at"])
        log_event(
            "kiosk.ended",
            organisation=kiosk.survey.organisation,
            actor=starter if password_ok else None,
            actor_label="" if password_ok else "pincode",
            target=kiosk.survey.slug,
            kiosk=kiosk.pk,
        )
    return True
