"""Benchmark: two app instances behind one address and two senders against one PostgreSQL.

Run: `.venv/bin/python bench/scale_out.py [--respondents 200] [--concurrency 50]
[--workers 2] [--emails 2000]` (it starts its own throw-away PostgreSQL through
scripts/with-postgres.sh, and nginx as docs/deploy.md configures it).

Two runs in one process, each with fresh invitations and a fresh outbox:

1. **one of each**: one gunicorn instance (`--workers` sync workers) behind nginx, and one
   `ervaring send-messages` process sending the outbox to a local SMTP server;
2. **two of each**: two gunicorn instances (each `--workers` workers, each its own port)
   behind the same nginx address, and two `ervaring send-messages` processes at once.

In both, `--concurrency` virtual respondents answer the whole questionnaire through nginx
(`bench/respondent_load.py`'s driver) while the senders work. Afterwards: every completed
respondent the driver saw is in the database once, every e-mail arrived exactly once (the SMTP
server records each recipient), and nothing is left in the outbox. The figures of run 2 beside
run 1 show whether throughput adds up on this machine; docs/deploy.md and docs/benchmarks.md
say what they mean for a larger installation.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

from _nginx import NGINX, start_nginx
from respondent_load import (
    HOST,
    ROOT,
    Browser,
    Tally,
    answer_survey,
    free_port,
    percentile,
    production_env,
    run_clients,
    wait_until_up,
)


def serve_smtp(port: int, log_path: str, stop) -> None:
    """The SMTP server's process: writes one line per recipient of every message it accepts."""
    import logging

    from aiosmtpd.controller import Controller

    logging.getLogger("mail.log").setLevel(logging.WARNING)

    class Inbox:
        def __init__(self) -> None:
            self.log = open(log_path, "a", buffering=1)  # noqa: SIM115 (open while serving)

        async def handle_DATA(self, server, session, envelope):
            self.log.write("".join(f"{rcpt}\n" for rcpt in envelope.rcpt_tos))
            return "250 OK"

    controller = Controller(Inbox(), hostname=HOST, port=port)
    controller.start()
    stop.wait()
    controller.stop()


class Stack:
    """The app instances, nginx and the senders of one run."""

    def __init__(self, instances: int, args, env: dict[str, str]) -> None:
        self.work = Path(tempfile.mkdtemp(prefix="ervaring-scale-"))
        self.ports = [free_port() for _ in range(instances)]
        self.listen = free_port()
        self.args = args
        # The one address respondents see is nginx's: forms are checked against it.
        self.env = env | {
            "CSRF_TRUSTED_ORIGINS": f"https://{HOST}:{self.listen}",
            "ERVARING_PUBLIC_BASE_URL": f"https://{HOST}:{self.listen}",
        }
        self.processes: list[subprocess.Popen] = []

    def start_web(self) -> None:
        gunicorn = [str(ROOT / ".venv" / "bin" / "gunicorn"), "ervaring.wsgi"]
        for port in self.ports:
            options = ["--bind", f"{HOST}:{port}", "--workers", str(self.args.workers)]
            self.processes.append(
                subprocess.Popen([*gunicorn, *options, "--log-level", "warning"], env=self.env)
            )
        for port in self.ports:
            wait_until_up(port)
        self.processes.append(start_nginx(self.work, HOST, self.listen, self.ports))
        wait_until_up(self.listen)

    def start_senders(self, count: int) -> list[subprocess.Popen]:
        command = [sys.executable, "-m", "ervaring.cli", "send-messages"]
        senders = [
            subprocess.Popen(command, env=self.env, stdout=subprocess.DEVNULL) for _ in range(count)
        ]
        self.processes += senders
        return senders

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.terminate()
        for process in self.processes:
            process.wait()
        shutil.rmtree(self.work, ignore_errors=True)


def prepare(args) -> tuple[list[str], object]:
    """Fresh invitations for the respondents, and a queued e-mail for each of `--emails`."""
    from ervaring.fieldwork.attributes import client_attributes
    from ervaring.fieldwork.models import Channel, Message
    from ervaring.fieldwork.services import InvitationSpec, create_invitations
    from ervaring.questionnaires.tests.factories import SurveyFactory

    survey = SurveyFactory(in_fieldwork=True)
    attributes = client_attributes(
        law=survey.law,
        provision_groups=("huishoudelijke_hulp",),
        age=70,
        team="noord",
        district="Noord",
        youth_self_from_age=survey.youth_self_from_age,
    )
    letters = create_invitations(
        survey, [InvitationSpec(attributes, Channel.LETTER)] * args.respondents
    )
    mailed = create_invitations(survey, [InvitationSpec(attributes, Channel.EMAIL)] * args.emails)
    Message.objects.bulk_create(
        Message(
            survey=survey,
            invitation=issued.invitation,
            channel=Channel.EMAIL,
            to=f"c{i}@example.org",
        )
        for i, issued in enumerate(mailed)
    )
    return [issued.code for issued in letters], survey


