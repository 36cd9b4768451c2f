"""Benchmark: send 10,000 invitation e-mails through the outbox to a local SMTP server.

Run: `.venv/bin/python bench/send_email.py [MESSAGES]`. An aiosmtpd server listens on
127.0.0.1 in a process of its own (in this one it would share the interpreter lock with the
sender and halve both figures); a census of e-mail clients is drawn in a throw-away SQLite
database; then, in the same run:

- baseline: raw `smtplib` over one connection, sending the same messages, composed beforehand
  (the least any sender must do);
- the outbox (`sending.send_due_messages`, what the worker and `ervaring send-messages` do):
  claim a batch of rows, then per message mark it in hand, decrypt the code, compose text
  and HTML, send over one SMTP session, record it as sent.
"""

import logging
import multiprocessing
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
    def __init__(self, received) -> None:
        self.received = received

    async def handle_DATA(self, server, session, envelope):
        with self.received.get_lock():
            self.received.value += 1
        return "250 OK"


def serve(port: int, received, stop) -> None:
    """The SMTP server's process: counts every message it accepts until told to stop."""
    logging.getLogger("mail.log").setLevel(logging.WARNING)
    controller = Controller(Inbox(received), hostname="127.0.0.1", port=port)
    controller.start()
    stop.wait()
    controller.stop()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(port: int) -> None:
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("the SMTP server did not start")


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
    received, stop = multiprocessing.Value("i", 0), multiprocessing.Event()
    server = multiprocessing.get_context("fork").Process(target=serve, args=(port, received, stop))
    server.start()
    wait_for(port)
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

        start, cpu = time.perf_counter(), time.process_time()
        with smtplib.SMTP("127.0.0.1", port) as smtp:
            for to, data in prepared:
                smtp.sendmail(settings.DEFAULT_FROM_EMAIL, [to], data)
        baseline = time.perf_counter() - start
        baseline_cpu = time.process_time() - cpu

        start, cpu = time.perf_counter(), time.process_time()
        report = sending.send_due_messages()
        elapsed = time.perf_counter() - start
        outbox_cpu = time.process_time() - cpu
        assert report.sent == COUNT, report
        assert received.value == 2 * COUNT, received.value
    finally:
        stop.set()
        server.join()
    print(f"e-mails: {COUNT:,} to aiosmtpd on 127.0.0.1 (one SMTP session each way)")
    print(f"baseline raw smtplib, precomposed: {baseline:6.2f} s  ({COUNT / baseline:,.0f}/s)")
    print(
        f"outbox (claim, compose, send, record): {elapsed:6.2f} s  ({COUNT / elapsed:,.0f}/s, "
        f"{elapsed / baseline:.1f}x the baseline)"
    )
    # The sender's own CPU per message: what the outbox adds, whatever else the machine runs.
    print(
        f"sender CPU per message: baseline {1000 * baseline_cpu / COUNT:.2f} ms, "
        f"outbox {1000 * outbox_cpu / COUNT:.2f} ms ({outbox_cpu / baseline_cpu:.1f}x)"
    )


if __name__ == "__main__":
    try:
        main()
    finally:
        shutil.rmtree(WORK, ignore_errors=True)
