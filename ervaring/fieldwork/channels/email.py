"""Invitations and reminders by e-mail, through Django's mail system (SMTP in production).

Each message has a plain-text and an HTML part, the personal link, and an opt-out link; the
outbox reference goes into the Message-ID so a resend can be recognised downstream.

Over SMTP the message is written out directly (`wire_bytes`) and handed to the connection
Django's SMTP backend opened (host, TLS, login and timeouts stay Django's): Django's own
EmailMessage parses and refolds every header with the email package's policies, about
1.7 ms a message, which capped the outbox near 140 e-mails a second; the message has a
fixed, simple shape, so writing it takes a few hundredths of that. Other backends (the test
suite's memory outbox, the console) get Django's EmailMessage as before.
"""

import base64
import contextlib
import functools
import re
import secrets
import smtplib
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from email.header import Header
from email.utils import formataddr, formatdate, parseaddr
from html import escape

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, mailers
from django.core.mail.backends.smtp import EmailBackend as SmtpBackend
from django.core.mail.message import make_msgid
from django.core.mail.utils import DNS_NAME

from ervaring import languages
from ervaring.fieldwork import message_texts
from ervaring.fieldwork.channels.base import ChannelError, OutgoingMessage, UnstagedDelivery


@dataclass(frozen=True)
class EmailContent:
    organisation_name: str
    link: str
    code: str
    opt_out_link: str
    deadline: date
    is_reminder: bool = False
    about_child: bool = False
    contact_phone: str = ""
    contact_email: str = ""
    # The survey's own words (fieldwork.wording, fill-ins done); '' keeps the standard text.
    subject: str = ""
    opening: str = ""
    extra_paragraph: str = ""
    house_colour: str = "#154273"  # the button; checked for contrast with white text
    # The client's (see message_texts.message_language); the own words above are in it.
    language: str = "nl"


def compose(content: EmailContent) -> tuple[str, str, str]:
    """Subject, plain text and HTML of an invitation or reminder (B1), in the client's
    language; the survey's own words (subject, opening, extra paragraph) are the ones in
    that language, and replace the standard texts."""
    language = content.language

    def say(key: str, **values: object) -> str:
        return message_texts.text(language, key, **values)

    child = "_child" if content.about_child else ""
    if content.subject:
        subject = (
            say("msg_email_reminder_subject", subject=content.subject)
            if content.is_reminder
            else content.subject
        )
    elif content.is_reminder:
        subject = say("msg_email_subject_reminder")
    else:
        subject = say("msg_email_subject", organisation=content.organisation_name)
    opening = content.opening or say(
        f"msg_email_reminder_opening{child}" if content.is_reminder else f"msg_email_opening{child}"
    )
    paragraphs = [
        say("msg_salutation"),
        opening,
        say("msg_email_duration"),
        say("msg_deadline", date=message_texts.long_date(content.deadline, language)),
        *([content.extra_paragraph] if content.extra_paragraph else []),
    ]
    contact = message_texts.contact_sentence(language, content.contact_phone, content.contact_email)
    closing = [
        say("msg_email_no_link", address=settings.PUBLIC_BASE_URL, code=content.code),
        say("msg_email_opt_out", link=content.opt_out_link),
        contact,
        f"{say('msg_regards')}\n{content.organisation_name}",
    ]
    text = "\n\n".join([*paragraphs, say("msg_email_start", link=content.link), *closing])
    html_paragraphs = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    no_button = say("msg_email_no_button", address=settings.PUBLIC_BASE_URL)
    html = (
        f'<!doctype html><html lang="{language}" dir="{languages.direction(language)}">'
        '<body style="font-family:sans-serif;font-size:16px;line-height:1.5;color:#1a1a1a">'
        f"{html_paragraphs}"
        f'<p><a href="{escape(content.link)}" style="display:inline-block;padding:12px 20px;'
        f"background:{escape(content.house_colour)};color:#ffffff;text-decoration:none;"
        "border-radius:4px;"
        f'font-weight:bold">{escape(say("msg_email_button"))}</a></p>'
        f"<p>{escape(no_button)} <strong>{escape(content.code)}</strong></p>"
        f"<p>{escape(say('msg_email_opt_out_question'))} "
        f'<a href="{escape(content.opt_out_link)}">{escape(say("msg_email_opt_out_link"))}</a>.</p>'
        f"<p>{escape(contact)}</p>"
        f"<p>{escape(say('msg_regards'))}<br>{escape(content.organisation_name)}</p>"
        "</body></html>"
    )
    return subject, text, html


