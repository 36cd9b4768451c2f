"""Webhooks: queued once per event id, signed, retried with back-off, only to public HTTPS
addresses in production, and only with the organisation's own events."""

import hashlib
import hmac
import json
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.utils import timezone

from ervaring.accounts.models import AuditEvent
from ervaring.accounts.tests.factories import StaffFactory
from ervaring.analysis.models import Alert, AlertRule
from ervaring.api import webhooks
from ervaring.api.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint
from ervaring.fieldwork.models import Channel, Invitation
from ervaring.fieldwork.tests.factories import invite
from ervaring.questionnaires import services as questionnaires
from ervaring.questionnaires.tests.factories import SurveyFactory

pytestmark = pytest.mark.django_db
SIGNALS = ["signal.opened", "signal.recovered"]


class Receiver:
    """A real HTTP server on 127.0.0.1 that records requests and answers `statuses` in turn
    (the last one from then on)."""

    def __init__(self, statuses=(204,)):
        self.requests = []
        self.statuses = list(statuses)
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append((dict(self.headers), body))
                status = (
                    receiver.statuses.pop(0) if len(receiver.statuses) > 1 else receiver.statuses[0]
                )
                self.send_response(status)
                if status == 302:
                    self.send_header("Location", "http://127.0.0.1:1/elders")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/ervaring"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    made = []

    def make(statuses=(204,)):
        made.append(Receiver(statuses))
        return made[-1]

    yield make
    for r in made:
        r.close()


@pytest.fixture
def survey():
    return SurveyFactory(in_fieldwork=True)


def add_endpoint(survey, url, events=SIGNALS):
    beheerder = StaffFactory(beheerder=True, organisation=survey.organisation)
    return webhooks.create_endpoint(survey.organisation, url, events, actor=beheerder)


def open_signal(survey, **changes):
    rule = AlertRule.objects.get_or_create(survey=survey)[0]
    fields = {
        "rule": rule,
        "survey": survey,
        "question_id": "wmo_2",
        "question_text": "Ik werd snel geholpen.",
        "team_slug": "noord",
        "pct_disagree": 31.0,
        "n": 13,
        "peak_pct": 31.0,
    }
    return Alert.objects.create(**{**fields, **changes})


def run():
    webhooks.collect()
    return webhooks.send_due()


def test_a_signal_is_posted_once_signed_with_the_endpoints_secret(survey, receiver):
    inbox = receiver()
    endpoint, secret = add_endpoint(survey, inbox.url)
    alert = open_signal(survey)
    assert run() == 1
    assert run() == 0  # collected again: the same event id, nothing new to send
    assert len(inbox.requests) == 1
    headers, body = inbox.requests[0]
    assert headers["X-Ervaring-Event-Id"] == f"signal-{alert.pk}-opened"
    assert headers["X-Ervaring-Event-Type"] == "signal.opened"
    stamp, signature = (
        part.split("=", 1)[1] for part in headers["X-Ervaring-Signature"].split(",")
    )
    expected = hmac.new(secret.encode(), f"{stamp}.".encode() + body, hashlib.sha256).hexdigest()
    assert hmac.compare_digest(signature, expected)
    payload = json.loads(body)
    assert (
        payload["type"] == "signal.opened" and payload["organisation"] == survey.organisation.slug
    )
    assert payload["data"]["team"] == "noord" and payload["data"]["pct_disagree"] == 31.0
    assert WebhookDelivery.objects.get().status == DeliveryStatus.DELIVERED
    assert secret not in endpoint.secret_encrypted


def test_a_recovery_is_its_own_event(survey, receiver):
    inbox = receiver()
    add_endpoint(survey, inbox.url)
    alert = open_signal(survey)
    run()
    alert.recovered_at = timezone.now()
    alert.save()
    run()
    assert [h["X-Ervaring-Event-Type"] for h, _ in inbox.requests] == SIGNALS


def test_a_failing_endpoint_is_tried_again_later_with_growing_waits(survey, receiver):
    inbox = receiver([500, 503, 200])
    add_endpoint(survey, inbox.url)
    open_signal(survey)
    run()
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("pending", 1, 500)
    first_wait = delivery.next_attempt_at - timezone.now()
    assert timedelta(seconds=50) < first_wait <= timedelta(minutes=1)
    assert run() == 0  # not due yet
    WebhookDelivery.objects.update(next_attempt_at=timezone.now())
    run()
    delivery.refresh_from_db()
    second_wait = delivery.next_attempt_at - timezone.now()
    assert timedelta(seconds=110) < second_wait <= timedelta(minutes=2)
    WebhookDelivery.objects.update(next_attempt_at=timezone.now())
    run()
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("delivered", 3)
    assert len(inbox.requests) == 3
    assert len({h["X-Ervaring-Event-Id"] for h, _ in inbox.requests}) == 1


def test_after_the_last_attempt_a_delivery_is_given_up(survey, receiver):
    inbox = receiver([500])
    add_endpoint(survey, inbox.url)
    open_signal(survey)
    for _ in range(webhooks.MAX_ATTEMPTS):
        WebhookDelivery.objects.update(next_attempt_at=timezone.now())
        run()
    assert WebhookDelivery.objects.get().status == DeliveryStatus.FAILED
    WebhookDelivery.objects.update(next_attempt_at=timezone.now())
    assert run() == 0 and len(inbox.requests) == webhooks.MAX_ATTEMPTS


