"""No personal code in any log the product writes (issue 10, item 3).

A personal link `/k/CODE` (letter, e-mail, SMS, QR) puts the login code in the request line,
and the pages it opens send it on as the Referer. The server is started for real, as
`scripts/serve.sh` starts it (gunicorn, the background worker, the project's logging), and
visited the way phones and browsers do; then every line it wrote is searched for the codes.
The same is done through nginx configured as docs/deploy.md says, whose access and error logs
are searched too.
"""

import os
import re
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from http.cookiejar import CookieJar
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from ervaring.accounts.models import AuditEvent
from ervaring.fieldwork import codes
from ervaring.fieldwork.opt_out import opt_out_token
from ervaring.fieldwork.tests.factories import invite
from ervaring.questionnaires.tests.factories import SurveyFactory
from ervaring.responses import services

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.xdist_group("served")]
ROOT = Path(settings.BASE_DIR)
NGINX = os.environ.get("ERVARING_NGINX", "/usr/sbin/nginx")
CSS = "/static/responses/survey.css"
PHONE = "Mozilla/5.0 (Linux; Android 14) Mobile"
CLIENT_TIMEOUT = 300


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_url() -> str:
    """The test database, as the server's DATABASE_URL."""
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    auth = f"{db['USER']}:{db['PASSWORD']}@" if db["PASSWORD"] else f"{db['USER']}@"
    return f"postgres://{auth}{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def wait_for_port(port: int, process: subprocess.Popen, output: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, output.read_text()[-3000:]
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.05)
    raise AssertionError(f"nothing listens on port {port}:\n{output.read_text()[-3000:]}")


@dataclass
class Served:
    """The running server: its address and everything it writes to stdout and stderr."""

    base: str
    stdout: Path
    stderr: Path

    def output(self) -> str:
        return self.stdout.read_text() + self.stderr.read_text()


@pytest.fixture(scope="module")
def served(django_db_setup, tmp_path_factory) -> Iterator[Served]:
    """`scripts/serve.sh` itself, on a free port and the test database; stopped with its group."""
    folder = tmp_path_factory.mktemp("served")
    port = free_port()
    env = dict(os.environ, DATABASE_URL=database_url(), ERVARING_DEV="1", PORT=str(port))
    # A worker's first request imports every view, and with them pandas and scipy; on a busy
    # test machine that can outlast gunicorn's 30-second worker timeout, which then kills it.
    env["GUNICORN_CMD_ARGS"] = f"--timeout {CLIENT_TIMEOUT}"
    env.pop("DJANGO_SETTINGS_MODULE", None)
    stdout, stderr = folder / "stdout.log", folder / "stderr.log"
    with stdout.open("wb") as out, stderr.open("wb") as err:
        process = subprocess.Popen(
            [str(ROOT / "scripts" / "serve.sh")],
            env=env,
            stdout=out,
            stderr=err,
            start_new_session=True,
        )
    try:
        wait_for_port(port, process, stderr)
        yield Served(f"http://127.0.0.1:{port}", stdout, stderr)
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=60)


