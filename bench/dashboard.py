"""Benchmark: render time of the survey and team dashboards with 100,000 responses.

Run: `.venv/bin/python bench/dashboard.py [--responses 100000] [--repeat 30]`; with
``BENCH_DASHBOARD_DB=<path of bench.sqlite3 printed by an earlier run>`` it measures that
database again instead of building one (building 100,000 responses takes minutes).

Builds a throw-away SQLite database (in a temporary folder) with one Wmo survey, five
teams, N invitations and N completed responses over the last 120 days, each answering nine
agree statements, then renders the pages through Django's test client (full middleware,
session, templates, SVG charts) and prints, in the same run:

- **warm**: p50/p95 of the survey dashboard (with and without a team filter), the team
  dashboard and the live fragment, with the dataset and rows cached for the current
  response state (what every view sees until the next response arrives);
- **new responses**: the first view of each page after one more response was completed
  through the completion hook (the running totals of ``analysis.tallies`` updated in its
  transaction), wall and CPU time. Nothing is emptied by hand: the new response changes
  the survey's state, so every figure, row and chart cached per state is drawn anew from
  the counters, of which only today's and yesterday's are read (the earlier days' stay
  kept while the tally generation is unchanged), and the invitation counts are read as the
  worker last counted them (its scheduled job runs once before the measurements). Three
  more lines for the survey dashboard show the worse cases: a new response in a process
  that has kept nothing (every counter read, as after a restart or a rebuild), a new
  response without a recent count by the worker (the page counts the invitations itself,
  as it does once a minute when no worker runs), and the worker's count itself;
- **cold, full dataset**: the survey dashboard built from every answer with the cache
  emptied before each request (what the first view after a new response cost before the
  running totals, and still costs when they do not count every response);
- **trivial**: p95 of the survey's detail page, a baseline of what any staff page costs.
"""

from __future__ import annotations

import argparse
import os
import secrets
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
#: A database left by an earlier run (its path), to measure again without building it anew.
REUSE = os.environ.get("BENCH_DASHBOARD_DB")
WORK = os.path.dirname(REUSE) if REUSE else tempfile.mkdtemp(prefix="ervaring-bench-dashboard-")
os.environ.update(
    ERVARING_DEV="1",
    DATABASE_URL=f"sqlite:///{REUSE or WORK + '/bench.sqlite3'}",
    ALLOWED_HOSTS="testserver,127.0.0.1",
    ERVARING_EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
    DJANGO_SETTINGS_MODULE="ervaring.settings",
)

import django  # noqa: E402

django.setup()

import numpy as np  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from ervaring.accounts.models import Organisation, Role, Staff, Team  # noqa: E402
from ervaring.analysis import snapshots, tallies  # noqa: E402
from ervaring.fieldwork.models import FieldworkFigures, Invitation  # noqa: E402
from ervaring.fieldwork.tasks import count_fieldwork  # noqa: E402
from ervaring.questionnaires.models import Survey  # noqa: E402
from ervaring.questionnaires.services import (  # noqa: E402
    create_survey_from_template,
    start_fieldwork,
)
from ervaring.responses import hooks  # noqa: E402
from ervaring.responses.models import Answer, Response  # noqa: E402

TEAMS = ("noord", "oost", "zuid", "west", "centrum")
PROVISIONS = ("huishoudelijke_hulp", "begeleiding", "hulpmiddelen", "vervoer")
CHANNELS = ("brief", "email", "sms", "tablet")
QUESTIONS = ("wmo_1", "wmo_2", "wmo_3", "wmo_4", "wmo_6", "wmo_7", "wmo_8", "wmo_9", "wmo_10")
CODES = np.array([5, 4, 3, 2, 1, 8, 9])
P_CODES = np.array([0.3, 0.35, 0.12, 0.1, 0.05, 0.05, 0.03])


