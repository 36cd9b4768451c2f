"""Benchmark: send 10,000 invitation e-mails through the outbox to a local SMTP server.

Run: `.venv/bin/python bench/send_email.py [--messages N] [--workers 1,2]`. An aiosmtpd
server listens on 127.0.0.1 in a process of its own (in this one it would share the
interpreter lock with the sender and halve both figures); a census of e-mail clients is
drawn in a throw-away SQLite database; then, in the same run:

- baseline: raw `smtplib` over one connection, sending the same messages, composed beforehand
  (the least any sender must do);
- the outbox (`sending.send_due_messages`, what the worker and `ervaring send-messages` do):
  claim a batch of rows, then per message decrypt the code, compose text and HTML, record
  the previous message's outcome and put this one in hand (one statement), send over one
  SMTP session; run by 1 and by 2 sender processes at once (each its own SMTP session),
  the way two workers share one outbox. The same messages are queued again between runs.
"""

import argparse
import logging
import multiprocessing
import resource
import shutil
import smtplib
import socket
import time
from email import policy

from _fieldwork_setup import WORK, survey_with_invitations
from aiosmtpd.controller import Controller
from django.conf import settings
from django.db import connections

from ervaring.fieldwork import codes, outbox, sending
from ervaring.fieldwork.channels.email import DjangoEmailBackend
from ervaring.fieldwork.models import Message, MessageStatus

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


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def sender(sent) -> None:
    """One sender process: what `ervaring send-messages` runs, until the outbox is empty."""
    report = sending.send_due_messages()
    with sent.get_lock():
        sent.value += report.sent


def run_senders(workers: int) -> tuple[float, float, int]:
    """Wall time, the senders' CPU time and the messages they sent."""
    sent = multiprocessing.Value("i", 0)
    connections.close_all()  # each forked sender opens its own connection
    processes = [
        multiprocessing.get_context("fork").Process(target=sender, args=(sent,))
        for _ in range(workers)
    ]
    start, cpu = time.perf_counter(), children_cpu()
    for process in processes:
        process.start()
    for process in processes:
        process.join()
    return time.perf_counter() - start, children_cpu() - cpu, sent.value


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--workers", default="1,2", help="sender processes per run, e.g. 1,2")
    args = parser.parse_args()
    count, runs = args.messages, [int(n) for n in args.workers.split(",")]
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
    results = []
    try:
        survey = survey_with_invitations(count, email=True)
        outbox.queue_invitations(survey)
        prepared = composed_messages()

        start, cpu = time.perf_counter(), time.process_time()
        with smtplib.SMTP("127.0.0.1", port) as smtp:
            for to, data in prepared:
                smtp.sendmail(settings.DEFAULT_FROM_EMAIL, [to], data)
        baseline = time.perf_counter() - start
        baseline_cpu = time.process_time() - cpu
        expected = count
        for workers in runs:
            Message.objects.update(status=MessageStatus.QUEUED, attempts=0, sent_at=None)
            elapsed, outbox_cpu, sent = run_senders(workers)
            expected += count
            assert sent == count, (workers, sent)
            results.append((workers, elapsed, outbox_cpu))
        assert received.value == expected, (received.value, expected)
    finally:
        stop.set()
        server.join()
    print(f"e-mails: {count:,} per run to aiosmtpd on 127.0.0.1 (one SMTP session per sender)")
    print(f"baseline raw smtplib, precomposed: {baseline:6.2f} s  ({count / baseline:,.0f}/s)")
    for workers, elapsed, outbox_cpu in results:
        print(
            f"outbox, {workers} sender(s): {elapsed:6.2f} s  ({count / elapsed:,.0f}/s, "
            f"{elapsed / baseline:.2f}x the baseline's time)"
        )
        # The senders' own CPU per message: what the outbox adds, whatever else the machine
        # runs (the rates move with the load, this hardly does).
        print(
            f"  sender CPU per message: baseline {1000 * baseline_cpu / count:.2f} ms, "
            f"outbox {1000 * outbox_cpu / count:.2f} ms ({outbox_cpu / baseline_cpu:.1f}x)"
        )


if __name__ == "__main__":
    try:
        main()
    finally:
        shutil.rmtree(WORK, ignore_errors=True)
