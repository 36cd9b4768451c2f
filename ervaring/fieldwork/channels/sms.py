"""Invitations by SMS through a gateway backend.

`HttpSmsBackend` talks to any HTTP gateway: URL, credentials and request body come from
settings, so a municipality's own provider can be used without code. `ConsoleSmsBackend`
prints and `FileSmsBackend` appends JSON lines, for development and tests.
"""

import json
import logging
import string
import urllib.error
import urllib.request
from pathlib import Path

from django.conf import settings

from ervaring.fieldwork.channels.base import ChannelError, OutgoingMessage

logger = logging.getLogger(__name__)
MAX_LENGTH = 320  # two SMS parts; longer texts cost more and read badly


def compose(organisation_name: str, link: str, is_reminder: bool = False) -> str:
    """A short SMS text with the personal link."""
    lead = "Herinnering: " if is_reminder else ""
    text = (
        f"{lead}{organisation_name} wil graag weten wat u van de hulp vindt. "
        f"Het kost 10 minuten: {link}"
    )
    return text[:MAX_LENGTH]


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


class HttpSmsBackend:
    """POSTs to a gateway. The body template uses $to, $text, $sender and $reference.

    2xx is success; 4xx (except 408 and 429) is a permanent refusal; anything else, or no
    answer within the timeout, is temporary and retried by the outbox.
    """

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