def build(n: int, seed: int = 2026) -> tuple[object, Staff, Staff]:
    rng = np.random.default_rng(seed)
    org = Organisation.objects.create(slug="bench", name="Gemeente Bench")
    teams = {s: Team.objects.create(organisation=org, slug=s, name=f"Wijkteam {s}") for s in TEAMS}
    researcher = Staff.objects.create_user(
        "onderzoeker", password=None, organisation=org, role=Role.ONDERZOEKER
    )
    leader = Staff.objects.create_user(
        "teamleider", password=None, organisation=org, role=Role.TEAMLEIDER, team=teams["noord"]
    )
    survey = start_fieldwork(create_survey_from_template(org, "wmo", "CEO Wmo bench"))
    now = timezone.now()
    team_of = rng.integers(0, len(TEAMS), n)
    provision_of = rng.integers(0, len(PROVISIONS), n)
    channel_of = rng.integers(0, len(CHANNELS), n)
    days_ago = rng.integers(0, 120, n)
    attributes = [
        {
            "law": "wmo",
            "provision_groups": [PROVISIONS[provision_of[i]]],
            "age_band": "65-74",
            "team": TEAMS[team_of[i]],
            "district": TEAMS[team_of[i]].title(),
            "respondent_role": "client",
        }
        for i in range(n)
    ]
    Invitation.objects.bulk_create(
        (
            Invitation(
                survey=survey,
                code_hash=secrets.token_hex(16),
                attributes=attributes[i],
                channel=CHANNELS[channel_of[i]],
                is_started=True,
                is_completed=True,
            )
            for i in range(n)
        ),
        batch_size=5000,
    )
    Response.objects.bulk_create(
        (
            Response(
                token=secrets.token_hex(16),
                survey=survey,
                version=survey.current_version,
                attributes=attributes[i],
                channel=CHANNELS[channel_of[i]],
                started_at=now - timedelta(days=int(days_ago[i])),
                completed_at=now - timedelta(days=int(days_ago[i])),
            )
            for i in range(n)
        ),
        batch_size=5000,
    )
    ids = list(Response.objects.filter(survey=survey).order_by("pk").values_list("pk", flat=True))
    codes = CODES[rng.choice(len(CODES), (n, len(QUESTIONS)), p=P_CODES)]
    Answer.objects.bulk_create(
        (
            Answer(response_id=pk, question_id=q, value=int(codes[i, j]))
            for i, pk in enumerate(ids)
            for j, q in enumerate(QUESTIONS)
        ),
        batch_size=10000,
    )
    return survey, researcher, leader


def timed(client: Client, url: str, repeat: int, *, cold: bool = False) -> list[float]:
    seconds = []
    for _ in range(repeat):
        if cold:
            snapshots.clear()
        start = time.perf_counter()
        response = client.get(url)
        seconds.append(time.perf_counter() - start)
        assert response.status_code == 200, (url, response.status_code)
    return seconds


def complete_one(survey, rng: np.random.Generator) -> None:
    """One more response completed the way the services complete it: a save naming
    ``completed_at`` and the completion hook, which updates the running totals in the same
    transaction."""
    from django.db import transaction

    attributes = {
        "law": "wmo",
        "provision_groups": [PROVISIONS[int(rng.integers(len(PROVISIONS)))]],
        "age_band": "65-74",
        "team": TEAMS[int(rng.integers(len(TEAMS)))],
        "respondent_role": "client",
    }
    with transaction.atomic():
        response = Response.objects.create(
            token=secrets.token_hex(16),
            survey=survey,
            version=survey.current_version,
            attributes=attributes,
            channel="email",
        )
        codes = CODES[rng.choice(len(CODES), len(QUESTIONS), p=P_CODES)]
        Answer.objects.bulk_create(
            Answer(response=response, question_id=q, value=int(c))
            for q, c in zip(QUESTIONS, codes, strict=True)
        )
        response.completed_at = timezone.now()
        response.save(update_fields=["completed_at", "updated_at"])
        hooks.completed(response)


def forget_fieldwork() -> None:
    """No recent count by the worker, and none the page keeps: as in a new minute without
    a worker."""
    FieldworkFigures.objects.all().delete()
    with snapshots._lock:
        for key in [k for k in snapshots._entries if k[0] == "fieldwork"]:
            del snapshots._entries[key]


def after_new_response(
    client: Client,
    url: str,
    repeat: int,
    survey,
    rng: np.random.Generator,
    empty: Callable[[], None] | None = None,
) -> tuple[list[float], list[float]]:
    """Wall and CPU seconds of the first request after each new completed response;
    ``empty`` empties more than the new response itself does (a new minute, a new
    process)."""
    wall, cpu = [], []
    for _ in range(repeat):
        complete_one(survey, rng)
        if empty is not None:
            empty()
        start, start_cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
        assert response.status_code == 200, (url, response.status_code)
    return wall, cpu