class Phone:
    """One respondent's browser: cookies, redirects, and the Referer a browser sends."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.cookies = CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def request(self, path: str, data: dict | None = None, referer: str = "") -> int:
        headers = {"User-Agent": PHONE}
        if referer:
            headers["Referer"] = referer
        body = None
        if data is not None:
            token = next((c.value for c in self.cookies if c.name == "csrftoken"), "")
            body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token}).encode()
        url = self.base + path  # always the test server's http address
        request = urllib.request.Request(url, data=body, headers=headers)  # noqa: S310
        try:
            with self.opener.open(request, timeout=CLIENT_TIMEOUT) as reply:
                reply.read()
                return reply.status
        except urllib.error.HTTPError as error:
            return error.code

    def follow_link(self, path: str, code: str) -> int:
        """Open a personal link; on the page, load its style sheet and press "Start"."""
        status = self.request(path)
        if status == 200:
            self.request(CSS, referer=self.base + path)
            self.request("/", {"code": code}, referer=self.base + path)
        return status


def raw_request(base: str, line: str) -> None:
    """A request line no browser sends (the server answers 400 and logs a warning)."""
    host, port = urllib.parse.urlparse(base).netloc.split(":")
    with socket.create_connection((host, int(port)), timeout=CLIENT_TIMEOUT) as sock:
        sock.sendall(f"{line}\r\nHost: {host}\r\n\r\n".encode())
        sock.recv(4096)


def link_variants(code: str) -> list[str]:
    """How a link reaches the server: as printed, grouped, typed in lower case, with tracking
    added by a mail program, or damaged (404)."""
    grouped = codes.format_code(code)
    return [
        f"/k/{code}",
        f"/k/{grouped}",
        f"/k/{grouped.lower()}",
        f"/k/{code}?utm_source=sms",
        f"/k/{code[:4]}%2D{code[4:]}",
        f"/k/{code}/extra",
        f"/k/{code}/",
        f"/K/{code}",
    ]


def spellings(code: str) -> list[str]:
    return [code, codes.format_code(code), f"{code[:4]}%2D{code[4:]}"]


def codes_in(text: str, secrets: list[str]) -> list[str]:
    lowered = text.lower()
    return [s for s in secrets if any(x.lower() in lowered for x in spellings(s))]


def wait_for_lines(served: "Served | Proxy", patterns: dict[re.Pattern, int]) -> str:
    """The output once it holds the given number of lines for each pattern (the access line of
    a request is written just after its answer); the output as it is after 30 seconds
    otherwise, for the assertions to report."""
    deadline = time.monotonic() + 30
    while True:
        output = served.output()
        done = all(len(p.findall(output)) >= n for p, n in patterns.items())
        if done or time.monotonic() > deadline:
            return output
        time.sleep(0.05)


def issued_codes(survey, count: int) -> list[str]:
    return [invite(survey).code for _ in range(count)]


def completed_codes(survey, count: int) -> list[str]:
    done = issued_codes(survey, count)
    for code in done:
        response, _ = services.open_with_code(code, "192.0.2.1")
        response.completed_at = timezone.now()
        response.save(update_fields=["completed_at"])
    return done


REDACTED_LINK = re.compile(r'"(?:GET|POST) /k/\[code\]', re.IGNORECASE)
REDACTED_OPT_OUT = re.compile(r'"GET /afmelden/\[token\]')


def test_two_hundred_personal_link_visits_leave_no_code_in_any_log(served):
    survey = SurveyFactory(in_fieldwork=True)
    valid = issued_codes(survey, 12)
    completed = completed_codes(survey, 6)
    unknown = [codes.generate_code() for _ in range(7)]
    every_code = valid + completed + unknown
    visits = [(code, path) for code in every_code for path in link_variants(code)]
    assert len(visits) == 200

    with ThreadPoolExecutor(max_workers=4) as phones:
        statuses = list(phones.map(lambda v: Phone(served.base).follow_link(v[1], v[0]), visits))
    assert (statuses.count(200), statuses.count(404)) == (5 * 25, 3 * 25), served.output()[-5000:]
    # Two ways in that are refused before any view runs: a form sent to the link without the
    # page's cookie (403, logged by Django), and a request line gunicorn cannot parse.
    assert Phone(served.base).request(f"/k/{valid[0]}", {"code": valid[0]}) == 403
    raw_request(served.base, f"GET  /k/{valid[1]} HTTP/1.1")
    tokens = [opt_out_token(invite(survey).invitation.pk) for _ in range(3)]
    for token in tokens:
        assert Phone(served.base).request(reverse("fieldwork-public:opt-out", args=[token])) == 200

    output = wait_for_lines(served, {REDACTED_LINK: 201, REDACTED_OPT_OUT: 3})
    assert codes_in(output, every_code) == []
    assert [t for t in tokens if t.split("-")[1] in output] == []
    # The lines are still there, with the code replaced: every visit in the access log, the
    # damaged links in Django's log, the unreadable request in gunicorn's.
    assert len(REDACTED_LINK.findall(output)) >= 201
    assert len(re.findall(r"Not Found: /k/\[code\]", output, re.IGNORECASE)) == 3 * 25
    assert "Forbidden (CSRF cookie not set.): /k/[code]" in output
    assert "Invalid HTTP request line: 'GET  /k/[code] HTTP/1.1'" in output
    assert len(REDACTED_OPT_OUT.findall(output)) == 3
    audit = str(list(AuditEvent.objects.values()))
    assert codes_in(audit, every_code) == []


def documented_nginx(log_folder: Path, upstream_port: int) -> tuple[str, str]:
    """The two nginx blocks of docs/deploy.md (http context, server context), pointed at the
    test's upstream and log folder."""
    blocks = re.findall(r"```nginx\n(.*?)```", (ROOT / "docs" / "deploy.md").read_text(), re.S)
    assert len(blocks) == 2, "docs/deploy.md shows the http block and the server block"
    http, server = (
        b.replace("127.0.0.1:8000", f"127.0.0.1:{upstream_port}").replace(
            "/var/log/nginx/", f"{log_folder}/"
        )
        for b in blocks
    )
    return http, server


