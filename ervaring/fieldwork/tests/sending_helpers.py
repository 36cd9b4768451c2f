"""Shared set-up for the outbox, reminder, letter and cohort tests."""

import json
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from django.utils import timezone

from ervaring.accounts.tests.factories import TeamFactory
from ervaring.fieldwork import population_services, sample_services
from ervaring.fieldwork.channels.base import ChannelError
from ervaring.fieldwork.models import Message
from ervaring.fieldwork.tests.population_files import csv_bytes, row
from ervaring.questionnaires import services as questionnaires
from ervaring.questionnaires.tests.factories import SurveyFactory


def sampled_survey(rows, *, start=True, template="wmo"):
    """A survey whose population is `rows` (see population_files.row), drawn as a census."""
    survey = SurveyFactory(template=template)
    TeamFactory(organisation=survey.organisation, slug="noord", name="Wijkteam Noord")
    result = population_services.import_population(survey, csv_bytes(rows))
    assert result.is_imported, result.problems
    sample_services.draw_sample(survey, sample_services.SampleRequest(seed=1))
    return questionnaires.start_fieldwork(survey) if start else survey


def email_rows(count, prefix="E"):
    return [row(f"{prefix}-{i:03d}", email=f"client{i}@example.org") for i in range(count)]


def sms_rows(count, prefix="S"):
    return [row(f"{prefix}-{i:03d}", mobile=f"06{12000000 + i}") for i in range(count)]


def letter_rows(count, prefix="L"):
    return [row(f"{prefix}-{i:03d}", name=f"Bewoner {i}", number=str(i + 1)) for i in range(count)]


def make_due(messages=None):
    """Pretend every queued retry is due now."""
    (messages or Message.objects).filter(status="queued").update(next_attempt_at=timezone.now())


def age_sent_messages(days):
    """Pretend every sent message went out `days` ago."""
    Message.objects.filter(status="sent").update(sent_at=timezone.now() - timedelta(days=days))


class FailingSmsBackend:
    """Always fails; the kind of failure is set per test."""

    permanent = False
    calls = 0

    def send(self, message):
        type(self).calls += 1
        raise ChannelError("gateway says no", is_permanent=type(self).permanent)


class GatewayHandler(BaseHTTPRequestHandler):
    received: list

    def do_POST(self):
        length = int(self.headers["Content-Length"])
        self.received.append(json.loads(self.rfile.read(length)))
        self.send_response(200)
        self.send_header("X-Message-Id", f"gw-{len(self.received)}")
        self.end_headers()

    def log_message(self, *args):
        pass


def start_gateway(settings):
    """A local fake SMS gateway; returns (handler class with .received, server)."""
    handler = type("Gateway", (GatewayHandler,), {"received": []})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.SMS_BACKEND = "ervaring.fieldwork.channels.sms.HttpSmsBackend"
    settings.SMS_URL = f"http://127.0.0.1:{server.server_port}/send"
    return handler, server
