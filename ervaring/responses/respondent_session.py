"""The respondent's session: the one thing it holds (their login code), and when it ends.

On a shared computer the next person must not land on the previous person's page. So the
session that holds a code lives in a cookie without an expiry date (the browser drops it
when it closes), and the server ends it after `RESPONDENT_IDLE_SECONDS` without a request,
whether or not the browser is still open. Staff sessions are not touched: they never get a
code, and their own rules live in `ervaring.accounts.security.sessions`.

The answers are not in the session: every page sent is stored at once under the response,
so ending a session loses only what was typed on the open page and not yet sent.
"""

import time

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase

from ervaring.fieldwork import codes

CODE = "ervaring_code"
SEEN_AT = "ervaring_code_seen_at"


def clock() -> float:
    return time.time()


def begin(session: SessionBase, code: str) -> None:
    """Hold a code in a new session key that the browser forgets when it closes."""
    session.cycle_key()
    session.set_expiry(0)
    session[CODE] = codes.encrypt_code(code, settings.CODE_KEY)
    session[SEEN_AT] = clock()


def has_expired(session: SessionBase, now: float) -> bool:
    """True when the session holds a code that was last used too long ago."""
    if CODE not in session:
        return False
    seen = session.get(SEEN_AT)
    return seen is None or now - seen > settings.RESPONDENT_IDLE_SECONDS


def touch(session: SessionBase, now: float) -> None:
    """A request of the respondent: the idle time counts again from now, to the minute.

    The moment is written at most once a minute (`touch_interval`): writing it on every page
    made every request also write the session row, a third of a page's database time under
    load. The session may therefore end up to that minute before the idle time is over."""
    if CODE in session and now - session.get(SEEN_AT, 0) >= touch_interval():
        session[SEEN_AT] = now


def touch_interval() -> float:
    """A minute, or a tenth of the idle time when that is shorter (tests use seconds)."""
    return min(60.0, settings.RESPONDENT_IDLE_SECONDS / 10)


def current_code(session: SessionBase, now: float) -> str | None:
    """The session's code, or None when there is none or it has expired."""
    token = session.get(CODE)
    if not token or has_expired(session, now):
        return None
    return codes.decrypt_code(token, settings.CODE_KEY)
