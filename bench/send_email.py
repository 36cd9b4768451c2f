"""Benchmark: send 10,000 invitation e-mails through the outbox to a local SMTP server.

Run: `.venv/bin/python bench/send_email.py [MESSAGES]`. An aiosmtpd server listens on
127.0.0.1 in this process; a census of e-mail clients is drawn in a throw-away SQLite
database; then, in the same run:

- baseline: raw `smtplib` over one connection, sending the same messages, composed beforehand
  (the least any sender must do);
- the outbox (`sending.send_due_messages`, what the worker and `ervaring send-messages` do):
  per message claim the row, decrypt the code, compose text and HTML, send over one SMTP
  session, record it as sent.
"""

import logging
import shutil
import smtplib
import socket
import sys
import time
from email import policy

from _fieldwork_setup import WORK, survey_with_invitations
from aiosmtpd.controller import Controller
from django.conf import settings

from ervaring.fieldwork import codes, outbox, sending
from ervaring.fieldwork.channels.email import DjangoEmailBackend
from ervaring.fieldwork.models import Message

COUNT = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
logging.getLogger("mail.log").setLevel(logging.WARNING)


class Inbox:
    def __init__(self) -> None:
        self.received = 0

    async def handle_DATA(self, server, session, envelope):
        self.received += 1
        return "250 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def composed_messages() -> list[tuple[str, bytes]]:
    """The outbox's own messages, composed and rendered to bytes before timing starts."""
    found = []
    for message in Message.objects.select_related("invitation__survey__organisation"):
        code = codes.decrypt_code(message.invitation.code_encrypted, settings.CODE_KEY)
        outgoing = sending.compose(message, code)
        email, _ = DjangoEmailBackend().build(outgoing)
        found.append((outgoing.to, email.message(policy=policy.SMTP).as_bytes()))
    return found


def main() -> None:
    port = free_port()
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port},
        }
    }
    try:
        survey = survey_with_invitations(COUNT, email=True)
        outbox.queue_invitations(survey)
        prepared = composed_messages()

        start = time.perf_counter()
        with smtplib.SMTP("127.0.0.1", port) as smtp:
            for to, data in prepared:
                smtp.sendmail(settings.DEFAULT_FROM_EMAIL, [to], data)
        baseline = time.perf_counter() - start

        start = time.perf_counter()
        report = sending.send_due_messages()
        elapsed = time.perf_counter() - start
        assert report.sent == COUNT, report
        assert inbox.received == 2 * COUNT
    finally:
        controller.stop()
    print(f"e-mails: {COUNT:,} to aiosmtpd on 127.0.0.1 (one SMTP session each way)")
    print(f"baseline raw smtplib, precomposed: {baseline:6.2f} s  ({COUNT / baseline:,.0f}/s)")
    print(
        f"outbox (claim, compose, send, record): {elapsed:6.2f} s  ({COUNT / elapsed:,.0f}/s, "
        f"{elapsed / baseline:.1f}x the baseline)"
    )


if __name__ == "__main__":
    try:
        main()
    finally:
        shutil.rmtree(WORK, ignore_errors=True)
