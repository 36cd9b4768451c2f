"""The outbox's fast e-mail: texts composed once per kind (`EmailTemplate`), bytes written
directly (`wire_bytes`), and the next message composed while the server takes in this one.

The references are the slow ways that came first: `email.compose` with the recipient's own
values, and Django's EmailMessage read back by the standard library's parser.
"""

import email
import email.policy
import smtplib
from collections.abc import Callable
from dataclasses import replace
from datetime import date

import pytest
from django.db import connection

from ervaring.fieldwork import codes, outbox, sending
from ervaring.fieldwork.channels import email as email_channel
from ervaring.fieldwork.models import Invitation, Message, MessageStatus, SurveyWording
from ervaring.fieldwork.tests.population_files import row
from ervaring.fieldwork.tests.test_message_languages import survey_with_languages

pytestmark = pytest.mark.django_db

LANGUAGES = {"nl": "", "tr": "Turks", "ar": "Arabisch", "pl": "Pools", "en": "Engels"}


@pytest.fixture
def multilingual_messages(settings):
    """Queued invitations and reminders for a client in each language, one about a child,
    from an organisation whose name is not ASCII, with its own words holding HTML."""
    settings.DEFAULT_FROM_EMAIL = "Gemeente Súdwest-Fryslân <onderzoek@example.org>"
    survey = survey_with_languages(
        [(row(f"C-{code}", email=f"{code}@example.org"), cell) for code, cell in LANGUAGES.items()]
    )
    organisation = survey.organisation
    organisation.name = "Gemeente Súdwest-Fryslân & Çağlayan"
    organisation.contact_phone = "14 0515"
    organisation.save()
    SurveyWording.objects.create(
        survey=survey,
        invitation_opening='Wij vragen "u" naar <de hulp> & ondersteuning van {organisatie}.',
        extra_paragraph="Vóór {datum} graag.",
    )
    outbox.queue_invitations(survey)
    invitations = list(Message.objects.values_list("invitation_id", "survey_id", "to"))
    Message.objects.bulk_create(
        Message(
            invitation_id=invitation, survey_id=survey_id, channel="email", to=to, reminder_number=1
        )
        for invitation, survey_id, to in invitations
    )
    # Written to a parent (after queueing: the parent's address would be looked for).
    Invitation.objects.filter(client__client_ref="C-tr").update(
        attributes={"respondent_role": "ouder"}
    )
    return list(sending.claim_batch(100))


def test_a_template_filled_in_is_the_email_composed_for_the_recipient(
    multilingual_messages, settings
):
    templates: sending.Templates = {}
    languages_seen = set()
    for message in multilingual_messages:
        code = codes.decrypt_code(message.invitation.code_encrypted, settings.CODE_KEY)
        direct = sending.compose(message, code)
        assert sending.compose(message, code, templates) == direct
        languages_seen.add(sending.client_language(message.invitation))
    assert languages_seen == set(LANGUAGES)
    # One template per language and kind (invitation, reminder): composed once, used for all.
    assert len(templates) == 2 * len(LANGUAGES)


def test_the_recipients_values_are_escaped_in_the_html_and_not_in_the_text():
    content = email_channel.EmailContent(
        organisation_name="Gemeente Oost",
        link="",
        code="",
        opt_out_link="",
        deadline=date(2026, 12, 31),
        language="ar",
    )
    values = {"link": 'https://x.example/k/A?b=1&c="2"', "code": "AB<C>", "opt_out_link": "o'k"}
    expected = email_channel.compose(replace(content, **values))
    filled = email_channel.EmailTemplate.of(content).fill(
        values["link"], values["code"], values["opt_out_link"]
    )
    assert filled == expected
    assert "&amp;c=&quot;2&quot;" in filled[2] and '&c="2"' in filled[1]


def parsed(data: bytes) -> email.message.EmailMessage:
    message = email.message_from_bytes(data, policy=email.policy.default)
    assert message.defects == [] and all(not part.defects for part in message.walk())
    return message


def test_the_written_bytes_read_back_as_djangos_email_of_the_same_message(
    multilingual_messages,
):
    """What Django's EmailMessage (used before the outbox wrote bytes itself) says, our
    bytes say: the same headers, the same two parts with the same decoded texts."""
    templates: sending.Templates = {}
    backend = email_channel.DjangoEmailBackend()
    for message in multilingual_messages:
        outgoing = sending.compose(message, "ABCD2345EFGH", templates)
        django_email, msgid = backend.build(outgoing)
        ours = email_channel.wire_bytes(outgoing, msgid)
        theirs = parsed(django_email.message(policy=email.policy.SMTP).as_bytes())
        mine = parsed(ours)
        for header in ("From", "To", "Message-ID", "Auto-Submitted", "MIME-Version"):
            assert str(mine[header]) == str(theirs[header]), header
        # Against the subject itself: Django's (the email package's folding) can lose a
        # space where it splits an encoded word, as in the Arabic "ما رأيك" (what do you think).
        assert str(mine["Subject"]) == outgoing.subject
        assert mine.get_content_type() == theirs.get_content_type() == "multipart/alternative"
        my_parts, their_parts = mine.get_payload(), theirs.get_payload()
        assert [p.get_content_type() for p in my_parts] == ["text/plain", "text/html"]
        assert [p.get_content_type() for p in their_parts] == ["text/plain", "text/html"]
        for my_part, their_part in zip(my_parts, their_parts, strict=True):
            assert my_part.get_content_charset() == their_part.get_content_charset() == "utf-8"
            assert my_part["Content-Transfer-Encoding"] == "base64"
            # Both in text's canonical form, line breaks as CRLF (Django adds a last one).
            assert my_part.get_content() == their_part.get_content().removesuffix("\r\n")
        plain = mine.get_body(("plain",)).get_content()
        assert plain == outgoing.text.replace("\n", "\r\n")
        lines = ours.split(b"\r\n")
        assert ours.endswith(b"\r\n") and b"\n" not in b"".join(lines)
        assert max(len(line) for line in lines if not line.startswith(b"Message-ID")) <= 78
        assert all(line.isascii() for line in lines)


