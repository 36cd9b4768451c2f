"""What every sending channel shares: the message, the errors, and choosing a backend.

Backends are selected by a setting (like Django's EMAIL_BACKEND), with console and file
versions for development and tests. A backend sends one message and either returns the
provider's reference or raises `ChannelError`; retrying and exactly-once bookkeeping belong to
the outbox, not to the backend.
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class OutgoingMessage:
    """One message to one address. `reference` is the outbox row's id, for idempotency."""

    channel: str
    to: str
    subject: str
    text: str
    html: str = ""
    reference: str = ""


class ChannelError(Exception):
    """Sending failed. Permanent failures (a refused address) are not retried."""

    def __init__(self, message: str, *, is_permanent: bool = False) -> None:
        super().__init__(message)
        self.is_permanent = is_permanent


def get_sms_backend() -> object:
    """The configured SMS backend instance (ERVARING_SMS_BACKEND)."""
    return import_string(settings.SMS_BACKEND)()
