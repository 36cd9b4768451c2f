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
    def send_messages(self, email_messages):
        sent = super().send_messages(email_messages)
        time.sleep(PAUSE)
        return sent
