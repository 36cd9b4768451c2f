"""Attacks on the promise that answers cannot be linked to an invitation without the key.

Issue 10: on PostgreSQL the respondent's transaction wrote the response *and* the invitation,
so joining the tables on the row version (`xmin`) linked 100 of 100 responses to their
invitation, and the audit event of a typed-in form named the invitation. Here 200 respondents
answer over HTTP in parallel (a live server, eight threads), and an attacker with a copy of
the database but without the key tries every join that does not need it.
"""

import re
import threading
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar

import pytest
from django.conf import settings
from django.db import connection

from ervaring.accounts.models import AuditEvent
from ervaring.fieldwork import codes
from ervaring.fieldwork.models import Invitation, ProgressNote
from ervaring.fieldwork.progress import record_progress
from ervaring.fieldwork.tests.factories import invite
from ervaring.questionnaires.tests.factories import SurveyFactory
from ervaring.responses.models import Answer, Response
from ervaring.responses.tests.formfill import fill

pytestmark = pytest.mark.django_db(transaction=True)
RESPONDENTS = 200
THREADS = 8
FIRST_PAGE = re.compile(r'href="(/vragenlijst/[a-z0-9_-]+/)"')
FORM_ACTION = re.compile(r"/vragenlijst/([a-z0-9_-]+)/$")


class Respondent:
    """A browser of one respondent: cookies, CSRF token from the cookie, follows redirects."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.cookies = CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def get(self, path: str) -> tuple[str, str]:
        with self.opener.open(self.base + path, timeout=60) as reply:
            return reply.geturl(), reply.read().decode()

    def post(self, path: str, data: dict) -> tuple[str, str]:
        token = next(c.value for c in self.cookies if c.name == "csrftoken")
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token}, doseq=True)
        url = self.base + path  # always the live test server's http address
        request = urllib.request.Request(url, data=body.encode(), method="POST")  # noqa: S310
        try:
            with self.opener.open(request, timeout=60) as reply:
                return reply.geturl(), reply.read().decode()
        except urllib.error.HTTPError as error:  # 422: a page with errors, still a page
            return error.geturl(), error.read().decode()

    def answer_everything(self, code: str) -> None:
        self.get("/")
        _, welcome = self.post("/", {"code": code})
        url, html = self.get(FIRST_PAGE.search(welcome).group(1))
        for _ in range(30):
            path = urllib.parse.urlparse(url).path
            if not FORM_ACTION.search(path) or path.endswith(("/klaar/", "/gestopt/")):
                return
            url, html = self.post(path, fill(html))
        raise AssertionError("the questionnaire did not end")


def answer_in_parallel(base: str, codes: list[str]) -> list[BaseException]:
    failures: list[BaseException] = []

    def work(chunk: list[str]) -> None:
        try:
            for code in chunk:
                Respondent(base).answer_everything(code)
        except BaseException as error:  # reported by the main thread
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(codes[i::THREADS],)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return failures


def rows_sharing_a_row_version(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*) FROM {table} t JOIN fieldwork_invitation i ON t.xmin = i.xmin"  # noqa: S608
        )
        return cursor.fetchone()[0]


def invitations_per_recording_transaction() -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM fieldwork_invitation WHERE is_started GROUP BY xmin::text"
        )
        return [row[0] for row in cursor.fetchall()]


def test_two_hundred_parallel_respondents_leave_nothing_that_links_them_to_invitations(
    live_server,
):
    survey = SurveyFactory(in_fieldwork=True)
    issued = [invite(survey, provision_groups=("hulpmiddelen",)) for _ in range(RESPONDENTS)]
    invited_before = max(i.invitation.created_at for i in issued)

    failures = answer_in_parallel(live_server.url, [i.code for i in issued])
    assert failures == []
    responses = Response.objects.filter(survey=survey)
    assert responses.count() == RESPONDENTS
    assert responses.filter(completed_at=None).count() == 0

    # The respondent's transactions wrote no invitation at all.
    assert Invitation.objects.filter(is_started=True).count() == 0
    if connection.vendor == "postgresql":
        assert rows_sharing_a_row_version("responses_response") == 0
        assert rows_sharing_a_row_version("responses_answer") == 0
    # No time on an invitation falls in the respondents' activity.
    assert responses.filter(started_at__lte=invited_before).count() == 0
    # No audit record of the respondents' activity names an invitation.
    assert not [e for e in AuditEvent.objects.all() if "invitation" in e.details]

    report = record_progress(survey)
    assert (report.notes, report.completed) == (2 * RESPONDENTS, RESPONDENTS)
    assert Invitation.objects.filter(is_completed=True).count() == RESPONDENTS
    assert not ProgressNote.objects.exists()
    if connection.vendor == "postgresql":
        # Recorded by the worker: the same row version for all, none shared with a response.
        assert rows_sharing_a_row_version("responses_response") == 0
        assert invitations_per_recording_transaction() == [RESPONDENTS]
    assert Answer.objects.filter(response__survey=survey).count() > RESPONDENTS * 10


def test_a_single_completion_is_recorded_among_at_least_k_rewritten_invitations():
    """With one new completion since the last run, the recording transaction must not point
    at it: it also rewrites randomly chosen invitations, at least the survey's minimum group
    size (k = 10) in all, with the same flags they had."""
    survey = SurveyFactory(in_fieldwork=True)
    issued = [invite(survey) for _ in range(30)]
    token = codes.response_token(issued[0].code, settings.CODE_KEY)
    ProgressNote.objects.create(survey=survey, token=token, is_completed=True)
    report = record_progress(survey)
    assert (report.completed, report.touched) == (1, survey.min_group_size)
    assert list(Invitation.objects.filter(is_completed=True)) == [issued[0].invitation]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM fieldwork_invitation WHERE xmin = "
                "(SELECT xmin FROM fieldwork_invitation WHERE is_completed)"
            )
            assert cursor.fetchone()[0] == survey.min_group_size
