"""E-mail through a local SMTP server and SMS through a local fake gateway."""

import email
import json
import threading
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from ervaring.fieldwork.channels import email as email_channel
from ervaring.fieldwork.channels import sms
from ervaring.fieldwork.channels.base import ChannelError, OutgoingMessage
from ervaring.fieldwork.wording import sms_size

CONTENT = email_channel.EmailContent(
    organisation_name="Gemeente Voorbeeld",
    link="https://ervaring.example/k/K7QM4TXP9HWD",
    code="K7QM-4TXP-9HWD",
    opt_out_link="https://ervaring.example/afmelden/abc",
    deadline=date(2026, 12, 14),
)


def test_an_invitation_email_reaches_the_smtp_server_with_both_parts(smtp_server):
    subject, text, html = email_channel.compose(CONTENT)
    message = OutgoingMessage("email", "client@example.org", subject, text, html, reference="42")
    msgid = email_channel.DjangoEmailBackend().send(message)
    assert len(smtp_server.messages) == 1
    envelope = smtp_server.messages[0]
    assert envelope.rcpt_tos == ["client@example.org"]
    parsed = email.message_from_bytes(envelope.content)
    assert parsed["Message-ID"] == msgid and "ervaring-42" in msgid
    parts = {
        p.get_content_type(): p.get_payload(decode=True).decode()
        for p in parsed.walk()
        if not p.is_multipart()
    }
    assert CONTENT.link in parts["text/plain"] and CONTENT.opt_out_link in parts["text/plain"]
    assert f'href="{CONTENT.link}"' in parts["text/html"]
    assert "K7QM-4TXP-9HWD" in parts["text/html"]


def test_an_unreachable_mail_server_is_a_temporary_failure(settings):
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 9},
        }
    }
    with pytest.raises(ChannelError) as failure:
        email_channel.DjangoEmailBackend().send(OutgoingMessage("email", "a@example.org", "s", "t"))
    assert not failure.value.is_permanent


class FakeGateway(BaseHTTPRequestHandler):
    received: list
    answer = 200

    def do_POST(self):
        length = int(self.headers["Content-Length"])
        self.received.append((dict(self.headers), json.loads(self.rfile.read(length))))
        self.send_response(self.answer)
        self.send_header("X-Message-Id", "gw-1")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def gateway(settings):
    handler = type("Gateway", (FakeGateway,), {"received": []})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.SMS_URL = f"http://127.0.0.1:{server.server_port}/send"
    settings.SMS_AUTHORIZATION = "Bearer test-token"
    yield handler
    server.shutdown()


def test_sms_goes_to_the_http_gateway_with_credentials_and_template(gateway):
    text = sms.compose("Gemeente Voorbeeld", "https://ervaring.example/k/K7QM4TXP9HWD")
    reference = sms.HttpSmsBackend().send(
        OutgoingMessage("sms", "+31612345678", "", text, reference="7")
    )
    assert reference == "gw-1"
    headers, body = gateway.received[0]
    assert headers["Authorization"] == "Bearer test-token"
    assert body == {"to": "+31612345678", "from": "Gemeente", "text": text, "reference": "7"}
    assert sms_size(text).parts == 1 and "https://ervaring.example/k/K7QM4TXP9HWD" in text


def test_a_reminder_with_a_12_symbol_code_keeps_both_links_whole():
    base = "https://vragenlijst.gemeente-sudwest-fryslan.nl"
    link = f"{base}/k/K7QM4TXP9HWD"
    opt_out = f"{base}/afmelden/1234567-abcdefghijklmnop/"
    text = sms.compose("Gemeente Súdwest-Fryslân", link, is_reminder=True, opt_out_link=opt_out)
    assert f" {link} " in text and text.endswith(opt_out)


@pytest.mark.parametrize(("status", "permanent"), [(400, True), (429, False), (503, False)])
def test_gateway_refusals_are_permanent_and_outages_temporary(gateway, status, permanent):
    gateway.answer = status
    with pytest.raises(ChannelError) as failure:
        sms.HttpSmsBackend().send(OutgoingMessage("sms", "+31612345678", "", "hoi"))
    assert failure.value.is_permanent is permanent


def test_file_backend_writes_one_json_line_per_message(settings, tmp_path):
    settings.SMS_FILE = str(tmp_path / "sms.jsonl")
    backend = sms.FileSmsBackend()
    backend.send(OutgoingMessage("sms", "+31611111111", "", "een", reference="1"))
    backend.send(OutgoingMessage("sms", "+31622222222", "", "twee", reference="2"))
    lines = [json.loads(line) for line in (tmp_path / "sms.jsonl").read_text().splitlines()]
    assert [line["to"] for line in lines] == ["+31611111111", "+31622222222"]
