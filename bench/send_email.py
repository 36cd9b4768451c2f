"""Benchmark: send 10,000 invitation e-mails through the outbox to a local SMTP server.

Run: `.venv/bin/python bench/send_email.py [--messages N] [--workers 1,2] [--pipelining]
[--server smtp-sink|aiosmtpd] [--pin]`; on PostgreSQL, the production database:
`ERVARING_BENCH_POSTGRES=1 scripts/with-postgres.sh .venv/bin/python bench/send_email.py ...`.

The SMTP server listens on 127.0.0.1 in a process of its own: Postfix's `smtp-sink` (C, the
SMTP test sink in Debian's `postfix` package: `apt-get install postfix`), or aiosmtpd (one
Python asyncio process, which needs about as much CPU per message as the sender). Either
counts every message it accepts, and the run fails unless that count is exactly the number
sent. `--pin` puts the server on the first core and this process and its senders on the
second (`sched_setaffinity`, as `taskset` does), so that neither takes the other's CPU. A
census of e-mail clients is drawn in a throw-away database; then, in the same run:

- baseline: raw `smtplib` over one connection to the same server, sending the same messages,
  composed beforehand (the least any sender must do);
- the outbox (`sending.send_due_messages`, what the worker and `ervaring send-messages` do):
  claim a batch of rows, then per message record the previous message's outcome and put
  this one in hand (one statement, while the server answers MAIL FROM), send over one SMTP
  session, and compose the next message (decrypt its code, fill in the batch's template,
  write its bytes) while the server takes in this one (on PostgreSQL: while the database
  commits this one's hand-over); run by 1 and by 2 sender processes
  at once (each its own SMTP session), the way two workers share one outbox. The same
  messages are queued again between runs.

Printed per run: the rate, the load average, the CPU per message of the senders, of the
SMTP server and (on PostgreSQL) of the database server, read from /proc (Linux only). On
SQLite the database's work is in the senders' own CPU.
"""

import argparse
import logging
import multiprocessing
import os
import re
import resource
import shutil
import smtplib
import socket
import subprocess
import time
from email import policy
from pathlib import Path

from _fieldwork_setup import USES_POSTGRES, WORK, survey_with_invitations
from _proc_cpu import postmaster, process_seconds, tree_seconds
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
    """The aiosmtpd server's process: counts every message it accepts until told to stop."""
    logging.getLogger("mail.log").setLevel(logging.WARNING)
    inbox = (PipeliningInbox if pipelining else Inbox)(received)
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    stop.wait()
    controller.stop()


class AiosmtpdServer:
    name = "aiosmtpd"

    def __init__(self, port: int, pipelining: bool) -> None:
        self.received, self.stop_event = multiprocessing.Value("i", 0), multiprocessing.Event()
        self.process = multiprocessing.get_context("fork").Process(
            target=serve, args=(port, self.received, self.stop_event, pipelining)
        )
        self.process.start()
        self.pid = self.process.pid

    def count(self) -> int:
        return self.received.value

    def stop(self) -> None:
        self.stop_event.set()
        self.process.join()


SINK_INSTALL = "needs Postfix's smtp-sink: apt-get install postfix (Debian; no configuration)"


class SmtpSink:
    """Postfix's SMTP test sink: accepts every message and throws it away, in C. With `-c` it
    writes its running counters ("sess=.. quit=.. mesg=N") each time a message's final dot
    arrives, which is how this counts what was delivered."""

    name = "Postfix smtp-sink"

    def __init__(self, port: int, pipelining: bool) -> None:
        program = shutil.which("smtp-sink") or shutil.which("smtp-sink", path="/usr/sbin")
        if program is None:
            raise SystemExit(SINK_INSTALL)
        self.counters = Path(WORK / "smtp-sink.out")
        command = [program, "-c"]
        if os.geteuid() == 0:  # smtp-sink refuses to run as root
            command += ["-u", "nobody"]
        if not pipelining:
            command.append("-p")  # do not offer PIPELINING
        command += [f"127.0.0.1:{port}", "256"]
        with self.counters.open("wb") as out:
            self.process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
        self.pid = self.process.pid

    def count(self) -> int:
        found = re.findall(rb"mesg=(\d+)", self.counters.read_bytes())
        return int(found[-1]) if found else 0

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait()


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


def database_cpu() -> float:
    """The PostgreSQL server's CPU seconds so far (the postmaster, the senders' backends, the
    writers, and the backends that have ended). 0 on SQLite, whose work is done in the
    senders' own processes."""
    if not USES_POSTGRES:
        return 0.0
    return tree_seconds(postmaster(str(connections["default"].settings_dict["PORT"])))


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


