"""The backup and restore of docs/deploy.md, run for real on PostgreSQL: a dump made by
scripts/backup.sh restores with scripts/restore.sh into an empty database, with the same rows
and an intact audit chain. Runs under scripts/with-postgres.sh (make test); skipped on SQLite."""

import os
import subprocess
import uuid
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from ervaring.accounts.models import AuditEvent, Staff
from ervaring.accounts.services import log_event
from ervaring.accounts.tests.factories import StaffFactory

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="needs PostgreSQL (scripts/with-postgres.sh)",
    ),
]


def url(name: str) -> str:
    s = connection.settings_dict
    return f"postgresql://{s['USER']}:{s['PASSWORD']}@{s['HOST']}:{s['PORT']}/{name}"


def test_a_backup_restores_into_an_empty_database_with_its_audit_chain(tmp_path):
    staff = StaffFactory(username="bea", beheerder=True)
    for i in range(3):
        log_event("survey.fieldwork_closed", organisation=staff.organisation, actor=staff, n=i)
    source = url(connection.settings_dict["NAME"])
    env = {**os.environ, "DATABASE_URL": source}
    dump = subprocess.run(
        ["scripts/backup.sh", str(tmp_path)], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert dump.returncode == 0, dump.stderr
    target = f"restore_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(url("postgres"), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{target}"')
    try:
        restored = subprocess.run(
            ["scripts/restore.sh", dump.stdout.strip()],
            cwd=ROOT,
            env={**env, "DATABASE_URL": url(target)},
            capture_output=True,
            text=True,
        )
        assert restored.returncode == 0, restored.stdout + restored.stderr
        assert "in orde" in restored.stdout and "NIET IN ORDE" not in restored.stdout
        with psycopg.connect(url(target)) as copy:
            staff_rows = copy.execute("SELECT count(*) FROM accounts_staff").fetchone()[0]
            events = copy.execute("SELECT count(*) FROM accounts_auditevent").fetchone()[0]
        assert (staff_rows, events) == (Staff.objects.count(), AuditEvent.objects.count())
    finally:
        with psycopg.connect(url("postgres"), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)')
