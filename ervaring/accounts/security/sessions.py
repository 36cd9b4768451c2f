"""Staff sessions end after inactivity and, at the latest, a working day after login.

Django's session cookie age alone cannot do this: a session saved on every request slides
forever, and one never saved ends mid-work. So the session holds when the staff member logged
in and when they were last seen, and this middleware logs out whoever is past either limit.
Respondents' sessions (anonymous) are not touched.
"""

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse

LOGGED_IN_AT = "ervaring_logged_in_at"
LAST_SEEN_AT = "ervaring_last_seen_at"
# Write "last seen" at most once a minute, so that reading pages does not write a session
# on every request.
SEEN_RESOLUTION_SECONDS = 60


def clock() -> float:
    return time.time()


def start(sender: object, request: HttpRequest | None, **kwargs: object) -> None:
    """Stamp the session at every login, whoever calls Django's `login` (our login flow,
    a test's `force_login`): connected to `user_logged_in` in `AccountsConfig.ready`. A
    receiver rather than a call in the login flow, so that no way of logging in can make a
    session without the stamps, and the first request after login writes nothing."""
    if request is None:
        return
    now = clock()
    request.session[LOGGED_IN_AT] = now
    request.session[LAST_SEEN_AT] = now


def has_expired(session: dict, now: float) -> bool:
    """Past the idle limit or the working day; a session without the stamps was not made by
    a login (or predates them) and counts as expired."""
    logged_in, seen = session.get(LOGGED_IN_AT), session.get(LAST_SEEN_AT)
    if logged_in is None or seen is None:
        return True
    return now - seen > settings.STAFF_IDLE_SECONDS or now - logged_in > settings.SESSION_COOKIE_AGE


class StaffSessionMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = clock()
            if has_expired(request.session, now):
                logout(request)
                messages.info(request, "U bent uitgelogd omdat u een tijd niets hebt gedaan.")
                return redirect_to_login(request.get_full_path())
            if now - request.session[LAST_SEEN_AT] >= SEEN_RESOLUTION_SECONDS:
                request.session[LAST_SEEN_AT] = now
        return self.get_response(request)
