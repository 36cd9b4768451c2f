"""Benchmark: send 10,000 invitation e-mails through the outbox to a local SMTP server.

Run: `.venv/bin/python bench/send_email.py [--messages N] [--workers 1,2] [--pipelining]`.
An aiosmtpd server listens on 127.0.0.1 in a process of its own (in this one it would share the
interpreter lock with the sender and halve both figures); a census of e-mail clients is
drawn in a throw-away SQLite database; then, in the same run:

- baseline: raw `smtplib` over one connection, sending the same messages, composed beforehand
  (the least any sender must do);
- the outbox (`sending.send_due_messages`, what the worker and `ervaring send-messages` do):
  claim a batch of rows, then per message record the previous message's outcome and put
  this one in hand (one statement, while the server answers MAIL FROM), send over one SMTP
  session, and compose the next message (decrypt its code, fill in the batch's template,
  write its bytes) while the server takes in this one; run by 1 and by 2 sender processes
  at once (each its own SMTP session), the way two workers share one outbox. The same
  messages are queued again between runs.

Printed per run: the rate, the senders' CPU per message and the SMTP server's (read from
/proc, so Linux only): the server is one asyncio process, so its CPU per message bounds
what any number of senders can reach on one core.
"""

import argparse
import logging
import multiprocessing
import os
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


class PipeliningInbox(Inbox):
    """Offers PIPELINING (RFC 2920), as Postfix and Exim do; aiosmtpd reads commands a line
    at a time, so it handles pipelined ones, it only does not offer them."""

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        session.host_name = hostname
        return [*responses[:-1], "250-PIPELINING", responses[-1]]


def serve(port: int, received, stop, pipelining: bool) -> None:
    """The SMTP server's process: counts every message it accepts until told to stop."""
    logging.getLogger("mail.log").setLevel(logging.WARNING)
    inbox = (PipeliningInbox if pipelining else Inbox)(received)
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
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


def process_cpu(pid: int) -> float:
    """CPU seconds a process has used so far (Linux): the SMTP server's share of a run."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


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
    parser.add_argument(
        "--pipelining", action="store_true", help="the server offers PIPELINING (RFC 2920)"
    )
    args = parser.parse_args()
    count, runs = args.messages, [int(n) for n in args.workers.split(",")]
    port = free_port()
    received, stop = multiprocessing.Value("i", 0), multiprocessing.Event()
    server = multiprocessing.get_context("fork").Process(
        target=serve, args=(port, received, stop, args.pipelining)
    )
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

        load_before = os.getloadavg()
        server_cpu = process_cpu(server.pid)
        start, cpu = time.perf_counter(), time.process_time()
        with smtplib.SMTP("127.0.0.1", port) as smtp:
            for to, data in prepared:
                smtp.sendmail(settings.DEFAULT_FROM_EMAIL, [to], data)
        baseline = time.perf_counter() - start
        baseline_cpu = time.process_time() - cpu
        baseline_server = process_cpu(server.pid) - server_cpu
        expected = count
        for workers in runs:
            Message.objects.update(status=MessageStatus.QUEUED, attempts=0, sent_at=None)
            server_cpu = process_cpu(server.pid)
            elapsed, outbox_cpu, sent = run_senders(workers)
            expected += count
            assert sent == count, (workers, sent)
            results.append((workers, elapsed, outbox_cpu, process_cpu(server.pid) - server_cpu))
        load_after = os.getloadavg()
        assert received.value == expected, (received.value, expected)
    finally:
        stop.set()
        server.join()
    offers = "offering PIPELINING" if args.pipelining else "without PIPELINING"
    print(f"e-mails: {count:,} per run to aiosmtpd ({offers}) on 127.0.0.1, one session a sender")
    print(
        "load average before {:.2f} {:.2f} {:.2f}, after {:.2f} {:.2f} {:.2f} ({} cores)".format(
            *load_before, *load_after, os.cpu_count()
        )
    )
    print(
        f"baseline raw smtplib, precomposed: {baseline:6.2f} s  ({count / baseline:,.0f}/s)"
        f"  sender CPU {1000 * baseline_cpu / count:.2f} ms,"
        f" SMTP server CPU {1000 * baseline_server / count:.2f} ms per message"
    )
    for workers, elapsed, outbox_cpu, server_used in results:
        print(
            f"outbox, {workers} sender(s): {elapsed:6.2f} s  ({count / elapsed:,.0f}/s, "
            f"{elapsed / baseline:.2f}x the baseline's time)"
        )
        # The senders' own CPU per message: what the outbox adds, whatever else the machine
        # runs (the rates move with the load, this hardly does). The server's says how near
        # its ceiling a run is: one asyncio process, one core at most.
        print(
            f"  CPU per message: senders {1000 * outbox_cpu / count:.2f} ms "
            f"({outbox_cpu / baseline_cpu:.1f}x the baseline's), "
            f"SMTP server {1000 * server_used / count:.2f} ms"
        )


if __name__ == "__main__":
    try:
        main()
    finally:
        shutil.rmtree(WORK, ignore_errors=True)
