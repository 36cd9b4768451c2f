"""A shared browser never shows the previous person's answers (issue 10, item 4).

The respondent's session ends when the browser closes and after a while without a request;
"Stoppen" and completion end it at once; pages with answers are never kept by the browser.
"""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ervaring.accounts.tests.factories import StaffFactory
from ervaring.accounts.tests.helpers import give_app, log_in
from ervaring.fieldwork.tests.factories import invite
from ervaring.questionnaires.tests.factories import SurveyFactory
from ervaring.responses import respondent_session
from ervaring.responses.tests.formfill import fill
from ervaring.responses.tests.test_respondent_flow import answer_pages, enter_code, start

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey():
    return SurveyFactory(in_fieldwork=True)


def shows_answers(page) -> bool:
    html = page.content.decode()
    return " checked" in html or "Prima geholpen." in html


def answered_first_page(client, survey):
    """A respondent who answered the first page and came back to it: their answers show."""
    issued = invite(survey)
    first = start(client, issued.code)
    url = first.request["PATH_INFO"]
    client.post(url, fill(first.content.decode()))
    again = client.get(url)
    assert shows_answers(again)
    return issued, url, again


def reopened_browser(client: Client) -> Client:
    """What a browser keeps after it closes: only the cookies that carry an expiry date."""
    reopened = Client()
    for name, morsel in client.cookies.items():
        if morsel["expires"] or morsel["max-age"]:
            reopened.cookies[name] = morsel.value
    return reopened


def test_closing_the_browser_ends_the_session_and_the_next_person_sees_no_answers(client, survey):
    _, url, _ = answered_first_page(client, survey)
    cookie = client.cookies["sessionid"]
    assert not cookie["expires"] and not cookie["max-age"], "a cookie for this browser run"
    next_person = reopened_browser(client)
    assert next_person.get(reverse("responses:survey"))["Location"] == reverse("responses:start")
    opened = next_person.get(url, follow=True)
    assert opened.request["PATH_INFO"] == reverse("responses:start")
    assert not shows_answers(opened)


def test_an_idle_session_ends_with_a_notice_and_the_code_resumes_with_the_answers(
    client, survey, settings
):
    issued, url, _ = answered_first_page(client, survey)
    session = client.session
    session[respondent_session.SEEN_AT] -= settings.RESPONDENT_IDLE_SECONDS + 1
    session.save()
    late = client.get(url, follow=True)
    assert late.request["PATH_INFO"] == reverse("responses:expired")
    html = late.content.decode()
    assert "Uw sessie is verlopen" in html and "Vul de code uit uw brief" in html
    assert "30 minuten" in html and "zijn bewaard" in html
    assert 'name="code"' in html, "the way back is on the page"
    assert not shows_answers(late)
    assert respondent_session.CODE not in client.session
    assert client.get(url)["Location"] == reverse("responses:start")
    resumed = enter_code(client, issued.code)
    assert resumed.request["PATH_INFO"] != url, "the sent page was stored: on to the next"
    back = client.get(url)
    assert shows_answers(back), "what the notice promises: the answers given are kept"


def test_each_request_counts_the_idle_time_from_now(client, survey, settings):
    _, url, _ = answered_first_page(client, survey)
    session = client.session
    session[respondent_session.SEEN_AT] -= settings.RESPONDENT_IDLE_SECONDS - 5
    session.save()
    assert shows_answers(client.get(url))
    seen = client.session[respondent_session.SEEN_AT]
    assert respondent_session.clock() - seen < 5


def test_after_stopping_the_page_address_shows_no_answers(client, survey):
    _, url, page = answered_first_page(client, survey)
    assert "no-store" in page["Cache-Control"], "the back button must ask the server again"
    stopped = client.post(url, {"action": "stop"}, follow=True)
    assert stopped.request["PATH_INFO"] == reverse("responses:paused")
    assert "no-store" in stopped["Cache-Control"]
    again = client.get(url, follow=True)
    assert again.request["PATH_INFO"] == reverse("responses:start")
    assert not shows_answers(again)


