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
from dataclasses import dataclass
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
from ervaring.fieldwork.channels.base import ChannelError, OutgoingMessage


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
        try:
            if isinstance(self._mailer, SmtpBackend):
                return self._send_over_smtp(message)
            email, msgid = self.build(message)
            if self._mailer is None:
                email.send()
            else:
                self._mailer.open()  # no-op while open; reopens after a failure
                self._mailer.send_messages([email])
        except smtplib.SMTPRecipientsRefused as refused:
            raise ChannelError(f"address refused: {refused}", is_permanent=True) from refused
        except ValueError as invalid:  # an address Django will not encode
            raise ChannelError(f"invalid address: {invalid}", is_permanent=True) from invalid
        except (smtplib.SMTPException, OSError) as error:
            self._close()  # the next message opens a fresh connection
            raise ChannelError(f"mail server: {error}") from error
        return msgid

    def _send_over_smtp(self, message: OutgoingMessage) -> str:
        msgid = message_id(message)
        self._mailer.open()  # no-op while open; reopens after a failure
        self._mailer.connection.sendmail(
            _envelope_sender(settings.DEFAULT_FROM_EMAIL),
            [plain_address(message.to)],
            wire_bytes(message, msgid),
        )
        return msgid


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
    encoded = base64.encodebytes(body.encode()).decode("ascii").splitlines()
    return [
        f'Content-Type: text/{subtype}; charset="utf-8"',
        "Content-Transfer-Encoding: base64",
        "",
        *encoded,
    ]


def _joined(lines: list[str]) -> bytes:
    return ("\r\n".join(lines) + "\r\n").encode("ascii")


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