@pytest.mark.django_db(transaction=True)  # the hand-over commits on its own, as in a worker
def test_each_message_is_composed_while_the_sender_waits_for_the_server_or_the_database(
    smtp_server, monkeypatch
):
    """The order that keeps exactly-once, with the waits put to use: message k is put in
    hand (its UPDATE) after message k-1's reply was read, and that UPDATE has returned
    committed before k's final dot. k+1 is composed while the database commits k's
    hand-over (PostgreSQL: the statement is sent, then waited for), or else after k's
    final dot, before k's reply is read."""
    survey = survey_with_languages(
        [(row(f"C-{i}", email=f"c{i}@example.org"), "") for i in range(4)]
    )
    outbox.queue_invitations(survey)
    events: list[str] = []
    real_send, real_reply = smtplib.SMTP.send, smtplib.SMTP.getreply
    real_decrypt, real_apply = codes.decrypt_code, sending._apply

    def send(self, data):
        data = data if isinstance(data, bytes) else data.encode()
        if data.endswith(b"\r\n.\r\n"):
            events.append("dot")
        return real_send(self, data)

    def getreply(self):
        answer = real_reply(self)
        events.append("reply")
        return answer

    def decrypt(token, key):
        events.append("compose")
        return real_decrypt(token, key)

    def apply(writes, while_waiting=None):
        hands_over = any(w.changes.get("status") == MessageStatus.SENDING for w in writes)
        events.append("hand-over" if hands_over else "write")
        moved = real_apply(writes, while_waiting)
        events.append("committed" if hands_over else "written")
        return moved

    monkeypatch.setattr(smtplib.SMTP, "send", send)
    monkeypatch.setattr(smtplib.SMTP, "getreply", getreply)
    monkeypatch.setattr(codes, "decrypt_code", decrypt)
    monkeypatch.setattr(sending, "_apply", apply)
    assert sending.send_due_messages().sent == 4
    assert len(smtp_server.messages) == 4

    def at(kind: str) -> list[int]:
        return [i for i, event in enumerate(events) if event == kind]

    dots, composes = at("dot"), at("compose")
    hand_overs, commits = at("hand-over"), at("committed")
    assert len(dots) == len(hand_overs) == len(commits) == len(composes) == 4
    for k in range(4):
        final_reply = events.index("reply", dots[k])  # the reply to k's final dot
        assert composes[k] < hand_overs[k] < commits[k] < dots[k]
        if k:
            assert events.index("reply", dots[k - 1]) < hand_overs[k]
        if k < 3 and sending.overlaps_writes():
            assert hand_overs[k] < composes[k + 1] < commits[k]
        elif k < 3:
            assert dots[k] < composes[k + 1] < final_reply


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("server", ["smtp_server", "pipelining_smtp_server"])
def test_a_message_is_on_record_as_in_hand_before_its_final_dot_goes_out(
    server, request, monkeypatch
):
    """Exactly-once rests on this: when a message's final dot is sent, its hand-over is
    committed, so a crash from then on leaves it `sending` (reported, never sent again).
    Another connection reads the row at that moment, the way the run after a crash would;
    a hand-over still under way (its statement sent, its commit not yet answered) would
    show it `claimed`, and sent again after a crash. On PostgreSQL, where the sender
    composes while the statement runs, every update of a message row is made slow (a
    trigger that sleeps), so that a dot sent before the commit's answer cannot pass by luck.
    """
    inbox = request.getfixturevalue(server)
    survey = survey_with_languages(
        [(row(f"C-{i}", email=f"c{i}@example.org"), "") for i in range(5)]
    )
    outbox.queue_invitations(survey)
    observer = connection.copy()
    table = connection.ops.quote_name(Message._meta.db_table)
    if connection.vendor == "postgresql":
        request.addfinalizer(slow_updates(table))
    to = connection.ops.quote_name(Message._meta.get_field("to").column)
    seen: dict[str, str] = {}
    real_send = smtplib.SMTP.send

    def send(self, data):
        data = data if isinstance(data, bytes) else data.encode()
        if data.endswith(b"\r\n.\r\n"):
            address = parsed(data[:-3])["To"]
            with observer.cursor() as cursor:
                cursor.execute(f"SELECT status FROM {table} WHERE {to} = %s", [address])  # noqa: S608
                (seen[address],) = cursor.fetchone()
        return real_send(self, data)

    monkeypatch.setattr(smtplib.SMTP, "send", send)
    try:
        assert sending.send_due_messages().sent == 5
    finally:
        observer.close()

    assert len(inbox.messages) == 5
    assert seen == {f"c{i}@example.org": MessageStatus.SENDING for i in range(5)}