@dataclass
class Proxy:
    base: str
    access_log: Path
    error_log: Path

    def output(self) -> str:
        return "".join(p.read_text() for p in (self.access_log, self.error_log) if p.exists())


@pytest.fixture
def proxy_to(tmp_path) -> Iterator[Callable[[int], "Proxy"]]:
    """Starts nginx, configured as docs/deploy.md says, in front of a port; stops it after."""
    if not Path(NGINX).exists():
        pytest.fail(f"{NGINX} is missing: run scripts/ensure-system-packages.sh (make test does)")
    started: list[subprocess.Popen] = []

    def start(upstream_port: int) -> Proxy:
        http, server = documented_nginx(tmp_path, upstream_port)
        port = free_port()
        temp = "\n".join(
            f"{kind}_temp_path {tmp_path}/{kind};"
            for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        )
        (tmp_path / "nginx.conf").write_text(
            f"pid {tmp_path}/nginx.pid;\nevents {{}}\n"
            f"http {{\n{temp}\n{http}\nserver {{\nlisten 127.0.0.1:{port};\n{server}\n}}\n}}\n"
        )
        startup = tmp_path / "startup.log"
        command = [NGINX, "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")]
        command += ["-e", str(startup), "-g", "daemon off;"]
        with startup.open("wb") as out:
            process = subprocess.Popen(command, stderr=subprocess.STDOUT, stdout=out)
        started.append(process)
        wait_for_port(port, process, startup)
        return Proxy(
            f"http://127.0.0.1:{port}",
            tmp_path / "ervaring.access.log",
            tmp_path / "ervaring.error.log",
        )

    yield start
    for process in started:
        process.send_signal(signal.SIGQUIT)
        process.wait(timeout=30)


def test_the_documented_proxy_configuration_logs_no_code(served, proxy_to):
    survey = SurveyFactory(in_fieldwork=True)
    every_code = issued_codes(survey, 5) + [codes.generate_code() for _ in range(3)]
    proxy = proxy_to(int(served.base.rsplit(":", 1)[1]))
    visits = [(code, path) for code in every_code for path in link_variants(code)]
    statuses = [Phone(proxy.base).follow_link(path, code) for code, path in visits]
    assert statuses.count(200) == 5 * 8 and statuses.count(404) == 3 * 8
    token = opt_out_token(invite(survey).invitation.pk)
    assert Phone(proxy.base).request(reverse("fieldwork-public:opt-out", args=[token])) == 200
    # A link inside a query string, percent-encoded (the language switch only takes a POST).
    assert Phone(proxy.base).request(f"/taal/?next=%2Fk%2F{every_code[0]}") == 405
    in_query = re.compile(r'"GET /taal/\?\[redacted\] HTTP/1\.1" 405')

    logged = wait_for_lines(proxy, {REDACTED_LINK: len(visits), REDACTED_OPT_OUT: 1, in_query: 1})
    assert codes_in(logged, every_code) == []
    assert token.split("-")[1] not in logged
    assert len(REDACTED_LINK.findall(logged)) == len(visits)
    referers = re.findall(r'"https?://[^"]*/k/\[code\]"', logged)
    assert len(referers) >= 2 * statuses.count(200)  # style sheet and "Start" of every page
    assert '"GET /afmelden/[token] HTTP/1.1" 200' in logged
    assert in_query.search(logged)
    assert codes_in(served.output(), every_code) == []


def test_the_proxys_error_log_holds_no_code_when_the_application_is_down(proxy_to):
    proxy = proxy_to(free_port())  # nothing listens there: every request fails with 502
    code = codes.generate_code()
    assert Phone(proxy.base).request(f"/k/{code}") == 502
    assert Phone(proxy.base).request("/vragenlijst/") == 502
    logged = wait_for_lines(proxy, {re.compile(r"/vragenlijst/"): 2})
    assert codes_in(logged, [code]) == []
    assert re.search(r'"GET /k/\[code\] HTTP/1.1" 502', logged)
    # The error log is on: it reports the failed request that carries no secret.
    assert 'request: "GET /vragenlijst/ HTTP/1.1"' in proxy.error_log.read_text()
