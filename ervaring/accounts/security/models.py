"""Tables of staff security; imported by `ervaring.accounts.models` so they belong to accounts.

TOTP devices themselves are django-otp's `TOTPDevice`; recovery codes are our own device type
because django-otp's static tokens are stored as plain text.
"""

import hashlib
import secrets

from django.db import models, transaction
from django.utils import timezone
from django_otp.models import Device

# Crockford's base-32 alphabet, as for login codes: no I, L, O or U to misread.
RECOVERY_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
RECOVERY_SYMBOLS = 16  # 80 bits: a stolen table of hashes cannot be searched for the codes
RECOVERY_CODE_COUNT = 10


def normalise_recovery_code(typed: str) -> str:
    """What a person types, in the stored form: case, spaces and dashes do not matter."""
    cleaned = "".join(typed.split()).replace("-", "").upper()
    return cleaned.translate(str.maketrans({"O": "0", "I": "1", "L": "1"}))


def hash_recovery_code(code: str) -> str:
    """SHA-256 is enough: the codes are random with 80 bits, so there is nothing to guess."""
    return hashlib.sha256(normalise_recovery_code(code).encode()).hexdigest()


def new_recovery_code() -> str:
    raw = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_SYMBOLS))
    return "-".join(raw[i : i + 4] for i in range(0, RECOVERY_SYMBOLS, 4))


class RecoveryCodeDevice(Device):
    """A sheet of one-time recovery codes, for when the authenticator app is lost.

    Only hashes are stored; the codes are shown once, when the sheet is made.
    """

    class Meta:
        verbose_name = "herstelcodes"
        verbose_name_plural = "herstelcodes"

    def verify_token(self, token: str) -> bool:
        """Use up the code if it is on this sheet and unused; the caller holds a transaction
        (django-otp loads the device `select_for_update`), so a code works exactly once."""
        if len(normalise_recovery_code(str(token))) != RECOVERY_SYMBOLS:
            return False
        with transaction.atomic():
            return bool(
                self.codes.filter(
                    code_hash=hash_recovery_code(str(token)), used_at__isnull=True
                ).update(used_at=timezone.now())
            )

    def remaining(self) -> int:
        return self.codes.filter(used_at__isnull=True).count()


class RecoveryCode(models.Model):
    device = models.ForeignKey(RecoveryCodeDevice, on_delete=models.CASCADE, related_name="codes")
    code_hash = models.CharField(max_length=64)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["device", "code_hash"], name="recovery_code_once")
        ]

    def __str__(self) -> str:
        return f"herstelcode {self.pk} ({'gebruikt' if self.used_at else 'ongebruikt'})"


class LoginBudget(models.Model):
    """One budget of failed logins (per address, per account, per account and address, or
    per trusted browser): the moment the whole budget is back (see `security.throttle`)."""

    key = models.CharField(max_length=64, unique=True)
    spent_until = models.FloatField()

    def __str__(self) -> str:
        return f"budget {self.key[:8]}"


class SecurityKey(Device):
    """A security key or passkey (WebAuthn) as a second factor: the key's public key and
    signature counter; the private key never leaves the key. See `security.keys`."""

    credential_id = models.CharField(max_length=1400, unique=True)  # base64url
    public_key = models.BinaryField()  # COSE, as the key gave it at registration
    sign_count = models.PositiveBigIntegerField(default=0)
    transports = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "beveiligingssleutel"
        verbose_name_plural = "beveiligingssleutels"

    def verify_token(self, token: str) -> bool:
        """A key answers a challenge in the browser; it never accepts a typed code."""
        return False