def slow_updates(table: str, seconds: float = 0.05) -> Callable[[], None]:
    """Make every row update of `table` take `seconds` (PostgreSQL); returns the undoing."""
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE FUNCTION test_slow_update() RETURNS trigger LANGUAGE plpgsql AS "
            f"$$ BEGIN PERFORM pg_sleep({seconds}); RETURN NEW; END $$"
        )
        cursor.execute(
            f"CREATE TRIGGER test_slow_update BEFORE UPDATE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION test_slow_update()"
        )

    def undo() -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TRIGGER test_slow_update ON {table}")
            cursor.execute("DROP FUNCTION test_slow_update()")

    return undo


def sends(monkeypatch) -> list[bytes]:
    """What the client writes to the SMTP server, one entry per write."""
    written: list[bytes] = []
    real_send = smtplib.SMTP.send

    def send(self, data):
        written.append(data if isinstance(data, bytes) else data.encode())
        return real_send(self, data)

    monkeypatch.setattr(smtplib.SMTP, "send", send)
    return written


def test_a_server_offering_pipelining_gets_mail_rcpt_and_data_in_one_write(
    pipelining_smtp_server, monkeypatch
):
    survey = survey_with_languages(
        [(row(f"C-{i}", email=f"c{i}@example.org"), "") for i in range(5)]
    )
    outbox.queue_invitations(survey)
    written = sends(monkeypatch)

    assert sending.send_due_messages().sent == 5

    assert sorted(r for e in pipelining_smtp_server.messages for r in e.rcpt_tos) == [
        f"c{i}@example.org" for i in range(5)
    ]
    commands = [w for w in written if w.startswith(b"MAIL FROM")]
    assert len(commands) == 5
    assert all(b"\r\nRCPT TO:<" in w and w.endswith(b"\r\nDATA\r\n") for w in commands)
    # Per message: the commands and the message itself; two waits for the server, not four.
    assert len([w for w in written if not w.startswith((b"ehlo", b"EHLO", b"QUIT", b"quit"))]) == 10


@pytest.mark.parametrize("server", ["smtp_server", "pipelining_smtp_server"])
def test_a_refused_recipient_fails_alone_and_the_session_goes_on(server, request):
    inbox = request.getfixturevalue(server)
    if server == "pipelining_smtp_server":
        inbox.refused = {"c1@example.org"}
    survey = survey_with_languages(
        [(row(f"C-{i}", email=f"c{i}@example.org"), "") for i in range(3)]
    )
    outbox.queue_invitations(survey)
    if server == "smtp_server":  # aiosmtpd's own handler: refuse by a bad address instead
        Message.objects.filter(to="c1@example.org").update(to="c1@example.org>")

    report = sending.send_due_messages()

    assert (report.sent, report.failed) == (2, 1)
    received = sorted(r for e in inbox.messages for r in e.rcpt_tos)
    assert received == ["c0@example.org", "c2@example.org"]
    failed = Message.objects.get(status="failed")
    assert failed.to.startswith("c1@example.org") and failed.last_error


@pytest.mark.parametrize("server", ["smtp_server", "pipelining_smtp_server"])
def test_a_message_taken_over_by_another_run_after_mail_from_never_arrives(
    server, request, monkeypatch
):
    """`begin` has opened the transaction (pipelining: DATA accepted already) when the
    hand-over finds the row recovered by another run: the transaction is dropped, nothing
    arrives for it (not even an empty message), and the next message goes out as usual."""
    inbox = request.getfixturevalue(server)
    survey = survey_with_languages(
        [(row(f"C-{i}", email=f"c{i}@example.org"), "") for i in range(3)]
    )
    outbox.queue_invitations(survey)
    taken = Message.objects.get(to="c1@example.org")
    real_apply = sending._apply

    taken_over = []

    def apply(writes, while_waiting=None):
        hands_over = any(
            w.message.pk == taken.pk and w.changes.get("status") == "sending" for w in writes
        )
        if hands_over and not taken_over:  # the other run queues it again, once
            taken_over.append(Message.objects.filter(pk=taken.pk).update(status="queued"))
        return real_apply(writes, while_waiting)

    monkeypatch.setattr(sending, "_apply", apply)
    report = sending.send_due_messages()

    assert taken_over == [1]
    assert report.sent == 3  # the taken message too, from the next batch, once
    assert sorted(r for e in inbox.messages for r in e.rcpt_tos) == [
        "c0@example.org",
        "c1@example.org",
        "c2@example.org",
    ]
    assert all(len(e.content) > 1000 for e in inbox.messages)
