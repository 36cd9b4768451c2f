"""The two steps of a staff login, and what happens when both are done.

Nobody is logged in (Django's `login`) before both steps are done: after the password, the
session only holds who is half-way (`PENDING`), for a few minutes. So every page that checks
`request.user` sees an anonymous visitor until the second factor is given, and no other view
needs to know about second factors.
"""

import time

import django_otp
from django.conf import settings
from django.contrib.auth import login
from django.http import HttpRequest, HttpResponse
from django_otp.models import Device

from ervaring.accounts.models import RecoveryCodeDevice, SecurityKey, Staff
from ervaring.accounts.security import throttle
from ervaring.accounts.services import log_event

PENDING = "ervaring_login_pending"
PENDING_SECONDS = 5 * 60
BACKEND = "django.contrib.auth.backends.ModelBackend"


def start_pending(request: HttpRequest, staff: Staff, next_url: str) -> None:
    """The password was right; remember who is half-way, and where they were going."""
    request.session.cycle_key()
    request.session[PENDING] = {"user": staff.pk, "at": time.time(), "next": next_url}


def find_pending(request: HttpRequest) -> tuple[Staff, str] | None:
    """The half-way user and their destination, while the few minutes last."""
    pending = request.session.get(PENDING)
    if not isinstance(pending, dict) or time.time() - pending.get("at", 0) > PENDING_SECONDS:
        return None
    staff = Staff.objects.filter(pk=pending.get("user"), is_active=True).first()
    return (staff, pending.get("next", "")) if staff is not None else None


def complete(
    request: HttpRequest, response: HttpResponse, staff: Staff, device: Device | None
) -> HttpResponse:
    """Log in for real: a new session key, the second factor marked, the login in the audit
    log, and this browser remembered as one where the account logs in (see `throttle`)."""
    request.session.pop(PENDING, None)
    login(request, staff, backend=BACKEND)
    if device is not None:
        django_otp.login(request, device)
    log_event(
        "staff.logged_in",
        organisation=staff.organisation,
        actor=staff,
        target=staff.get_username(),
        second_factor=_kind(device),
    )
    response.set_cookie(
        throttle.TRUSTED_COOKIE,
        throttle.make_trusted_browser(staff.get_username()),
        max_age=throttle.TRUSTED_COOKIE_DAYS * 24 * 3600,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return response


def _kind(device: Device | None) -> str:
    """How the second factor was given, in the audit log's words."""
    if device is None:
        return "geen"
    if isinstance(device, SecurityKey):
        return "sleutel"
    return "herstelcode" if isinstance(device, RecoveryCodeDevice) else "app"