def test_a_redirect_is_not_followed(survey, receiver):
    inbox = receiver([302])
    add_endpoint(survey, inbox.url)
    open_signal(survey)
    run()
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.last_status_code) == ("pending", 302)


def test_a_delivery_left_sending_by_a_dead_worker_is_sent_again(survey, receiver):
    inbox = receiver()
    add_endpoint(survey, inbox.url)
    open_signal(survey)
    webhooks.collect()
    stale = timezone.now() - webhooks.STALE_AFTER - timedelta(seconds=1)
    WebhookDelivery.objects.update(status=DeliveryStatus.SENDING, claimed_at=stale, attempts=1)
    assert webhooks.send_due() == 1
    assert WebhookDelivery.objects.get().status == DeliveryStatus.DELIVERED


def test_only_the_own_organisations_events_after_the_endpoint_was_added(survey, receiver):
    open_signal(survey, question_id="wmo_1")  # before the endpoint existed
    inbox = receiver()
    add_endpoint(survey, inbox.url)
    other = SurveyFactory(in_fieldwork=True)
    open_signal(other)
    mine = open_signal(survey)
    run()
    assert [h["X-Ervaring-Event-Id"] for h, _ in inbox.requests] == [f"signal-{mine.pk}-opened"]
    assert other.slug.encode() not in inbox.requests[0][1]


def test_fieldwork_milestones_are_events(receiver):
    survey = SurveyFactory()
    inbox = receiver()
    add_endpoint(
        survey, inbox.url, ["fieldwork.started", "fieldwork.closed", "fieldwork.response_reached"]
    )
    questionnaires.start_fieldwork(survey)
    run()
    questionnaires.close_fieldwork(survey)
    run()
    kinds = [h["X-Ervaring-Event-Type"] for h, _ in inbox.requests]
    assert kinds == ["fieldwork.started", "fieldwork.closed"]


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://hooks.example.org/x", "https://"),
        ("https://127.0.0.1/x", "openbare internet"),
        ("https://10.1.2.3/x", "openbare internet"),
        ("https://[::1]/x", "openbare internet"),
        ("https://169.254.169.254/latest", "openbare internet"),
    ],
)
def test_in_production_only_public_https_addresses_are_taken(settings, survey, url, message):
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = False
    with pytest.raises(webhooks.WebhookError, match=message):
        add_endpoint(survey, url)
    assert not WebhookEndpoint.objects.exists()
    add_endpoint(survey, "https://93.184.215.14/ervaring")  # a public address


def test_an_address_that_turned_private_gets_nothing(settings, survey, receiver):
    inbox = receiver()
    add_endpoint(survey, inbox.url)
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = False
    open_signal(survey)
    run()
    assert not inbox.requests
    assert "https://" in WebhookDelivery.objects.get().last_error


def test_the_beheerder_adds_and_removes_a_webhook_on_the_page(client, survey, receiver):
    beheerder = StaffFactory(beheerder=True, organisation=survey.organisation)
    client.force_login(beheerder)
    page = client.post("/account/webhooks/", {"url": receiver().url, "events": SIGNALS})
    assert page.status_code == 200 and page["Cache-Control"] == "no-store"
    secret = page.context["secret"]
    assert secret.startswith("whsec_") and secret in page.content.decode()
    endpoint = WebhookEndpoint.objects.get()
    assert secret not in client.get("/account/webhooks/").content.decode()
    assert webhooks.decrypt_secret(endpoint.secret_encrypted) == secret
    client.force_login(StaffFactory(beheerder=True))  # another organisation's beheerder
    assert client.post(f"/account/webhooks/{endpoint.pk}/verwijderen/").status_code == 404
    assert endpoint.url not in client.get("/account/webhooks/").content.decode()
    client.force_login(StaffFactory(organisation=survey.organisation))  # onderzoeker
    assert client.get("/account/webhooks/").status_code == 404
    client.force_login(beheerder)
    client.post(f"/account/webhooks/{endpoint.pk}/verwijderen/")
    assert not WebhookEndpoint.objects.exists()
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"api.webhook_created", "api.webhook_removed"} <= actions


def test_the_page_explains_a_refused_address_in_dutch(client, settings, survey):
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = False
    client.force_login(StaffFactory(beheerder=True, organisation=survey.organisation))
    page = client.post("/account/webhooks/", {"url": "https://10.0.0.5/x", "events": SIGNALS})
    assert page.status_code == 422 and "openbare internet" in page.content.decode()
    page = client.post("/account/webhooks/", {"url": "https://93.184.215.14/x"})
    assert "Kies minstens één gebeurtenis" in page.content.decode()


def test_the_response_reaching_a_next_ten_percent_is_an_event(survey, receiver):
    inbox = receiver()
    add_endpoint(survey, inbox.url, ["fieldwork.response_reached"])
    made = [invite(survey, channel=Channel.KIOSK).invitation.pk for _ in range(10)]
    Invitation.objects.filter(pk__in=made[:3]).update(is_started=True, is_completed=True)
    run()
    run()
    Invitation.objects.filter(pk__in=made[3:4]).update(is_started=True, is_completed=True)
    run()
    payloads = [json.loads(body) for _, body in inbox.requests]
    assert [p["id"] for p in payloads] == [
        f"survey-{survey.pk}-response-30",
        f"survey-{survey.pk}-response-40",
    ]
    assert (payloads[0]["data"]["completed"], payloads[0]["data"]["invited"]) == (3, 10)
