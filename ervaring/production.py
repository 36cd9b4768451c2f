"""What production refuses to start with (called from settings.py, so no Django setup here).

Each rule closes a way the issue found an installation could run unsafe: a guessable key
signs sessions and derives the keys of login codes; the console mail and SMS backends print
login codes and reset links to the log; without ALLOWED_HOSTS a forged Host header puts
another site's address into password-reset e-mails; insecure cookies travel over plain HTTP.
"""

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

# Backends that print, keep in memory, write to a file or drop messages: fine on a laptop.
DEVELOPMENT_MAIL_BACKENDS = frozenset(
    {
        "django.core.mail.backends.console.EmailBackend",
        "django.core.mail.backends.locmem.EmailBackend",
        "django.core.mail.backends.filebased.EmailBackend",
        "django.core.mail.backends.dummy.EmailBackend",
    }
)
DEVELOPMENT_SMS_BACKENDS = frozenset(
    {
        "ervaring.fieldwork.channels.sms.ConsoleSmsBackend",
        "ervaring.fieldwork.channels.sms.FileSmsBackend",
    }
)
MIN_KEY_LENGTH = 50
MIN_KEY_CHARACTERS = 5  # Django's check --deploy uses the same two limits
MANIFEST_NAME = "staticfiles.json"


def weak_key_reason(key: str) -> str | None:
    """Why a secret key is too weak for production, or None."""
    if key.startswith("django-insecure"):
        return "it is Django's example key"
    if len(key) < MIN_KEY_LENGTH:
        return f"it has {len(key)} characters, fewer than {MIN_KEY_LENGTH}"
    if len(set(key)) < MIN_KEY_CHARACTERS:
        return f"it uses fewer than {MIN_KEY_CHARACTERS} different characters"
    return None


def unsafe_settings(
    *,
    keys: dict[str, str],
    mail_backend: str,
    sms_backend: str,
    allowed_hosts: list[str],
    secure_cookies: bool,
) -> list[str]:
    """Every reason these settings are unsafe for production (empty: safe)."""
    problems = []
    for name, key in keys.items():
        reason = weak_key_reason(key)
        if reason:
            problems.append(f"{name} is weak: {reason}. Generate one with `openssl rand -hex 32`.")
    if mail_backend in DEVELOPMENT_MAIL_BACKENDS:
        problems.append(
            f"ERVARING_EMAIL_BACKEND is {mail_backend}, which does not deliver mail (the console "
            "one prints login codes and reset links). Use django.core.mail.backends.smtp."
            "EmailBackend."
        )
    if sms_backend in DEVELOPMENT_SMS_BACKENDS:
        problems.append(
            f"ERVARING_SMS_BACKEND is {sms_backend}, which prints or files text messages with "
            "their login codes. Use ervaring.fieldwork.channels.sms.HttpSmsBackend."
        )
    if not [h for h in allowed_hosts if h.strip()] or "*" in allowed_hosts:
        problems.append("ALLOWED_HOSTS must name this site's host names (not empty, not '*').")
    if not secure_cookies:
        problems.append("ERVARING_SECURE_COOKIES=0: cookies would travel over plain HTTP.")
    return problems


def refuse_unsafe(**values: object) -> None:
    """Stop start-up with every reason at once, so one restart fixes them all."""
    problems = unsafe_settings(**values)  # type: ignore[arg-type]
    if problems:
        lines = "\n".join(f"- {p}" for p in problems)
        raise ImproperlyConfigured(
            "Production refuses to start (set ERVARING_DEV=1 only for development):\n" + lines
        )


def missing_static_files(static_root: Path) -> str | None:
    """Why pages would fail for want of `collectstatic`, or None.

    Production serves static files by their hashed names from the manifest that
    `collectstatic` writes; without it every page that links a stylesheet fails (500).
    """
    if (static_root / MANIFEST_NAME).is_file():
        return None
    return (
        f"No {MANIFEST_NAME} in {static_root}: run `ervaring collectstatic --no-input` after "
        "each install or upgrade (docs/deploy.md), then start again."
    )
