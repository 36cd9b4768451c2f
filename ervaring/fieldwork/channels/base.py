"""What every sending channel shares: the message, the errors, and choosing a backend.

Backends are selected by a setting (like Django's EMAIL_BACKEND), with console and file
versions for development and tests. A backend sends one message and either returns the
provider's reference or raises `ChannelError`; retrying and exactly-once bookkeeping belong to
the outbox, not to the backend.
"""

from collections.abc import Callable
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


class UnstagedDelivery:
    """A message whose backend sends it in one step (SMS gateways, the file and memory
    backends): nothing to begin or abort, all of it happens at `finish`, after which the
    outbox's `while_waiting` runs (there is no reply to overlap it with)."""

    def __init__(self, send: Callable[[], str]) -> None:
        self._send = send

    def begin(self) -> None:
        return None

    def abort(self) -> None:
        return None

    def finish(self, while_waiting: Callable[[], None]) -> str:
        try:
            return self._send()
        finally:
            while_waiting()


def get_sms_backend() -> object:
    """The configured SMS backend instance (ERVARING_SMS_BACKEND)."""
    return import_string(settings.SMS_BACKEND)()
