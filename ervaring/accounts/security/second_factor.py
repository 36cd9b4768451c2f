"""The second factor of a staff login: an authenticator app (TOTP) and recovery codes.

Who must have one is the organisation's choice (`Organisation.second_factor_policy`, by default
beheerders and onderzoekers); installation administrators (superusers) always must. Whoever
has set one up uses it at every login, required or not.
"""

from base64 import b32encode

import segno
from django.db import transaction
from django_otp import verify_token
from django_otp.models import Device
from django_otp.plugins.otp_totp.models import TOTPDevice

from ervaring.accounts.models import Role, SecondFactorPolicy, Staff
from ervaring.accounts.security import keys, notify
from ervaring.accounts.security.models import (
    RECOVERY_CODE_COUNT,
    RecoveryCode,
    RecoveryCodeDevice,
    SecurityKey,
    hash_recovery_code,
    new_recovery_code,
)
from ervaring.accounts.services import log_event

APP_NAME = "Authenticator-app"


def is_required(staff: Staff) -> bool:
    """Must this person log in with a second factor?"""
    if staff.is_superuser:
        return True
    if staff.organisation is None:
        return False
    policy = staff.organisation.second_factor_policy
    if policy == SecondFactorPolicy.EVERYONE:
        return True
    if policy == SecondFactorPolicy.MANAGEMENT:
        return staff.role in {Role.BEHEERDER, Role.ONDERZOEKER}
    return False


def find_app(staff: Staff) -> TOTPDevice | None:
    """The person's confirmed authenticator app, if they set one up."""
    return TOTPDevice.objects.filter(user=staff, confirmed=True).first()


def has_second_factor(staff: Staff) -> bool:
    """An app or a security key counts; recovery codes alone do not (they back up one)."""
    return (
        find_app(staff) is not None
        or SecurityKey.objects.filter(user=staff, confirmed=True).exists()
    )


def get_app_to_confirm(staff: Staff) -> TOTPDevice:
    """The new, not yet confirmed app of this person: one key per set-up, kept across page
    loads so that a scanned QR code stays valid until it is confirmed."""
    device = TOTPDevice.objects.filter(user=staff, confirmed=False).order_by("-pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=staff, name=APP_NAME, confirmed=False)
    return device


def secret_for_typing(device: TOTPDevice) -> str:
    """The key in base 32, in groups of four, for apps that cannot scan."""
    raw = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def qr_data_uri(device: TOTPDevice) -> str:
    """The otpauth:// link as a QR code image (SVG data URI; allowed by our CSP)."""
    return segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2)


def confirm_app(staff: Staff, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm the new app with a code it shows; return the new recovery codes (shown once),
    or None when the code is wrong. A confirmed app replaces any earlier one."""
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=staff)
        if not device.verify_token(_digits(token)):
            return None
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=staff).exclude(pk=device.pk).delete()
        return make_recovery_codes(staff)


def make_recovery_codes(staff: Staff) -> list[str]:
    """A new sheet of recovery codes, replacing the old one; only hashes are kept."""
    codes = [new_recovery_code() for _ in range(RECOVERY_CODE_COUNT)]
    with transaction.atomic():
        RecoveryCodeDevice.objects.filter(user=staff).delete()
        sheet = RecoveryCodeDevice.objects.create(user=staff, name="Herstelcodes")
        RecoveryCode.objects.bulk_create(
            [RecoveryCode(device=sheet, code_hash=hash_recovery_code(c)) for c in codes]
        )
    return codes


def remove(staff: Staff, *, actor: Staff) -> None:
    """Forget the app and the recovery codes, logged: for the beheerder of someone who lost
    both (the caller checked the permission). Their next login sets up a new app."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=staff).delete()
        SecurityKey.objects.filter(user=staff).delete()
        RecoveryCodeDevice.objects.filter(user=staff).delete()
        log_event(
            "staff.second_factor_removed",
            organisation=staff.organisation,
            actor=actor,
            target=staff.get_username(),
        )
    notify.send_security_notice(staff, "second_factor_removed")


def verify(staff: Staff, token: str) -> Device | None:
    """The device that accepts this code: the app (six digits) or an unused recovery code."""
    app = find_app(staff)
    digits = _digits(token)
    if app is not None and digits.isdigit() and len(digits) == app.digits:
        return verify_token(staff, app.persistent_id, digits)
    sheet = RecoveryCodeDevice.objects.filter(user=staff, confirmed=True).first()
    if sheet is not None:
        return verify_token(staff, sheet.persistent_id, token)
    return None


def _digits(token: str) -> str:
    return "".join(token.split())


def security_status(staff: Staff) -> dict[str, object]:
    """What Mijn gegevens shows about the person's second factor."""
    sheet = RecoveryCodeDevice.objects.filter(user=staff).first()
    return {
        "has_second_factor": has_second_factor(staff),
        "has_app": find_app(staff) is not None,
        "security_keys": keys.keys_of(staff),
        "keys_available": keys.available(),
        "second_factor_required": is_required(staff),
        "recovery_codes_left": sheet.remaining() if sheet is not None else None,
    }
