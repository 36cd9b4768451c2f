"""Fixtures of the fieldwork tests."""

import pytest

from ervaring.conftest import serve_smtp


class PipeliningInbox:
    """An aiosmtpd handler that offers PIPELINING (RFC 2920), as Postfix and Exim do, keeps
    every message it accepts, and refuses the recipients in `refused`."""

    def __init__(self) -> None:
        self.messages = []
        self.refused: set[str] = set()

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        session.host_name = hostname
        return [*responses[:-1], "250-PIPELINING", responses[-1]]

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refused:
            return "550 5.1.1 no such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope)
        return "250 OK"


@pytest.fixture
def pipelining_smtp_server(settings):
    """Like `smtp_server`, but the server offers PIPELINING (aiosmtpd reads commands one
    line at a time, so it handles them; it only does not say so)."""
    with serve_smtp(settings, PipeliningInbox()) as inbox:
        yield inbox