def one_run(name: str, instances: int, args, env: dict[str, str], smtp_log: Path) -> dict:
    from django.db import connections

    from ervaring.fieldwork.models import Message
    from ervaring.responses.models import Response

    print(f"{name}: setting up {args.respondents} invitations and {args.emails} e-mails ...")
    codes, survey = prepare(args)
    connections.close_all()
    smtp_log.write_text("")
    stack = Stack(instances, args, env)
    try:
        stack.start_web()
        tally = Tally()

        def respondent(code: str, tally: Tally) -> None:
            browser = Browser(stack.listen)
            try:
                answer_survey(browser, code, tally)
            finally:
                browser.close()

        started, finished = time.perf_counter(), []
        for sender in stack.start_senders(instances):  # the last to finish ends the sending

            def wait(sender: subprocess.Popen = sender) -> None:
                sender.wait()
                finished.append(time.perf_counter())

            threading.Thread(target=wait).start()
        wall = run_clients(args.concurrency, iter(codes), respondent, tally)
        while len(finished) < instances:
            time.sleep(0.1)
        sending_wall = max(finished) - started
    finally:
        stack.stop()
    received = Counter(smtp_log.read_text().split())
    stored = Response.objects.filter(survey=survey, completed_at__isnull=False).count()
    left = Message.objects.filter(survey=survey).exclude(status="sent").count()
    return {
        "name": name,
        "completed": tally.completed,
        "rate": tally.completed / wall,
        "pages": len(tally.page_times) / wall,
        "p50": statistics.median(tally.page_times) * 1000 if tally.page_times else 0,
        "p99": percentile(tally.page_times, 0.99) * 1000,
        "errors": tally.errors,
        "stored": stored,
        "emails": sum(received.values()) / sending_wall,
        "twice": sum(1 for n in received.values() if n > 1),
        "arrived": len(received),
        "left": left,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--respondents", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per instance")
    parser.add_argument("--emails", type=int, default=2000)
    args = parser.parse_args()
    if "DATABASE_URL" not in os.environ:  # start a throw-away PostgreSQL, then run again
        script = str(ROOT / "scripts" / "with-postgres.sh")
        os.execv(script, [script, sys.executable, __file__, *sys.argv[1:]])  # noqa: S606
    if not Path(NGINX).exists():
        raise SystemExit(f"{NGINX} is missing: run scripts/ensure-system-packages.sh")

    smtp_port, static_root = free_port(), Path(tempfile.mkdtemp(prefix="ervaring-static-"))
    smtp_log = static_root / "received.txt"
    stop = multiprocessing.Event()
    smtp = multiprocessing.get_context("fork").Process(
        target=serve_smtp, args=(smtp_port, str(smtp_log), stop)
    )
    smtp.start()
    env = production_env(free_port(), static_root)  # each run sets its own address
    env |= {"ERVARING_SMTP_HOST": HOST, "ERVARING_SMTP_PORT": str(smtp_port)}
    os.environ.update(env)
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v", "0"], check=True, env=env)
    subprocess.run([*manage, "collectstatic", "--no-input", "-v", "0"], check=True, env=env)
    import django

    django.setup()
    try:
        runs = [one_run("one of each", 1, args, env, smtp_log)]
        runs.append(one_run("two of each", 2, args, env, smtp_log))
    finally:
        stop.set()
        smtp.join()
        shutil.rmtree(static_root, ignore_errors=True)
    failed = False
    print(f"{args.respondents} respondents, {args.concurrency} at once, {args.emails} e-mails")
    for run in runs:
        print(
            f"{run['name']}: completed {run['rate']:.1f}/s, answer pages {run['pages']:.0f}/s, "
            f"p50 {run['p50']:.0f} ms, p99 {run['p99']:.0f} ms, errors {len(run['errors'])}, "
            f"database {run['stored']} = driver {run['completed']}; e-mails "
            f"{run['emails']:.0f}/s, arrived {run['arrived']}, twice {run['twice']}, "
            f"not sent {run['left']}"
        )
        failed |= bool(run["errors"]) or run["stored"] != run["completed"]
        failed |= run["twice"] > 0 or run["left"] > 0 or run["arrived"] != args.emails
    one, two = runs
    print(
        f"two of each / one of each: completed {two['rate'] / one['rate']:.2f}x, "
        f"e-mails {two['emails'] / one['emails']:.2f}x"
    )
    if failed:
        raise SystemExit("something was lost, duplicated or refused: see the lines above")


if __name__ == "__main__":
    main()
