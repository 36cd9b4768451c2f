"""The e-mail as a real SMTP server receives it from the outbox's fast path.

The outbox writes the MIME message itself over Django's SMTP connection (see
`channels.email`); here the bytes the server got are read back with the standard library's
modern parser, which is strict about what it accepts, and compared with what was composed.
"""

import email
import email.policy

import pytest

from ervaring.fieldwork import outbox, sending
from ervaring.fieldwork.channels import email as email_channel
from ervaring.fieldwork.channels.base import ChannelError, OutgoingMessage
from ervaring.fieldwork.models import Message
from ervaring.fieldwork.tests.sending_helpers import email_rows, sampled_survey

pytestmark = pytest.mark.django_db


def received(smtp_server) -> list[email.message.EmailMessage]:
    return [
        email.message_from_bytes(envelope.content, policy=email.policy.default)
        for envelope in smtp_server.messages
    ]


def test_the_invitation_arrives_whole_with_its_headers_and_both_parts(smtp_server, settings):
    settings.DEFAULT_FROM_EMAIL = "Gemeente Súdwest-Fryslân <onderzoek@example.org>"
    survey = sampled_survey(email_rows(2))
    survey.organisation.name = "Gemeente Súdwest-Fryslân"
    survey.organisation.save()
    outbox.queue_invitations(survey)

    report = sending.send_due_messages()

    assert report.sent == 2
    messages = received(smtp_server)
    assert sorted(m["To"] for m in messages) == ["client0@example.org", "client1@example.org"]
    for message in messages:
        assert message.defects == []
        assert all(not part.defects for part in message.walk())
        assert message["Subject"] == "Gemeente Súdwest-Fryslân: wat vindt u van de hulp?"
        assert message["From"].addresses[0].display_name == "Gemeente Súdwest-Fryslân"
        assert message["From"].addresses[0].addr_spec == "onderzoek@example.org"
        assert message["Auto-Submitted"] == "auto-generated"
        row = Message.objects.get(to=message["To"])
        assert f"ervaring-{row.pk}@" in message["Message-ID"]
        assert row.provider_reference == message["Message-ID"]
        text = message.get_body(("plain",)).get_content()
        html = message.get_body(("html",)).get_content()
        assert "Wilt u de vragenlijst invullen vóór" in text
        assert "Begin met de vragenlijst" in html
        assert "vul deze code in" in text
    for envelope in smtp_server.messages:
        lines = envelope.content.split(b"\r\n")
        assert b"\n" not in b"".join(lines)  # every line ends in CRLF
        assert max(len(line) for line in lines if not line.startswith(b"Message-ID")) <= 78


def test_a_line_break_in_the_subject_or_address_cannot_add_a_header_or_recipient(smtp_server):
    with email_channel.DjangoEmailBackend() as backend:
        backend.send(
            OutgoingMessage(
                "email", "client@example.org", "Uw mening\r\nBcc: iemand@example.net", "Tekst"
            )
        )
        with pytest.raises(ChannelError) as refused:
            backend.send(
                OutgoingMessage(
                    "email", "a@example.org\r\nBcc: iemand@example.net", "Onderwerp", "Tekst"
                )
            )
    assert refused.value.is_permanent
    (message,) = received(smtp_server)
    assert message["Bcc"] is None
    assert message["Subject"] == "Uw mening Bcc: iemand@example.net"
    assert [rcpt for e in smtp_server.messages for rcpt in e.rcpt_tos] == ["client@example.org"]


@pytest.mark.parametrize(
    "address", ["client@example.org", "o'brien+ceo@wijk-noord.gemeente.nl", "A.B_C@X.NL"]
)
def test_a_plain_address_goes_through(address):
    assert email_channel.plain_address(address) == address


@pytest.mark.parametrize(
    "address",
    [
        "Client <client@example.org>",
        "a@example.org, b@example.org",
        "a@example.org\r\nBcc: iemand@example.net",
        "jöran@example.org",
        '"a b"@example.org',
        "a..b@example.org",
        ".a@example.org",
        "a@",
        "@example.org",
        "a@exa mple.org",
        "a@example.org ",
    ],
)
def test_anything_but_one_plain_address_is_refused(address):
    with pytest.raises(ValueError, match="not a plain e-mail address"):
        email_channel.plain_address(address)