def p95(values: list[float]) -> float:
    return float(np.percentile(values, 95))


def line(label: str, values: list[float]) -> str:
    return (
        f"{label:<44} p50 {1000 * statistics.median(values):8.1f} ms   "
        f"p95 {1000 * p95(values):8.1f} ms   (n={len(values)})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--responses", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--cold-repeat", type=int, default=3)
    parser.add_argument("--new-repeat", type=int, default=10)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    if REUSE:
        survey = Survey.objects.get(organisation__slug="bench")
        researcher = Staff.objects.get(username="onderzoeker")
        leader = Staff.objects.get(username="teamleider")
        print(f"{survey.responses.count()} responses in {REUSE}")
    else:
        start = time.perf_counter()
        survey, researcher, leader = build(args.responses)
        print(
            f"{args.responses} responses x {len(QUESTIONS)} answers built in "
            f"{time.perf_counter() - start:.0f} s ({WORK})"
        )
        start, start_cpu = time.perf_counter(), time.process_time()
        counted = tallies.rebuild(survey)
        print(
            f"running totals rebuilt from scratch for {counted} responses in "
            f"{time.perf_counter() - start:.1f} s ({time.process_time() - start_cpu:.1f} s CPU)"
        )
    staff, team = Client(), Client()
    staff.force_login(researcher)
    team.force_login(leader)
    pages = {
        "survey dashboard": (staff, reverse("reporting:survey-dashboard", args=[survey.slug])),
        "survey dashboard ?team=zuid&van=...": (
            staff,
            reverse("reporting:survey-dashboard", args=[survey.slug])
            + f"?team=zuid&van={(timezone.localdate() - timedelta(days=90)).isoformat()}",
        ),
        "survey dashboard, live fragment": (
            staff,
            reverse("reporting:survey-dashboard-live", args=[survey.slug]),
        ),
        "team dashboard (teamleider)": (
            team,
            reverse("reporting:team-dashboard", args=[survey.slug, "noord"]),
        ),
    }
    start_cpu = time.process_time()
    count_fieldwork.call()  # the scheduled job, as in production
    worker_count = time.process_time() - start_cpu
    results = []
    for label, (client, url) in pages.items():
        first = timed(client, url, 1)  # fills the cache
        results.append(line(f"warm: {label}", timed(client, url, args.repeat)))
        results.append(f"{'':<44} first request {1000 * first[0]:8.1f} ms")
    rng = np.random.default_rng(7)
    for label, (client, url) in pages.items():
        wall, cpu = after_new_response(client, url, args.new_repeat, survey, rng)
        results.append(line(f"new response: {label}", wall))
        results.append(line("  (CPU time of the same requests)", cpu))
    survey_url = pages["survey dashboard"][1]
    worse = {
        "new response, new process: survey dashboard": snapshots.clear,
        "new response, no count by the worker: survey dashboard": forget_fieldwork,
    }
    for label, empty in worse.items():
        wall, cpu = after_new_response(staff, survey_url, args.new_repeat, survey, rng, empty)
        results.append(line(label, wall))
        results.append(line("  (CPU time of the same requests)", cpu))
    from ervaring.reporting import dashboard

    drawn = dashboard.get_dashboard_snapshot
    dashboard.get_dashboard_snapshot = snapshots.get_snapshot  # the path before the totals
    try:
        results.append(
            line(
                "cold, full dataset: survey dashboard",
                timed(staff, survey_url, args.cold_repeat, cold=True),
            )
        )
    finally:
        dashboard.get_dashboard_snapshot = drawn
    results.append(
        f"{'the worker counting the invitations (CPU)':<44} {1000 * worker_count:8.1f} ms"
    )
    detail = reverse("questionnaires:survey-detail", args=[survey.slug])
    results.append(line("trivial: survey detail page", timed(staff, detail, args.repeat)))
    load = os.getloadavg()
    print("\n".join(results))
    print(
        f"load average during the run: {load[0]:.1f} {load[1]:.1f} {load[2]:.1f} "
        f"on {os.cpu_count()} cores"
    )


if __name__ == "__main__":
    main()
