"""A respondent says no: the opt-out link and what confirming it does.

The link carries `<invitation id>-<keyed MAC>`: short enough for an SMS, unguessable (80
bits), and useless without the installation's key. It opens a page with one button: only a
POST opts out, because mail scanners open every link in a message.
"""

import base64
import functools
import hashlib
import hmac

from django.conf import settings
from django.db import transaction
from django.urls import reverse

from ervaring.accounts.services import log_event
from ervaring.fieldwork import codes, outbox
from ervaring.fieldwork.models import Invitation, OptOut

MAC_LENGTH = 16


@functools.lru_cache(maxsize=4)
def _mac_key(code_key: str) -> bytes:
    return hashlib.sha256(f"ervaring:opt-out:{code_key}".encode()).digest()


def _mac(invitation_id: int) -> str:
    mac = hmac.new(_mac_key(settings.CODE_KEY), str(invitation_id).encode(), hashlib.sha256)
    return base64.b32encode(mac.digest()).decode()[:MAC_LENGTH].lower()


def opt_out_token(invitation_id: int) -> str:
    return f"{invitation_id}-{_mac(invitation_id)}"


def opt_out_link(invitation_id: int) -> str:
    """The public link in e-mails and SMS messages."""
    return f"{settings.PUBLIC_BASE_URL}{_opt_out_path()}{opt_out_token(invitation_id)}/"


@functools.cache
def _opt_out_path() -> str:
    """The opt-out page's path up to the token, looked up once: the outbox writes a link into
    every message, and `reverse` cost more than composing the rest of an e-mail."""
    return reverse("fieldwork-public:opt-out", args=["0"]).removesuffix("0/")


def find_invitation_by_token(token: str) -> Invitation | None:
    """The invitation a token belongs to, or None for a wrong or damaged token."""
    number, _, mac = token.partition("-")
    if not number.isdigit() or not hmac.compare_digest(mac, _mac(int(number))):
        return None
    return (
        Invitation.objects.select_related("survey__organisation", "client")
        .filter(pk=int(number))
        .first()
    )


def opt_out(invitation: Invitation) -> bool:
    """Record the objection: no reminders, no answers under this code, and (when we know
    the client) the organisation's opt-out list, so later surveys skip them too.

    Returns False when it was already recorded; safe to call twice.
    """
    if invitation.is_opted_out:
        return False
    with transaction.atomic():
        Invitation.objects.filter(pk=invitation.pk).update(is_opted_out=True)
        outbox.cancel_pending([invitation.pk], "afgemeld")
        if invitation.client is not None:
            OptOut.objects.get_or_create(
                organisation_id=invitation.survey.organisation_id,
                client_hash=codes.client_ref_hash(invitation.client.client_ref, settings.CODE_KEY),
            )
        # Counted, never who: the event names the survey only.
        log_event(
            "respondent_opted_out",
            organisation=invitation.survey.organisation,
            actor_label="respondent",
            target=invitation.survey.slug,
        )
    invitation.is_opted_out = True
    return True
