"""Invitations by SMS through a gateway backend.

`HttpSmsBackend` talks to any HTTP gateway: URL, credentials and request body come from
settings, so a municipality's own provider can be used without code. `ConsoleSmsBackend`
logs (with its links redacted, like every log line) and `FileSmsBackend` appends JSON lines,
for development and tests.
"""

import json
import logging
import string
import urllib.error
import urllib.request
from pathlib import Path

from django.conf import settings

from ervaring.fieldwork import message_texts
from ervaring.fieldwork.channels.base import ChannelError, OutgoingMessage

logger = logging.getLogger(__name__)


def standard_lead(organisation_name: str, language: str = "nl") -> str:
    """The sentence before the link when the survey has no SMS text of its own."""
    return message_texts.text(language, "msg_sms_lead", organisation=organisation_name)


def compose(
    organisation_name: str,
    link: str,
    is_reminder: bool = False,
    opt_out_link: str = "",
    lead: str = "",
    language: str = "nl",
) -> str:
    """The SMS in the client's language: the survey's own text in that language (`lead`) or
    the standard one, the personal link, and how to say no. Never shortened: a cut would
    lose the link or the opt-out link, so the length is checked, per language, when the
    text is saved (`wording_services.check`)."""
    prefix = f"{message_texts.text(language, 'msg_sms_reminder')} " if is_reminder else ""
    text = f"{prefix}{lead or standard_lead(organisation_name, language)} {link}"
    if opt_out_link:
        text += " " + message_texts.text(language, "msg_sms_opt_out", link=opt_out_link)
    return text


class ConsoleSmsBackend:
    def send(self, message: OutgoingMessage) -> str:
        logger.info("SMS to %s: %s", message.to, message.text)
        return f"console-{message.reference}"


class FileSmsBackend:
    """Appends each message as a JSON line to ERVARING_SMS_FILE (development, tests)."""

    def send(self, message: OutgoingMessage) -> str:
        path = Path(settings.SMS_FILE)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as out:
            out.write(
                json.dumps({"to": message.to, "text": message.text, "reference": message.reference})
                + "\n"
            )
        return f"file-{message.reference}"

    def find_delivery(self, reference: str) -> bool | None:
        """Whether a message with this outbox reference is in the file (after a crash)."""
        path = Path(settings.SMS_FILE)
        if not reference or not path.exists():
            return False
        with path.open(encoding="utf-8") as lines:
            return any(json.loads(line).get("reference") == reference for line in lines if line)


class HttpSmsBackend:
    """POSTs to a gateway. The body template uses $to, $text, $sender and $reference.

    2xx is success; 4xx (except 408 and 429) is a permanent refusal; anything else, or no
    answer within the timeout, is temporary and retried by the outbox. When the gateway drops
    a second message with the same reference (ERVARING_SMS_GATEWAY_DEDUPLICATES=1), the outbox
    may resend a message whose worker died mid-send; otherwise it reports it instead.
    """

    @property
    def is_idempotent(self) -> bool:
        return bool(settings.SMS_GATEWAY_DEDUPLICATES)

    def send(self, message: OutgoingMessage) -> str:
        template = string.Template(settings.SMS_BODY_TEMPLATE)
        values = {
            "to": message.to,
            "text": message.text,
            "sender": settings.SMS_SENDER,
            "reference": message.reference,
        }
        body = template.substitute({k: json.dumps(v)[1:-1] for k, v in values.items()})
        request = urllib.request.Request(  # noqa: S310 - the URL comes from settings
            settings.SMS_URL,
            data=body.encode(),
            method="POST",
            headers={
                "Content-Type": settings.SMS_CONTENT_TYPE,
                "Authorization": settings.SMS_AUTHORIZATION,
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as answer:  # noqa: S310
                return answer.headers.get("X-Message-Id", "") or f"http-{message.reference}"
        except urllib.error.HTTPError as error:
            permanent = 400 <= error.code < 500 and error.code not in {408, 429}
            raise ChannelError(f"gateway answered {error.code}", is_permanent=permanent) from error
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            raise ChannelError(f"gateway unreachable: {error}") from error
