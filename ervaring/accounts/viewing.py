"""Who looked at results: a page view in the audit log, at most once per quarter of an hour
per person and page, so that reloading a dashboard does not bury the rest of the log."""

import time

from django.http import HttpRequest

from ervaring.accounts.models import Organisation
from ervaring.accounts.services import log_event

SESSION_KEY = "ervaring_viewed"
REPEAT_SECONDS = 15 * 60


def clock() -> float:
    return time.time()


def log_page_view(
    request: HttpRequest, action: str, *, organisation: Organisation, target: str
) -> None:
    """Record that the signed-in staff member opened this page (the caller authorised it)."""
    now = clock()
    seen = {
        key: at
        for key, at in request.session.get(SESSION_KEY, {}).items()
        if now - at < REPEAT_SECONDS
    }
    key = f"{action}:{target}"
    if key in seen:
        return
    seen[key] = now
    request.session[SESSION_KEY] = seen
    log_event(action, organisation=organisation, actor=request.user, target=target)
