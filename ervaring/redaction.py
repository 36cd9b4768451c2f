"""Keep login codes and opt-out tokens out of every log line.

A personal link (`/k/CODE`, on letters, in e-mail and SMS) carries the login code in its path,
and an opt-out link (`/afmelden/TOKEN/`) a token that says no on someone's behalf. Whatever
writes a request line, a Referer or a "Not Found: <path>" would otherwise store the secret
beside the client's address and the time: gunicorn's access and error logs, Django's
`django.request`, `django.security` and `django.server` loggers, and any message that quotes
a link (the console SMS backend). So the log pipelines themselves redact, whatever the format:
Django's handlers through `LOGGING` (settings), gunicorn's loggers through `ervaring.wsgi`,
which every gunicorn worker imports whatever command started it.
"""

import logging
import re

# The secret runs from the prefix to the end of the URL's path: extra segments of a damaged
# link go too. Upper case (`/K/`) and percent-encoded slashes (a link inside a query string)
# reach the same view or a 404 that names them, so they are redacted as well.
_SECRET_PATHS = [
    (re.compile(r"((?:/|%2F)k(?:/|%2F))[^\s\"'?&#<>]*", re.IGNORECASE), r"\1[code]"),
    (re.compile(r"((?:/|%2F)afmelden(?:/|%2F))[^\s\"'?&#<>]*", re.IGNORECASE), r"\1[token]"),
]
GUNICORN_LOGGERS = ("gunicorn.access", "gunicorn.error")


def redact(text: str) -> str:
    """The text with the secret part of every personal and opt-out link replaced."""
    for pattern, replacement in _SECRET_PATHS:
        text = pattern.sub(replacement, text)
    return text


class RedactSecretPaths(logging.Filter):
    """A logging filter that rewrites a record's message, traceback and stack in place.

    It formats the message itself (the arguments may hold the path) and the traceback (an
    exception's text may quote it), so a later formatter only sees redacted text.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


_FILTER = RedactSecretPaths()


def redact_gunicorn_logs() -> None:
    """Redact what gunicorn writes about requests, whatever format or file it was given.

    The filter sits on gunicorn's loggers rather than their handlers, because gunicorn replaces
    its handlers on every reload; adding the one instance twice is a no-op.
    """
    for name in GUNICORN_LOGGERS:
        logging.getLogger(name).addFilter(_FILTER)
