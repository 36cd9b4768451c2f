"""Slow channel backends for the crash test: each pauses *after* handing a message over, so
that killing the worker lands between "handed over" and "recorded as sent", the moment a
naive outbox would send again."""

import os
import time

from django.core.mail.backends.smtp import EmailBackend

from ervaring.fieldwork.channels import email as email_channel
from ervaring.fieldwork.channels.sms import FileSmsBackend

PAUSE = float(os.environ.get("ERVARING_TEST_SEND_PAUSE", "0.05"))


class SlowFileSmsBackend(FileSmsBackend):
    def send(self, message):
        reference = super().send(message)
        time.sleep(PAUSE)
        return reference


class SlowSmtpBackend(EmailBackend):
    """Pauses at one moment of every SMTP transaction, so that the kill lands there
    (ERVARING_TEST_PAUSE_AT):

    - ``accepted`` (the default): after the server's reply that it accepted the message,
      before the outbox records it;
    - ``mail``: after MAIL FROM went out, while the outbox records the hand-over;
    - ``dot``: after the message's final dot, before its reply is read;
    - ``compose``: while the outbox composes the next message, which on PostgreSQL is while
      this message's hand-over statement is sent and its answer not yet read.
    """

    def open(self):
        opened = super().open()
        connection = self.connection
        pause_at = os.environ.get("ERVARING_TEST_PAUSE_AT", "accepted")
        if pause_at == "compose" and not hasattr(email_channel.wire_bytes, "unpaused"):
            unpaused = email_channel.wire_bytes

            def wire_bytes(*args, **kwargs):
                time.sleep(PAUSE)
                return unpaused(*args, **kwargs)

            wire_bytes.unpaused = unpaused
            email_channel.wire_bytes = wire_bytes
        if connection is not None and not hasattr(connection, "unpaused_send"):
            connection.unpaused_send = connection.send
            connection.unpaused_getreply = connection.getreply
            connection.last_sent = b""

            def send(data):
                connection.unpaused_send(data)
                connection.last_sent = data if isinstance(data, bytes) else data.encode()
                if pause_at == "mail" and connection.last_sent.startswith(b"MAIL FROM"):
                    time.sleep(PAUSE)
                if pause_at == "dot" and connection.last_sent.endswith(b"\r\n.\r\n"):
                    time.sleep(PAUSE)

            def getreply():
                code, reply = connection.unpaused_getreply()
                if pause_at == "accepted" and connection.last_sent.endswith(b"\r\n.\r\n"):
                    time.sleep(PAUSE)
                return code, reply

            connection.send = send
            connection.getreply = getreply
        return opened
