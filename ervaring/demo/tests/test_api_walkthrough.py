"""docs/api.md as written: its curl walk-through and its Python client, run against a live
server with the demo seeded, with the key and client number that seed-demo prints."""

import os
import re
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from ervaring.api.models import ApiInvitation
from ervaring.demo.generator import DEMO_API_KEY, seed_demo
from ervaring.demo.tests.test_demo import SMALL
from ervaring.fieldwork.models import Client, Invitation

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.xdist_group("browser")]
DOCS = Path(__file__).resolve().parents[3] / "docs"


def uninvited_client(survey) -> str:
    return (
        Client.objects.filter(survey=survey, invitations__isnull=True)
        .exclude(contact__mobile="")
        .order_by("client_ref")
        .values_list("client_ref", flat=True)
        .first()
    )


def test_seed_demo_prints_a_working_key_and_a_client_without_invitation(client):
    seed_demo(**SMALL)
    printed = StringIO()
    call_command("seed_demo", stdout=printed)
    output = printed.getvalue()
    assert f"sleutel: {DEMO_API_KEY}" in output
    number = re.search(r"nog niet uitgenodigd, met mobiel nummer: (\S+)", output).group(1)
    assert not Invitation.objects.filter(client__client_ref=number).exists()
    answer = client.get("/api/v1/surveys", headers={"Authorization": f"Bearer {DEMO_API_KEY}"})
    assert answer.status_code == 200


def test_the_curl_walkthrough_and_the_python_client_work_as_written(live_server, tmp_path):
    summary = seed_demo(**SMALL)
    env = {
        **os.environ,
        "ERVARING_URL": live_server.url,
        "ERVARING_API_KEY": DEMO_API_KEY,
        "SURVEY": summary.wmo_survey.slug,
        "CLIENT": summary.uninvited_client,
    }
    text = (DOCS / "api.md").read_text()
    # The exports set what the reader's demo printed; the rest runs literally.
    blocks = re.findall(r"```sh\n(.*?)```", text, re.S)
    script = "\n".join(
        line for block in blocks for line in block.splitlines() if not line.startswith("export ")
    )
    run = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", script],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    statuses = re.findall(r"status (\d+)", run.stdout)
    assert statuses == ["201", "200", "409", "201", "200", "201"], run.stdout
    assert "already_invited" in run.stdout and "Wijkteam Noord" in run.stdout
    assert ApiInvitation.objects.count() == 3
    assert Invitation.objects.filter(client__client_ref="WMO-900001").count() == 1

    other = uninvited_client(summary.wmo_survey)
    python = [sys.executable, str(DOCS / "api_example.py"), other, "zaak-2026-0042"]
    for _ in range(2):
        ran = subprocess.run(python, env=env, capture_output=True, text=True, timeout=120)
        assert ran.returncode == 0, ran.stderr
    assert "Uitgenodigd per sms naar •••" in ran.stdout and "(was al gedaan)" in ran.stdout
    assert "Ik werd snel geholpen." in ran.stdout
    assert Invitation.objects.filter(client__client_ref=other).count() == 1