#: Stand-ins for what differs per recipient, in a template composed once (`EmailTemplate`):
#: private-use characters, which no text contains and `html.escape` leaves alone.
_MARKERS = {"link": "\ue000link\ue001", "code": "\ue000code\ue001", "opt_out": "\ue000opt\ue001"}


@dataclass(frozen=True)
class EmailTemplate:
    """An e-mail composed once with stand-ins for the link, the code and the opt-out link.

    The outbox sends thousands of e-mails that differ only in those three: the same survey,
    language, kind and deadline. Composing the texts (about twenty message texts looked up
    and formatted, a dozen escaped for HTML) once per kind and putting the three values in
    per message gives exactly what `compose` gives (a test compares them in every language).
    """

    subject: str
    text: str
    html: str

    @classmethod
    def of(cls, content: EmailContent) -> "EmailTemplate":
        """The template of `content`; its link, code and opt-out link are not used."""
        return cls(
            *compose(
                replace(
                    content,
                    link=_MARKERS["link"],
                    code=_MARKERS["code"],
                    opt_out_link=_MARKERS["opt_out"],
                )
            )
        )

    def fill(self, link: str, code: str, opt_out_link: str) -> tuple[str, str, str]:
        """Subject, text and HTML with this recipient's values (escaped in the HTML)."""
        text, html = self.text, self.html
        for marker, value in (
            (_MARKERS["link"], link),
            (_MARKERS["code"], code),
            (_MARKERS["opt_out"], opt_out_link),
        ):
            text = text.replace(marker, value)
            html = html.replace(marker, escape(value))
        return self.subject, text, html


class DjangoEmailBackend:
    """Sends through the `default` mailer of Django's MAILERS setting.

    Used as a context manager, it keeps one connection open for a whole batch (one SMTP
    session instead of one per message); after a failure the connection is dropped and the
    next message opens a fresh one.
    """

    def __init__(self) -> None:
        self._mailer = None

    def __enter__(self) -> "DjangoEmailBackend":
        self._mailer = mailers.default
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._close()
        self._mailer = None

    def _close(self) -> None:
        if self._mailer is not None:
            with contextlib.suppress(smtplib.SMTPException, OSError):
                self._mailer.close()

    def build(self, message: OutgoingMessage) -> tuple[EmailMultiAlternatives, str]:
        """The Django e-mail for a message, and its Message-ID (with the outbox reference)."""
        msgid = message_id(message)
        email = EmailMultiAlternatives(
            subject=message.subject,
            body=message.text,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[message.to],
            headers={"Message-ID": msgid, "Auto-Submitted": "auto-generated"},
        )
        if message.html:
            email.attach_alternative(message.html, "text/html")
        return email, msgid

    def send(self, message: OutgoingMessage) -> str:
        """Send one message now (its Message-ID back); the outbox uses `prepare` instead."""
        delivery = self.prepare(message)
        delivery.begin()
        return delivery.finish(while_waiting=_nothing)

    def prepare(self, message: OutgoingMessage) -> "Delivery":
        """The message ready to go, nothing sent yet (see `SmtpDelivery`); pure CPU, so the
        outbox can do it while the server is still taking in the previous message."""
        if isinstance(self._mailer, SmtpBackend):
            return SmtpDelivery(self, message)
        return UnstagedDelivery(functools.partial(self._send_with_django, message))

    def _send_with_django(self, message: OutgoingMessage) -> str:
        """A backend other than SMTP (the tests' memory outbox, the console): Django's
        EmailMessage."""
        try:
            email, msgid = self.build(message)
            if self._mailer is None:
                email.send()
            else:
                self._mailer.open()  # no-op while open; reopens after a failure
                self._mailer.send_messages([email])
        except (smtplib.SMTPException, OSError, ValueError) as error:
            raise self.failure(error) from error
        return msgid

    def session(self) -> smtplib.SMTP:
        """The open SMTP session (opened again after a failure), greeted."""
        self._mailer.open()  # no-op while open
        smtp = self._mailer.connection
        smtp.ehlo_or_helo_if_needed()
        return smtp

    def hang_up(self) -> None:
        """Close the session without QUIT, which in the middle of DATA would be taken as
        text; the server drops the unfinished message. The next message opens a new one."""
        smtp = self._mailer.connection
        if smtp is not None:
            with contextlib.suppress(OSError):
                smtp.close()
            self._mailer.connection = None

    def failure(self, error: Exception) -> ChannelError:
        """What an error while sending means for the outbox: permanent or worth a retry."""
        if isinstance(error, ChannelError):
            return error
        if isinstance(error, smtplib.SMTPRecipientsRefused):
            return ChannelError(f"address refused: {error}", is_permanent=True)
        if isinstance(error, ValueError):  # an address that is not one plain address
            return ChannelError(f"invalid address: {error}", is_permanent=True)
        self._close()  # the next message opens a fresh connection
        return ChannelError(f"mail server: {error}")