def pin(server_pid: int) -> str:
    """The server on the first core, this process (and the senders it forks) on the second."""
    cores = sorted(os.sched_getaffinity(0))
    if len(cores) < 2:
        raise SystemExit("--pin needs two cores")
    os.sched_setaffinity(server_pid, {cores[0]})
    os.sched_setaffinity(0, {cores[1]})
    return f"server on core {cores[0]}, senders on core {cores[1]}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--workers", default="1,2", help="sender processes per run, e.g. 1,2")
    parser.add_argument(
        "--pipelining", action="store_true", help="the server offers PIPELINING (RFC 2920)"
    )
    parser.add_argument(
        "--server",
        choices=["smtp-sink", "aiosmtpd"],
        default="smtp-sink" if shutil.which("smtp-sink", path="/usr/sbin:/usr/bin") else "aiosmtpd",
        help="the SMTP server (default smtp-sink when Postfix is installed)",
    )
    parser.add_argument(
        "--pin", action="store_true", help="server on one core, senders on the other"
    )
    args = parser.parse_args()
    count, runs = args.messages, [int(n) for n in args.workers.split(",")]
    port = free_port()
    server = (SmtpSink if args.server == "smtp-sink" else AiosmtpdServer)(port, args.pipelining)
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port},
        }
    }
    results = []
    try:
        wait_for(port)  # inside the try: a server that did not start is stopped all the same
        pinned = pin(server.pid) if args.pin else "not pinned"
        survey = survey_with_invitations(count, email=True)
        outbox.queue_invitations(survey)
        prepared = composed_messages()

        load_before = os.getloadavg()
        server_cpu = process_seconds(server.pid)
        start, cpu = time.perf_counter(), time.process_time()
        with smtplib.SMTP("127.0.0.1", port) as smtp:
            for to, data in prepared:
                smtp.sendmail(settings.DEFAULT_FROM_EMAIL, [to], data)
        baseline = time.perf_counter() - start
        baseline_cpu = time.process_time() - cpu
        baseline_server = process_seconds(server.pid) - server_cpu
        expected = count
        for workers in runs:
            Message.objects.update(status=MessageStatus.QUEUED, attempts=0, sent_at=None)
            server_cpu, db_cpu = process_seconds(server.pid), database_cpu()
            elapsed, outbox_cpu, sent = run_senders(workers)
            time.sleep(0.2)  # the senders' database backends end and are reaped
            db_used = database_cpu() - db_cpu
            expected += count
            assert sent == count, (workers, sent)
            results.append(
                (workers, elapsed, outbox_cpu, process_seconds(server.pid) - server_cpu, db_used)
            )
        load_after = os.getloadavg()
        time.sleep(0.2)  # the last counter line written
        # Exactly once, counted where the messages arrive: the baseline's, then each run's.
        assert server.count() == expected, (server.count(), expected)
        assert Message.objects.filter(status=MessageStatus.SENT).count() == count
    finally:
        server.stop()
    offers = "offering PIPELINING" if args.pipelining else "without PIPELINING"
    database = "PostgreSQL" if USES_POSTGRES else "SQLite"
    print(
        f"e-mails: {count:,} per run to {server.name} ({offers}) on 127.0.0.1, one session a "
        f"sender; {database}; {pinned}; the server counted {server.count():,} = {expected:,}"
    )
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
    for workers, elapsed, outbox_cpu, server_used, db_used in results:
        print(
            f"outbox, {workers} sender(s): {elapsed:6.2f} s  ({count / elapsed:,.0f}/s, "
            f"{elapsed / baseline:.2f}x the baseline's time)"
        )
        # The senders' own CPU per message: what the outbox adds, whatever else the machine
        # runs (the rates move with the load, this hardly does). The server's says how near
        # its ceiling a run is: one process, one core at most.
        database_part = f", PostgreSQL {1000 * db_used / count:.2f} ms" if USES_POSTGRES else ""
        print(
            f"  CPU per message: senders {1000 * outbox_cpu / count:.2f} ms "
            f"({outbox_cpu / baseline_cpu:.1f}x the baseline's), "
            f"SMTP server {1000 * server_used / count:.2f} ms{database_part}"
        )


if __name__ == "__main__":
    try:
        main()
    finally:
        shutil.rmtree(WORK, ignore_errors=True)
