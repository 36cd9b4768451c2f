"""Killing the worker mid-batch and running it again delivers every invitation exactly once.

The worker runs for real (`ervaring db_worker --batch` in a subprocess, on the test database),
is killed with SIGKILL after some messages went out, and is run again.
"""

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter

import pytest
from django.conf import settings
from django.db import connection

from ervaring.fieldwork import outbox, tasks
from ervaring.fieldwork.models import Message
from ervaring.fieldwork.tests.sending_helpers import email_rows, sampled_survey, sms_rows

pytestmark = pytest.mark.django_db(transaction=True)
COUNT = 40
KILL_AFTER = 12


def database_url() -> str:
    """The test database, as the subprocess's DATABASE_URL."""
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    auth = f"{db['USER']}:{db['PASSWORD']}@" if db["PASSWORD"] else f"{db['USER']}@"
    return f"postgres://{auth}{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def worker_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ, DATABASE_URL=database_url(), ERVARING_DEV="1", **extra)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return env


def worker(env: dict[str, str]) -> subprocess.Popen:
    tasks.send_outbox.enqueue()
    command = [sys.executable, "-m", "ervaring.cli", "db_worker", "--batch", "--no-startup-delay"]
    return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def kill_after(process: subprocess.Popen, delivered, count: int) -> None:
    deadline = time.monotonic() + 60
    while delivered() < count:
        assert process.poll() is None, process.stderr.read().decode()[-2000:]
        assert time.monotonic() < deadline, "the worker sent nothing"
        time.sleep(0.005)
    process.send_signal(signal.SIGKILL)
    process.wait()


def run_to_end(env: dict[str, str]) -> None:
    process = worker(env)
    _, errors = process.communicate(timeout=120)
    assert process.returncode == 0, errors.decode()[-2000:]


def test_killing_the_worker_mid_batch_then_rerunning_sends_each_sms_exactly_once(tmp_path):
    sms_file = tmp_path / "sms.jsonl"
    survey = sampled_survey(sms_rows(COUNT))
    outbox.queue_invitations(survey)
    env = worker_env(
        ERVARING_SMS_BACKEND="ervaring.fieldwork.tests.crash_backends.SlowFileSmsBackend",
        ERVARING_SMS_FILE=str(sms_file),
    )

    def delivered() -> int:
        return len(sms_file.read_text().splitlines()) if sms_file.exists() else 0

    kill_after(worker(env), delivered, KILL_AFTER)
    assert KILL_AFTER <= delivered() < COUNT
    assert Message.objects.filter(status="sending").count() <= 1
    run_to_end(env | {"ERVARING_OUTBOX_SENDING_TIMEOUT": "0"})

    sent_to = Counter(json.loads(line)["to"] for line in sms_file.read_text().splitlines())
    assert len(sent_to) == COUNT
    assert set(sent_to.values()) == {1}
    assert set(Message.objects.values_list("status", flat=True)) == {"sent"}


@pytest.mark.parametrize(
    ("server", "pause_at"),
    [
        ("smtp_server", "accepted"),
        ("smtp_server", "mail"),
        ("smtp_server", "dot"),
        ("pipelining_smtp_server", "mail"),
        ("pipelining_smtp_server", "dot"),
        ("smtp_server", "compose"),
        ("pipelining_smtp_server", "compose"),
    ],
)
def test_killing_the_worker_mid_batch_never_sends_an_email_twice(server, pause_at, request):
    """The kill lands where the worker pauses (`crash_backends.SlowSmtpBackend`): after the
    server accepted a message; between MAIL FROM and the hand-over's record (pipelining:
    with RCPT and DATA sent too, the server waiting for the message); or after a message's
    final dot, before its reply is read; or while the next message is composed, which on
    PostgreSQL is while this message's hand-over is sent and its answer not yet read:
    committed (the message is reported, no dot was sent) or rolled back when the
    connection drops (the message was never handed over, and the previous message's
    outcome, which rode along, is lost with it, so that one is reported)."""
    smtp_server = request.getfixturevalue(server)
    survey = sampled_survey(email_rows(COUNT))
    outbox.queue_invitations(survey)
    port = smtp_server_port(smtp_server)
    env = worker_env(
        ERVARING_EMAIL_BACKEND="ervaring.fieldwork.tests.crash_backends.SlowSmtpBackend",
        ERVARING_SMTP_HOST="127.0.0.1",
        ERVARING_SMTP_PORT=str(port),
        ERVARING_TEST_PAUSE_AT=pause_at,
    )
    kill_after(worker(env), lambda: len(smtp_server.messages), KILL_AFTER)
    assert KILL_AFTER <= len(smtp_server.messages) < COUNT
    assert Message.objects.filter(status="sending").count() <= 1
    run_to_end(env | {"ERVARING_OUTBOX_SENDING_TIMEOUT": "0"})

    received = Counter(rcpt for m in smtp_server.messages for rcpt in m.rcpt_tos)
    assert set(received.values()) == {1}
    statuses = Counter(Message.objects.values_list("status", flat=True))
    # SMTP cannot be asked whether a message arrived: the one interrupted message (if the
    # kill fell between handing it over and recording it) is reported, never resent.
    assert statuses["uncertain"] <= 1
    assert statuses["sent"] + statuses["uncertain"] == COUNT
    uncertain = set(Message.objects.filter(status="uncertain").values_list("to", flat=True))
    assert set(received) | uncertain == {f"client{i}@example.org" for i in range(COUNT)}


def smtp_server_port(smtp_server) -> int:
    return int(settings.MAILERS["default"]["OPTIONS"]["port"])


def test_two_workers_at_once_one_killed_send_every_email_once(smtp_server, settings):
    """Scale-out (issue 16): two senders share one outbox and one SMTP server; one is killed
    with SIGKILL mid-batch. Each claims its own batches, so nobody gets a message twice."""
    survey = sampled_survey(email_rows(COUNT))
    outbox.queue_invitations(survey)
    env = worker_env(
        ERVARING_EMAIL_BACKEND="ervaring.fieldwork.tests.crash_backends.SlowSmtpBackend",
        ERVARING_SMTP_HOST="127.0.0.1",
        ERVARING_SMTP_PORT=str(smtp_server_port(smtp_server)),
        ERVARING_OUTBOX_BATCH_SIZE="5",
    )
    command = [sys.executable, "-m", "ervaring.cli", "send-messages"]
    senders = [
        subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        for _ in range(2)
    ]
    kill_after(senders[0], lambda: len(smtp_server.messages), KILL_AFTER)
    _, errors = senders[1].communicate(timeout=120)
    assert senders[1].returncode == 0, errors.decode()[-2000:]
    run_to_end(env | {"ERVARING_OUTBOX_SENDING_TIMEOUT": "0"})

    received = Counter(rcpt for m in smtp_server.messages for rcpt in m.rcpt_tos)
    assert set(received.values()) == {1}
    statuses = Counter(Message.objects.values_list("status", flat=True))
    assert statuses["uncertain"] <= 1  # only the killed sender's message in hand
    assert statuses["sent"] + statuses["uncertain"] == COUNT
    uncertain = set(Message.objects.filter(status="uncertain").values_list("to", flat=True))
    assert set(received) | uncertain == {f"client{i}@example.org" for i in range(COUNT)}