def _nothing() -> None:
    return None


#: An SMTP reply: its code and text.
Reply = tuple[int, bytes]


class SmtpDelivery:
    """One message over the batch's SMTP session, in steps the outbox interleaves with its
    own work.

    Every command waits for the server's reply; without PIPELINING (RFC 2920; aiosmtpd lacks
    it) that is MAIL, RCPT, DATA and the message's end, four round trips a message; with it
    (Postfix, Exim) MAIL, RCPT and DATA go out together, two. Waiting need not be idle:
    `begin` sends MAIL FROM (and, pipelining, RCPT TO and DATA), and the outbox records the
    hand-over while the server answers; `finish` does the rest, and runs `while_waiting`
    (the outbox composes the next message) after the message's final dot, while the server
    takes it in.

    Exactly-once is unchanged: a message arrives only with its final dot, sent after the
    outbox recorded the hand-over; a transaction left open (`abort`, a crash, a lost
    connection) is discarded by the server. The bytes are made here, before `begin`: an
    address that will not do (ValueError) is reported by `finish`, as a permanent failure.
    """

    def __init__(self, backend: DjangoEmailBackend, message: OutgoingMessage) -> None:
        self.backend = backend
        self.error: Exception | None = None
        self.smtp: smtplib.SMTP | None = None
        self.pipelined = False
        self.msgid = message_id(message)
        self.sender = _envelope_sender(settings.DEFAULT_FROM_EMAIL)
        try:
            self.recipient = plain_address(message.to)
            self.data = _dot_stuffed(wire_bytes(message, self.msgid))
        except ValueError as invalid:
            self.error = invalid

    def begin(self) -> None:
        """Send MAIL FROM (pipelining: with RCPT TO and DATA), not waiting for replies."""
        if self.error is not None:
            return
        try:
            self.smtp = self.backend.session()
            self.pipelined = self.smtp.has_extn("pipelining")
            commands = f"MAIL FROM:<{self.sender}>\r\n"
            if self.pipelined:
                commands += f"RCPT TO:<{self.recipient}>\r\nDATA\r\n"
            self.smtp.send(commands.encode("ascii"))
        except (smtplib.SMTPException, OSError) as error:
            self.error = error

    def abort(self) -> None:
        """Drop the transaction `begin` opened (the message was not ours to send after all)."""
        if self.error is not None or self.smtp is None:
            return
        if self.pipelined:  # DATA may be under way: only hanging up ends it without a message
            self.backend.hang_up()
            return
        try:
            self.smtp.getreply()
            self.smtp.rset()
        except (smtplib.SMTPException, OSError):
            self.backend.hang_up()

    def finish(self, while_waiting: Callable[[], None]) -> str:
        """Complete the transaction; the Message-ID, or ChannelError."""
        try:
            if self.error is not None:
                raise self.error
            smtp = self.smtp
            mail, rcpt, data = smtp.getreply(), None, None
            if self.pipelined:
                rcpt, data = smtp.getreply(), smtp.getreply()
            elif mail[0] == 250:
                smtp.send(f"RCPT TO:<{self.recipient}>\r\n".encode("ascii"))
                rcpt = smtp.getreply()
                if rcpt[0] in (250, 251):
                    smtp.send(b"DATA\r\n")
                    data = smtp.getreply()
            self._check(mail, rcpt, data)
            smtp.send(self.data + b".\r\n")
        except (smtplib.SMTPException, OSError, ValueError) as error:
            while_waiting()
            raise self.backend.failure(error) from error
        while_waiting()
        try:
            code, reply = smtp.getreply()
        except (smtplib.SMTPException, OSError) as error:
            raise self.backend.failure(error) from error
        if code != 250:
            raise self.backend.failure(smtplib.SMTPDataError(code, reply))
        return self.msgid

    def _check(self, mail: Reply, rcpt: Reply | None, data: Reply | None) -> None:
        """Raise what smtplib would for a refused sender, recipient or DATA, leaving the
        session ready for the next message."""
        if mail[0] != 250:
            error: smtplib.SMTPException = smtplib.SMTPSenderRefused(*mail, self.sender)
        elif rcpt is None or rcpt[0] not in (250, 251):
            error = smtplib.SMTPRecipientsRefused({self.recipient: rcpt})
        elif data is None or data[0] != 354:
            error = smtplib.SMTPDataError(*data)
        else:
            return
        if data is not None and data[0] == 354:  # a server that took DATA all the same
            self.backend.hang_up()
        else:
            with contextlib.suppress(smtplib.SMTPException, OSError):
                self.smtp.rset()
        raise error


