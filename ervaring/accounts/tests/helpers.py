"""Test helpers for the login flow: an independent TOTP (RFC 6238) and a full login."""

import hashlib
import hmac
import struct
import time
from binascii import unhexlify

from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

PASSWORD = "geheim-wachtwoord-1"  # the factories' password


def totp(hex_key: str, at: float | None = None, step: int = 30, digits: int = 6) -> str:
    """RFC 6238 written out here, not django-otp's, so the tests check django-otp too."""
    counter = int((time.time() if at is None else at) // step)
    mac = hmac.new(unhexlify(hex_key), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    number = struct.unpack(">I", mac[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(number % 10**digits).zfill(digits)


def next_code(device: TOTPDevice) -> str:
    """A code the device has not accepted yet: a second login within the same 30 seconds
    uses the next step's code (django-otp accepts one step of drift, never a code twice)."""
    device.refresh_from_db()
    step = max(int(time.time() // device.step), device.last_t + 1)
    return totp(device.key, at=step * device.step)


def give_app(staff: object) -> TOTPDevice:
    """A confirmed authenticator app for this person."""
    return TOTPDevice.objects.create(user=staff, name="app", confirmed=True)


def log_in(client: Client, username: str, device: TOTPDevice | None = None, **extra: str):
    """Log in through the pages: the password, then the app's code when asked for one."""
    response = client.post(
        reverse("accounts:login"), {"username": username, "password": PASSWORD}, **extra
    )
    if device is not None and response.get("Location") == reverse("accounts:second-factor"):
        response = client.post(reverse("accounts:second-factor"), {"code": totp(device.key)})
    return response


def log_in_browser(page: object, base_url: str, username: str, next_path: str = "") -> None:
    """The same in a real browser (Playwright page); gives the person an app if needed."""
    from ervaring.accounts.models import Staff
    from ervaring.accounts.security import second_factor

    staff = Staff.objects.get(username=username)
    device = second_factor.find_app(staff)
    if device is None and second_factor.is_required(staff):
        device = give_app(staff)
    page.goto(f"{base_url}/account/inloggen/" + (f"?next={next_path}" if next_path else ""))
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("main button[type=submit]")
    if device is not None:
        page.fill("#id_code", next_code(device))
        with page.expect_navigation():
            page.click("main button[type=submit]")
