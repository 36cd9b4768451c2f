"""Redaction of personal and opt-out links in log lines, and of typed codes in error reports.

The served end-to-end check is in `test_logs.py`; here each piece on its own: the rewriting of
a line, Django's loggers under the project's logging configuration (including runserver's
request lines), the console SMS backend, and the error-report filter on the code forms.
"""

import io
import logging

import pytest
from django.core.servers.basehttp import WSGIRequestHandler
from django.http import HttpResponseNotFound
from django.test import RequestFactory
from django.urls import reverse
from django.utils.log import log_response
from django.views.debug import SafeExceptionReporterFilter

from ervaring.accounts.tests.factories import StaffFactory
from ervaring.fieldwork.channels.base import OutgoingMessage
from ervaring.fieldwork.channels.sms import ConsoleSmsBackend, compose
from ervaring.fieldwork.opt_out import opt_out_link
from ervaring.fieldwork.tests.factories import invite
from ervaring.questionnaires.tests.factories import SurveyFactory
from ervaring.redaction import redact

CODE = "K7QM4TXP"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ('"GET /k/K7QM4TXP HTTP/1.1" 200', '"GET /k/[code] HTTP/1.1" 200'),
        ('"GET /k/K7QM-4TXP?utm_source=sms HTTP/1.1"', '"GET /k/[code]?utm_source=sms HTTP/1.1"'),
        ("Not Found: /k/k7qm-4txp/extra", "Not Found: /k/[code]"),
        ("Not Found: /K/K7QM4TXP", "Not Found: /K/[code]"),
        ("GET /k/K7QM%2D4TXP", "GET /k/[code]"),
        ('"https://e.example/k/K7QM4TXP" "Mozilla"', '"https://e.example/k/[code]" "Mozilla"'),
        ("/taal/?next=%2Fk%2FK7QM4TXP&x=1", "/taal/?next=%2Fk%2F[code]&x=1"),
        ('"POST /afmelden/12-abcdefghijklmnop/ HTTP/1.1"', '"POST /afmelden/[token] HTTP/1.1"'),
        ('"GET /vragenlijst/wonen/ HTTP/1.1" 200', '"GET /vragenlijst/wonen/ HTTP/1.1" 200'),
        ("GET /static/responses/survey.css", "GET /static/responses/survey.css"),
        ("GET /beheer/onderzoek/k-2026/", "GET /beheer/onderzoek/k-2026/"),
    ],
)
def test_the_secret_part_of_a_link_is_replaced_and_the_rest_of_the_line_kept(line, expected):
    assert redact(line) == expected


@pytest.mark.django_db
def test_the_links_the_product_sends_are_the_ones_redacted():
    """Renaming a route must not slip past the redaction: use the links as they are made."""
    survey = SurveyFactory(in_fieldwork=True)
    issued = invite(survey)
    personal = reverse("responses:personal-link", args=[issued.code])
    opt_out = opt_out_link(issued.invitation.pk)
    token = opt_out.rstrip("/").rsplit("/", 1)[1]
    assert issued.code not in redact(f'"GET {personal} HTTP/1.1"')
    assert token not in redact(f'"GET {opt_out} HTTP/1.1"')


@pytest.fixture
def console():
    """What the project's log handler writes, in a string instead of on standard error."""
    handler = next(h for h in logging.getLogger().handlers if h.name == "console")
    written = io.StringIO()
    previous = handler.setStream(written)
    yield written
    handler.setStream(previous)


def test_djangos_not_found_and_runserver_lines_are_redacted_and_still_written(console):
    request = RequestFactory().get(f"/k/{CODE}/extra")
    log_response("Not Found: %s", request.path, response=HttpResponseNotFound(), request=request)

    class Runserver:  # what WSGIRequestHandler.log_message reads from itself
        request = None

        def log_date_time_string(self) -> str:
            return "03/Dec/2026 10:00:00"

    WSGIRequestHandler.log_message(Runserver(), '"%s" %s %s', f"GET /k/{CODE} HTTP/1.1", "200", "9")
    lines = console.getvalue().splitlines()
    assert CODE not in console.getvalue()
    assert lines[0].endswith("WARNING django.request Not Found: /k/[code]")
    assert lines[1].endswith('INFO django.server "GET /k/[code] HTTP/1.1" 200 9')


def test_a_traceback_that_quotes_a_link_is_redacted(console):
    try:
        raise ValueError(f"no route for /k/{CODE}")
    except ValueError:
        logging.getLogger("django.request").exception("Internal Server Error: /")
    assert CODE not in console.getvalue()
    assert "ValueError: no route for /k/[code]" in console.getvalue()


def test_the_console_sms_backend_logs_the_message_without_its_links(console):
    text = compose("Gemeente Voorbeeld", f"https://ervaring.example/k/{CODE}")
    ConsoleSmsBackend().send(OutgoingMessage("sms", "0612345678", "", text, reference="1"))
    assert CODE not in console.getvalue()
    assert "https://ervaring.example/k/[code]" in console.getvalue()


@pytest.mark.django_db
def test_a_typed_code_is_hidden_from_error_reports(client):
    survey = SurveyFactory(in_fieldwork=True)
    issued = invite(survey)
    online = client.post(reverse("responses:start"), {"code": issued.code})
    staff = StaffFactory(organisation=survey.organisation, invoerder=True)
    client.force_login(staff)
    typed_in = client.post(
        reverse("entry:start"), {"survey": survey.slug, "code": issued.code, "channel": "papier"}
    )
    for sent in (online.wsgi_request, typed_in.wsgi_request):
        reported = SafeExceptionReporterFilter().get_post_parameters(sent)
        assert reported["code"] != issued.code
        assert issued.code not in str(dict(reported))