Delivery = SmtpDelivery | UnstagedDelivery


def message_id(message: OutgoingMessage) -> str:
    """A Message-ID naming the outbox reference (the host name is looked up once, cached)."""
    return make_msgid(
        idstring=f"ervaring-{message.reference}" if message.reference else None,
        domain=DNS_NAME,
    )


def plain_address(address: str) -> str:
    """The address itself, refused (ValueError) when it is not one plain ASCII address.

    Addresses reach here from the validated population file; this keeps a header injection
    or an internationalised address (which needs SMTPUTF8) out of the fast path. A pattern
    (RFC 5322 atoms, dot-separated, at a host name) rather than `parseaddr`, which cost more
    than the rest of the check, and is lenient where this must be strict.
    """
    if not _PLAIN_ADDRESS.fullmatch(address):
        raise ValueError(f"not a plain e-mail address: {address!r}")
    return address


_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_PLAIN_ADDRESS = re.compile(rf"{_ATOM}(?:\.{_ATOM})*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*")


@functools.lru_cache(maxsize=16)
def _envelope_sender(sender: str) -> str:
    return parseaddr(sender)[1]


def wire_bytes(message: OutgoingMessage, msgid: str) -> bytes:
    """The whole e-mail as sent: headers, a text part and (when there is one) an HTML part.

    Written out directly (RFC 5322 headers with RFC 2047 words from `email.header`, bodies
    in base64 from `base64`): every line is ASCII and ends in CRLF; body lines are 76
    characters at most. The boundary holds "_", which base64 never writes, so it cannot
    occur in a body.
    """
    lines = [
        f"From: {_from_header(settings.DEFAULT_FROM_EMAIL)}",
        f"To: {plain_address(message.to)}",
        f"Subject: {_subject_header(message.subject)}",
        f"Date: {formatdate(localtime=settings.EMAIL_USE_LOCALTIME)}",
        f"Message-ID: {msgid}",
        "Auto-Submitted: auto-generated",
        "MIME-Version: 1.0",
    ]
    if not message.html:
        return _joined([*lines, *_part("plain", message.text)])
    boundary = f"=_ervaring_{secrets.token_hex(8)}"
    return _joined(
        [
            *lines,
            f'Content-Type: multipart/alternative; boundary="{boundary}"',
            "",
            f"--{boundary}",
            *_part("plain", message.text),
            f"--{boundary}",
            *_part("html", message.html),
            f"--{boundary}--",
        ]
    )


def _part(subtype: str, body: str) -> list[str]:
    # Line breaks as CRLF inside the encoding too: the canonical form of text (RFC 2046
    # 4.1.1), as Django's EmailMessage wrote it. One base64 pass, cut into lines of 76: what
    # `base64.encodebytes` writes, without its Python loop over 57-byte pieces.
    canonical = body.replace("\r\n", "\n").replace("\n", "\r\n")
    whole = base64.b64encode(canonical.encode()).decode("ascii")
    encoded = [whole[start : start + 76] for start in range(0, len(whole), 76)]
    return [
        f'Content-Type: text/{subtype}; charset="utf-8"',
        "Content-Transfer-Encoding: base64",
        "",
        *encoded,
    ]


def _joined(lines: list[str]) -> bytes:
    return ("\r\n".join(lines) + "\r\n").encode("ascii")


def _dot_stuffed(data: bytes) -> bytes:
    """A line that starts with "." gets another (RFC 5321 4.5.2), as smtplib would do; base64
    lines never start with one, so this is nearly always a search that finds nothing."""
    if data.startswith(b".") or b"\r\n." in data:
        return re.sub(rb"(?m)^\.", b"..", data)
    return data


@functools.lru_cache(maxsize=256)
def _subject_header(subject: str) -> str:
    """The subject as RFC 2047 words where it is not plain ASCII, folded with CRLF."""
    one_line = " ".join(subject.split())  # a typed line break must not end the header
    charset = "us-ascii" if one_line.isascii() else "utf-8"
    return Header(one_line, charset, header_name="Subject").encode(linesep="\r\n")


@functools.lru_cache(maxsize=16)
def _from_header(sender: str) -> str:
    name, address = parseaddr(sender)
    return formataddr((name, plain_address(address)), charset="utf-8")