def test_after_completion_no_page_shows_answers(client, survey):
    issued = invite(survey)
    first = start(client, issued.code)
    url = first.request["PATH_INFO"]
    done = answer_pages(client, first)
    assert "Hartelijk dank" in done.content.decode()
    assert "no-store" in done["Cache-Control"]
    assert respondent_session.CODE not in client.session
    assert client.get(url)["Location"] == reverse("responses:start")


def test_staff_sessions_keep_their_own_cookie_rules(client):
    staff = StaffFactory(username="onderzoeker")
    log_in(client, "onderzoeker", give_app(staff))
    assert "_auth_user_id" in client.session
    assert client.cookies["sessionid"]["max-age"], "staff: SESSION_COOKIE_AGE, as before"


def test_pages_within_a_minute_do_not_write_the_session_again(client, survey):
    """Each respondent page used to write its session row to move the idle clock."""
    _, url, _ = answered_first_page(client, survey)
    with CaptureQueriesContext(connection) as queries:
        assert shows_answers(client.get(url))
    writes = [
        q["sql"] for q in queries if "django_session" in q["sql"] and "SELECT" not in q["sql"]
    ]
    assert writes == []


def test_a_page_reads_neither_the_questionnaire_document_nor_the_logo(client, survey):
    """Both were read (and the document decoded from JSON) on every page; the document is
    parsed once per process and the logo is never shown to respondents."""
    survey.organisation.logo = b"\x89PNG" + bytes(400_000)
    survey.organisation.save()
    _, url, _ = answered_first_page(client, survey)
    with CaptureQueriesContext(connection) as queries:
        assert shows_answers(client.get(url))
    read = " ".join(q["sql"] for q in queries)
    assert '"document"' not in read and '"logo"' not in read


def test_a_sent_page_reads_the_answers_once(client, survey):
    """The view read every answer and free text before `save_page` read them again under
    the response's lock; the check and the store now happen once, under the lock."""
    _, url, page = answered_first_page(client, survey)
    with CaptureQueriesContext(connection) as queries:
        sent = client.post(url, fill(page.content.decode()))
    assert sent.status_code == 302
    reads = [q["sql"] for q in queries if q["sql"].startswith("SELECT")]
    assert sum('FROM "responses_answer"' in sql for sql in reads) == 1
    # A page without open questions or "Anders" boxes, in a questionnaire whose routing
    # asks about no open question, neither looks for free text to store nor reads it back.
    assert not [sql for sql in reads if 'FROM "responses_opentext"' in sql]


def test_a_sent_page_reads_the_survey_once_and_of_the_invitation_only_its_opt_out(client, survey):
    """Storing a page read the survey again joined into the response's lock, and once more
    with its organisation beside the invitation, to check one flag; now the survey is read
    as it is held and the invitation's opt-out on its own."""
    _, url, page = answered_first_page(client, survey)
    with CaptureQueriesContext(connection) as queries:
        sent = client.post(url, fill(page.content.decode()))
    assert sent.status_code == 302
    reads = [q["sql"] for q in queries if q["sql"].startswith("SELECT")]
    invitation = [sql for sql in reads if 'FROM "fieldwork_invitation"' in sql]
    assert len(invitation) == 1 and "JOIN" not in invitation[0]
    # Once for the page (with the response), once as held while the page is stored.
    assert sum('"questionnaires_survey"' in sql for sql in reads) == 2


def test_a_page_without_free_text_does_not_read_the_texts_back(client, survey):
    """Every page shown read the respondent's free texts back, needed only where there is
    one to fill in again (or routing asks about an open question)."""
    _, url, _ = answered_first_page(client, survey)
    with CaptureQueriesContext(connection) as queries:
        assert shows_answers(client.get(url))
    assert not [q for q in queries if 'FROM "responses_opentext"' in q["sql"]]
