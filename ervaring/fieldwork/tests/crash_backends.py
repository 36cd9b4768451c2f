"""Slow channel backends for the crash test: each pauses *after* handing a message over, so
that killing the worker lands between "handed over" and "recorded as sent", the moment a
naive outbox would send again."""

import os
import time

from django.core.mail.backends.smtp import EmailBackend

from ervaring.fieldwork.channels.sms import FileSmsBackend

PAUSE = float(os.environ.get("ERVARING_TEST_SEND_PAUSE", "0.05"))


class SlowFileSmsBackend(FileSmsBackend):
    def send(self, message):
        reference = super().send(message)
        time.sleep(PAUSE)
        return reference


class SlowSmtpBackend(EmailBackend):
    """Pauses after the SMTP server accepted each message, whichever path handed it over."""

    def open(self):
        opened = super().open()
        connection = self.connection
        if connection is not None and not hasattr(connection, "unpaused_sendmail"):
            connection.unpaused_sendmail = connection.sendmail

            def sendmail(*args, **kwargs):
                refused = connection.unpaused_sendmail(*args, **kwargs)
                time.sleep(PAUSE)
                return refused

            connection.sendmail = sendmail
        return opened
