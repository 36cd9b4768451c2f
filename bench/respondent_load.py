"""Benchmark: respondents answering the whole questionnaire at once, on the production stack.

Run: `.venv/bin/python bench/respondent_load.py [--respondents 300] [--concurrency 100]
[--workers 4]` (it starts its own throw-away PostgreSQL through scripts/with-postgres.sh).

What it does, so the figure can be reproduced with one command:

1. production settings (strong keys, no development backends, HTTPS behind one trusted proxy,
   static files collected) against a fresh PostgreSQL; migrations; a survey in fieldwork from
   the standard Wmo questionnaire with one invitation per virtual respondent;
2. gunicorn with `--workers` sync workers and nginx in front of it, both as docs/deploy.md
   starts them (`--direct`: the clients talk to gunicorn itself, without nginx; see
   `bench/_nginx.py`);
3. **baseline**: the same stack's trivial page (the accessibility statement: a template, no
   session, no database) fetched by `--concurrency` clients, pages per second;
4. **respondents**: `--concurrency` virtual respondents at once, each over its own keep-alive
   connection with its own cookies: the personal link (code filled in, one press), the welcome
   page, then every page of
   the questionnaire, reading the CSRF token and fields from the page it just received
   (`responses/tests/formfill.py`), the check-your-answers page and "Versturen", until the
   thank-you page;
5. the database: the completed responses must equal the respondents the driver saw finish.

It prints completed respondents per second, answer pages per second, their ratio to the
trivial page, p50/p99 latency of answer pages, and errors; and the server's CPU time per
request (gunicorn's workers, nginx and PostgreSQL's processes, read from /proc), which moves
far less with other work on the machine than the rates do.

`--think S` makes each virtual respondent read every page for S seconds on average (0.5 S to
1.5 S, drawn per page) before answering, as people do; without it they answer at once, so
100 at once are 100 requests always queued, and the latency is the queue (Little's law:
p50 is about concurrency / throughput). Figures: docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import re
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from queue import Empty, Queue
from urllib.parse import urlencode

from _nginx import start_nginx
from _proc_cpu import postmaster, tree_seconds

ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
FIRST_PAGE = re.compile(r'href="(/vragenlijst/[a-z0-9_-]+/)"')


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def production_env(port: int, static_root: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ERVARING_")}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "ervaring.settings",
            "SECRET_KEY": secrets.token_hex(32),
            "ALLOWED_HOSTS": HOST,
            "CSRF_TRUSTED_ORIGINS": f"https://{HOST}:{port}",
            "ERVARING_PUBLIC_BASE_URL": f"https://{HOST}:{port}",
            "ERVARING_TRUSTED_PROXY_COUNT": "1",
            "ERVARING_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "ERVARING_SMS_BACKEND": "ervaring.fieldwork.channels.sms.HttpSmsBackend",
            "ERVARING_STATIC_ROOT": str(static_root),
        }
    )
    return env


class Browser:
    """One respondent's keep-alive connection and cookies, as behind the TLS proxy."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.connection = http.client.HTTPConnection(HOST, port, timeout=60)
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: dict | None = None) -> tuple[int, str, str]:
        """(status, location, body) of one request; the time is measured by the caller."""
        headers = {
            "Host": HOST,
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": "10.0.0.1",
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
        }
        body = None
        if form is not None:
            body = urlencode(form, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"https://{HOST}:{self.port}"
            headers["Referer"] = f"https://{HOST}:{self.port}{path}"
        self.connection.request(method, path, body=body, headers=headers)
        answer = self.connection.getresponse()
        text = answer.read().decode()
        for header in answer.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        location = answer.headers.get("Location", "")
        return answer.status, location.replace(f"https://{HOST}:{self.port}", ""), text

    def close(self) -> None:
        self.connection.close()


class ServerCpu:
    """CPU seconds used by gunicorn (master and workers), PostgreSQL (the postmaster, its
    living processes and those that ended) and nginx when it runs: read before and after a
    phase. nginx is counted with the app: it is part of the stack that serves a page."""

    def __init__(self, gunicorn_pid: int, database_port: str, nginx_pid: int | None) -> None:
        self.apps = [gunicorn_pid] + ([nginx_pid] if nginx_pid else [])
        self.database = postmaster(database_port)

    def seconds(self) -> tuple[float, float]:
        """(app, PostgreSQL) CPU seconds so far."""
        return sum(tree_seconds(root) for root in self.apps), tree_seconds(self.database)

    def per_request(self, before: tuple[float, float], requests: int) -> tuple[float, float]:
        """(app, PostgreSQL) CPU seconds per request since `before`."""
        now = self.seconds()
        return tuple((now[i] - before[i]) / max(1, requests) for i in (0, 1))


class Tally:
    """What all virtual respondents saw, under one lock."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.page_times: list[float] = []
        self.completed = 0
        self.errors: list[str] = []

    def page(self, seconds: float) -> None:
        with self.lock:
            self.page_times.append(seconds)

    def error(self, text: str) -> None:
        with self.lock:
            self.errors.append(text)


def answer_survey(browser: Browser, code: str, tally: Tally, think: float = 0.0) -> None:
    """The personal link, the welcome page, then every page until the thank-you page,
    reading each page for about `think` seconds before answering it."""
    from ervaring.responses.tests.formfill import fill

    def read() -> None:
        if think:
            time.sleep(think * random.uniform(0.5, 1.5))

    read()  # arriving: people open their link one by one, not all in the same second
    status, _, body = browser.request("GET", f"/k/{code}")  # the code filled in
    if status != 200:
        raise RuntimeError(f"personal link: {status}")
    token = CSRF.search(body).group(1)
    status, location, _ = browser.request("POST", "/", {"code": code, "csrfmiddlewaretoken": token})
    while status in (301, 302):
        status, location, body = browser.request("GET", location)
    match = FIRST_PAGE.search(body)
    if status != 200 or not match:
        raise RuntimeError(f"welcome page: {status}")
    path = match.group(1)
    for _ in range(60):
        started = time.perf_counter()
        status, _, body = browser.request("GET", path)
        tally.page(time.perf_counter() - started)
        if status != 200:
            raise RuntimeError(f"GET {path}: {status}")
        form = fill(body)
        form["csrfmiddlewaretoken"] = CSRF.search(body).group(1)
        read()
        started = time.perf_counter()
        status, location, _ = browser.request("POST", path, form)
        tally.page(time.perf_counter() - started)
        if status != 302:
            raise RuntimeError(f"POST {path}: {status}")
        if location.startswith("/vragenlijst/nakijken"):  # check the answers, then send
            started = time.perf_counter()
            status, _, body = browser.request("GET", location)
            tally.page(time.perf_counter() - started)
            token = CSRF.search(body).group(1)
            form = {"action": "next", "csrfmiddlewaretoken": token}
            read()
            started = time.perf_counter()
            status, location, _ = browser.request("POST", "/vragenlijst/nakijken/", form)
            tally.page(time.perf_counter() - started)
        if location.startswith("/vragenlijst/klaar"):
            with tally.lock:
                tally.completed += 1
            return
        path = location
    raise RuntimeError("more than 60 pages")


def run_clients(concurrency: int, work: Iterator, job, tally: Tally) -> float:
    """`concurrency` threads take items from `work` and run `job`; returns the wall time."""
    queue: Queue = Queue()
    for item in work:
        queue.put(item)

    def client() -> None:
        while True:
            try:
                item = queue.get_nowait()
            except Empty:
                return
            try:
                job(item, tally)
            except Exception as error:
                tally.error(f"{type(error).__name__}: {error}")

    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--respondents", type=int, default=300)
    parser.add_argument("--concurrency", type=int, default=100)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--trivial-requests", type=int, default=3000)
    parser.add_argument("--think", type=float, default=0.0, help="mean reading time per page, s")
    parser.add_argument("--direct", action="store_true", help="no nginx in front of gunicorn")
    args = parser.parse_args()
    if "DATABASE_URL" not in os.environ:  # start a throw-away PostgreSQL, then run again
        script = str(ROOT / "scripts" / "with-postgres.sh")
        os.execv(script, [script, sys.executable, __file__, *sys.argv[1:]])  # noqa: S606

    app_port = free_port()
    port = app_port if args.direct else free_port()  # the address the respondents use
    static_root = Path(tempfile.mkdtemp(prefix="ervaring-static-"))
    env = production_env(port, static_root)
    os.environ.update(env)
    for name in [k for k in os.environ if k.startswith("ERVARING_") and k not in env]:
        del os.environ[name]
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v", "0"], check=True, env=env)
    subprocess.run([*manage, "collectstatic", "--no-input", "-v", "0"], check=True, env=env)
    print(f"setting up {args.respondents} invitations ...", flush=True)
    import django

    django.setup()
    from ervaring.fieldwork.tests.factories import invite
    from ervaring.questionnaires.tests.factories import SurveyFactory
    from ervaring.responses.models import Response

    survey = SurveyFactory(in_fieldwork=True)
    codes = [
        invite(survey, provision_groups=("huishoudelijke_hulp",)).code
        for _ in range(args.respondents)
    ]
    gunicorn = [str(ROOT / ".venv" / "bin" / "gunicorn"), "ervaring.wsgi"]
    options = ["--bind", f"{HOST}:{app_port}", "--workers", str(args.workers)]
    servers = [subprocess.Popen([*gunicorn, *options, "--log-level", "warning"], env=env, cwd=ROOT)]
    try:
        wait_until_up(app_port)
        if not args.direct:
            proxy_work = Path(tempfile.mkdtemp(prefix="ervaring-nginx-"))
            servers.append(start_nginx(proxy_work, HOST, port, [app_port]))
            wait_until_up(port)
        database_port = os.environ["DATABASE_URL"].rsplit(":", 1)[1].split("/")[0]
        nginx = None if args.direct else servers[1].pid
        report(args, port, codes, survey, Response, ServerCpu(servers[0].pid, database_port, nginx))
    finally:
        for server in servers:
            server.terminate()
            server.wait()


def wait_until_up(port: int) -> None:
    deadline, status = time.time() + 120, None
    while time.time() < deadline:
        try:
            browser = Browser(port)
            status, _, _ = browser.request("GET", "/toegankelijkheid/")
            browser.close()
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise SystemExit(f"gunicorn did not answer 200 within 120 s (last status: {status})")


def report(args, port: int, codes: list[str], survey, response_model, cpu: ServerCpu) -> None:
    trivial = Tally()
    per_client = max(1, args.trivial_requests // args.concurrency)

    def fetch_trivial(_item, tally: Tally) -> None:
        browser = Browser(port)
        for _ in range(per_client):
            started = time.perf_counter()
            status, _, _ = browser.request("GET", "/toegankelijkheid/")
            tally.page(time.perf_counter() - started)
            if status != 200:
                tally.error(f"trivial page: {status}")
        browser.close()

    before = cpu.seconds()
    wall = run_clients(args.concurrency, iter(range(args.concurrency)), fetch_trivial, trivial)
    trivial_app, trivial_db = cpu.per_request(before, len(trivial.page_times))
    trivial_cpu = trivial_app + trivial_db
    trivial_rate = len(trivial.page_times) / wall
    print(
        f"baseline, trivial page: {trivial_rate:.0f} pages/s ({len(trivial.page_times)} pages), "
        f"server CPU {trivial_cpu * 1000:.2f} ms per page "
        f"(app {trivial_app * 1000:.2f}, database {trivial_db * 1000:.2f})"
    )

    tally = Tally()

    def respondent(code: str, tally: Tally) -> None:
        browser = Browser(port)
        try:
            answer_survey(browser, code, tally, args.think)
        finally:
            browser.close()

    before = cpu.seconds()
    wall = run_clients(args.concurrency, iter(codes), respondent, tally)
    pages = len(tally.page_times)
    page_app, page_db = cpu.per_request(before, pages)
    page_cpu = page_app + page_db
    if not pages:
        raise SystemExit(f"no respondent got through: {tally.errors[:3]}")
    stored = response_model.objects.filter(survey=survey, completed_at__isnull=False).count()
    rate = pages / wall
    thinking = f", reading each page {args.think:g} s on average" if args.think else ""
    print(
        f"respondents: {args.respondents}, {args.concurrency} at once, {args.workers} workers"
        f"{' (no nginx)' if args.direct else ' behind nginx'}{thinking}"
    )
    print(f"  completed: {tally.completed / wall:.1f}/s ({tally.completed} in {wall:.1f} s)")
    print(f"  answer pages: {rate:.0f}/s = {rate / trivial_rate:.0%} of the trivial page")
    print(
        f"  server CPU: {page_cpu * 1000:.2f} ms per answer page "
        f"(app {page_app * 1000:.2f}, database {page_db * 1000:.2f}) = "
        f"{trivial_cpu / page_cpu:.0%} of the trivial page's rate at the same CPU"
    )
    print(
        f"  latency: p50 {statistics.median(tally.page_times) * 1000:.0f} ms, "
        f"p99 {percentile(tally.page_times, 0.99) * 1000:.0f} ms"
    )
    print(f"  errors: {len(tally.errors)}{(' e.g. ' + tally.errors[0]) if tally.errors else ''}")
    print(f"  database: {stored} completed responses, driver saw {tally.completed}")
    if stored != tally.completed or tally.errors:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
