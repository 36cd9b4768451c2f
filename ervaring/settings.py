"""Settings for Ervaring, read from environment variables.

Every variable is listed in `.env.example`, and a test fails when one is missing there.
`SECRET_KEY` has no default outside development: a production start-up without it stops.
"""

import datetime as dt
import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from ervaring import production
from ervaring.languages import NAMES

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str | None = None) -> str:
    """Return an environment variable; a missing one without default stops start-up."""
    value = os.environ.get(name, default)
    if value is None:
        raise ImproperlyConfigured(f"Set the environment variable {name} (see .env.example).")
    return value


def env_bool(name: str, default: bool) -> bool:
    return env(name, "1" if default else "0").strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    return int(env(name, str(default)))


DEBUG = env_bool("ERVARING_DEBUG", False)
# Development and the demo run on a key generated once into var/ (never committed);
# production must set SECRET_KEY.
_DEV_MODE = env_bool("ERVARING_DEV", False)
if DEBUG and not _DEV_MODE:
    # Debug pages show settings and data: never in production, so never by accident.
    raise ImproperlyConfigured("ERVARING_DEBUG=1 needs ERVARING_DEV=1 (never in production).")


def _development_key() -> str:
    path = BASE_DIR / "var" / "dev-secret-key"
    if not path.exists():
        path.parent.mkdir(exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = env(
    "SECRET_KEY", _development_key() if _DEV_MODE and "SECRET_KEY" not in os.environ else None
)
# Login codes are stored as keyed hashes and encrypted with keys derived from this value, so
# that a copy of the database alone cannot open anyone's survey. Rotating it invalidates codes.
CODE_KEY = env("ERVARING_CODE_KEY", SECRET_KEY)
# Keys the audit log's hash chain (ervaring.accounts.audit). Keep it when rotating SECRET_KEY:
# a new value makes `ervaring verify-audit-log` report every earlier record as changed.
AUDIT_KEY = env("ERVARING_AUDIT_KEY", SECRET_KEY)
# Keys the hashes under which API keys are stored (ervaring.api.keys). Keep it when rotating
# SECRET_KEY: a new value makes every API key that was handed out stop working.
API_KEY_HASH_KEY = env("ERVARING_API_KEY_HASH_KEY", SECRET_KEY)
ALLOWED_HOSTS = [
    h.strip()
    for h in env("ALLOWED_HOSTS", "127.0.0.1,localhost" if _DEV_MODE else None).split(",")
    if h.strip()
]
CSRF_TRUSTED_ORIGINS = [o for o in env("CSRF_TRUSTED_ORIGINS", "").split(",") if o]
# The address respondents use; it goes into letters, e-mail and QR codes.
PUBLIC_BASE_URL = env("ERVARING_PUBLIC_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
# Security keys (WebAuthn) are bound to this installation's host name and origin; a browser
# refuses them on a bare IP address, so the pages then offer the app only.
_PUBLIC = urlsplit(PUBLIC_BASE_URL)
WEBAUTHN_ORIGIN = env("ERVARING_WEBAUTHN_ORIGIN", "") or f"{_PUBLIC.scheme}://{_PUBLIC.netloc}"
WEBAUTHN_RP_ID = env("ERVARING_WEBAUTHN_RP_ID", "") or urlsplit(WEBAUTHN_ORIGIN).hostname or ""

INSTALLED_APPS = [
    # First, so that its createsuperuser (which validates the password) replaces Django's.
    "ervaring.accounts",
    "ervaring.accounts.security.admin_apps.ErvaringAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "ervaring.questionnaires",
    "ervaring.fieldwork",
    "ervaring.responses",
    "ervaring.analysis",
    "ervaring.reporting",
    "ervaring.api",
    "ervaring.schedule",
    "ervaring.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "ervaring.accounts.security.sessions.StaffSessionMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
]

# No third-party scripts, fonts or trackers: everything comes from our own origin.
SECURE_CSP = {
    "default-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
}
SECURE_REFERRER_POLICY = "same-origin"
# Django's database sessions, read without building the query anew on every request.
SESSION_ENGINE = "ervaring.accounts.security.session_store"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("ERVARING_SECURE_COOKIES", not _DEV_MODE)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
CSRF_COOKIE_HTTPONLY = True
# Production speaks HTTPS only: plain HTTP is redirected, and browsers are told for a year
# (HSTS) never to try plain HTTP on this host or its subdomains.
SECURE_SSL_REDIRECT = not _DEV_MODE
SECURE_HSTS_SECONDS = 0 if _DEV_MODE else 365 * 24 * 60 * 60
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_AGE = env_int("ERVARING_SESSION_AGE", 8 * 60 * 60)
# A staff session ends after this many seconds without a request, and at the latest
# SESSION_COOKIE_AGE after logging in (ervaring.accounts.security.sessions).
STAFF_IDLE_SECONDS = env_int("ERVARING_STAFF_IDLE_SECONDS", 30 * 60)
# A respondent's session (their login code) ends when the browser closes, and after this many
# seconds without a request (ervaring.responses.respondent_session). Sent pages stay stored.
RESPONDENT_IDLE_SECONDS = env_int("ERVARING_RESPONDENT_IDLE_SECONDS", 30 * 60)
# Tablet (kiosk) mode (ervaring.responses.kiosk): the client's answers are forgotten after
# KIOSK_IDLE_SECONDS without activity. Typing or touching the screen counts: the page tells
# the server at most once per KIOSK_KEEPALIVE_SECONDS, and asks "Bent u er nog?" for the
# last KIOSK_WARNING_SECONDS.
KIOSK_IDLE_SECONDS = env_int("ERVARING_KIOSK_IDLE_SECONDS", 3 * 60)
KIOSK_WARNING_SECONDS = env_int("ERVARING_KIOSK_WARNING_SECONDS", 60)
KIOSK_KEEPALIVE_SECONDS = env_int("ERVARING_KIOSK_KEEPALIVE_SECONDS", 30)

# Failed staff logins (ervaring.accounts.security.throttle): per budget this many at once,
# then one per interval. From a browser where the account logged in before, only that
# browser's budget counts, so nobody elsewhere can keep the real person out.
LOGIN_ATTEMPTS_PER_ADDRESS = env_int("ERVARING_LOGIN_ATTEMPTS_PER_ADDRESS", 30)
LOGIN_ATTEMPTS_PER_ACCOUNT = env_int("ERVARING_LOGIN_ATTEMPTS_PER_ACCOUNT", 10)
LOGIN_ATTEMPTS_PER_ACCOUNT_ADDRESS = env_int("ERVARING_LOGIN_ATTEMPTS_PER_ACCOUNT_ADDRESS", 5)
LOGIN_ATTEMPT_INTERVAL_SECONDS = env_int("ERVARING_LOGIN_ATTEMPT_INTERVAL_SECONDS", 60)
# Calls per API key (ervaring.api.auth): this many at once, then this many per minute.
API_BURST = env_int("ERVARING_API_BURST", 60)
API_CALLS_PER_MINUTE = env_int("ERVARING_API_CALLS_PER_MINUTE", 60)
# Webhooks (ervaring.api.webhooks) go to public addresses over HTTPS only; development and
# tests may send to this machine or the local network, over HTTP too.
WEBHOOK_ALLOW_PRIVATE_ADDRESSES = env_bool("ERVARING_WEBHOOK_ALLOW_PRIVATE", _DEV_MODE)
# The second factor (django-otp): its own exponential throttle is off because our budgets
# above cap the wait; the issuer is the name authenticator apps show.
OTP_TOTP_THROTTLE_FACTOR = 0
OTP_TOTP_ISSUER = "Ervaring"

# Django admin: for installation administrators (superusers with a second factor); off in
# production unless switched on explicitly.
ADMIN_ENABLED = env_bool("ERVARING_ADMIN", _DEV_MODE)

ROOT_URLCONF = "ervaring.urls"
WSGI_APPLICATION = "ervaring.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "ervaring" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "ervaring.accounts.navigation.staff_menu",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'ervaring.sqlite3'}"),
        # A connection per request cost a sixth of a respondent page under load (issue 16):
        # keep it for a minute, checked before reuse after an error.
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
# Behind a pooler in transaction mode (PgBouncer, docs/deploy.md), one session's server-side
# cursor could land on another server connection: large reads then fetch in chunks instead.
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = env_bool(
    "ERVARING_DB_TRANSACTION_POOLING", False
)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the background worker write while pages read.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    # Tests use a file too: the in-memory database's shared cache fails concurrent writers
    # with "table is locked" instead of waiting, unlike the real thing.
    # One file per test process, so that two test runs on one checkout never share one.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "var" / f"test-{os.getpid()}.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.Staff"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:home"
LOGOUT_REDIRECT_URL = "accounts:login"
# A password-reset link works once and for three days (the e-mail says so).
PASSWORD_RESET_TIMEOUT = 3 * 24 * 60 * 60

# Every way an account gets a password runs these: create_staff, the change and reset pages,
# Django's changepassword/createsuperuser. 12 characters at least (ASVS 2.1.1).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "ervaring.accounts.security.passwords.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The worker scrubs open answers with deduce (names, streets) besides the product's own rules.
# Off only where deduce's 75-second first build is unwanted (the test run).
SCRUB_WITH_DEDUCE = env_bool("ERVARING_SCRUB_WITH_DEDUCE", True)

TASKS = {
    "default": {
        "BACKEND": env("ERVARING_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

MAILERS = {
    "default": {
        "BACKEND": env("ERVARING_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"),
        "OPTIONS": {
            "host": env("ERVARING_SMTP_HOST", "127.0.0.1"),
            "port": env_int("ERVARING_SMTP_PORT", 25),
        },
    },
}
DEFAULT_FROM_EMAIL = env("ERVARING_FROM_EMAIL", "ervaring@localhost")

# SMS: a backend class; the HTTP gateway is configured by URL, credentials and body template.
SMS_BACKEND = env("ERVARING_SMS_BACKEND", "ervaring.fieldwork.channels.sms.ConsoleSmsBackend")
SMS_FILE = env("ERVARING_SMS_FILE", str(BASE_DIR / "var" / "sms.jsonl"))
SMS_URL = env("ERVARING_SMS_URL", "")
SMS_AUTHORIZATION = env("ERVARING_SMS_AUTHORIZATION", "")
SMS_SENDER = env("ERVARING_SMS_SENDER", "Gemeente")
SMS_CONTENT_TYPE = env("ERVARING_SMS_CONTENT_TYPE", "application/json")
SMS_BODY_TEMPLATE = env(
    "ERVARING_SMS_BODY_TEMPLATE",
    '{"to": "$to", "from": "$sender", "text": "$text", "reference": "$reference"}',
)

# The gateway drops a repeated $reference, so a message whose worker died mid-send may be
# sent again safely (see ervaring.fieldwork.sending).
SMS_GATEWAY_DEDUPLICATES = env_bool("ERVARING_SMS_GATEWAY_DEDUPLICATES", False)

# The outbox (ervaring.fieldwork.sending): temporary failures are retried after
# RETRY_SECONDS, doubling each time, up to MAX_ATTEMPTS; a message still "sending" after
# SENDING_TIMEOUT seconds belongs to a worker that died (keep it above the channels' timeouts).
OUTBOX_MAX_ATTEMPTS = env_int("ERVARING_OUTBOX_MAX_ATTEMPTS", 5)
OUTBOX_RETRY_SECONDS = env_int("ERVARING_OUTBOX_RETRY_SECONDS", 60)
OUTBOX_SENDING_TIMEOUT = env_int("ERVARING_OUTBOX_SENDING_TIMEOUT", 600)
# Messages a worker reserves per claim (one transaction); a dead worker's unsent batch is
# queued again after SENDING_TIMEOUT, so this bounds only how late those go out.
OUTBOX_BATCH_SIZE = env_int("ERVARING_OUTBOX_BATCH_SIZE", 100)

# Vergelijking met andere gemeenten (ervaring.analysis.benchmark): a year's comparison is
# fixed on this day (MM-DD) of the following year, the date by which municipalities publish
# their CEO results; only surveys reported before it count, and it is shown from that day on.
BENCHMARK_CUTOFF = env("ERVARING_BENCHMARK_CUTOFF", "07-01")
try:
    dt.date(2001, *map(int, BENCHMARK_CUTOFF.split("-")))  # 2001: no 29 February
except (TypeError, ValueError) as error:
    raise ImproperlyConfigured(
        f"ERVARING_BENCHMARK_CUTOFF must be a day of the year as MM-DD, such as 07-01 "
        f"(got {BENCHMARK_CUTOFF!r})."
    ) from error

LANGUAGE_CODE = "nl"
#: The shipped languages of the respondent pages (ervaring/languages.py); their texts are in
#: ervaring/locale/<code>/LC_MESSAGES/django.po, compiled by `make install` and the test run.
LANGUAGES = [(code, name) for code, name in NAMES.items()]
LOCALE_PATHS = [BASE_DIR / "ervaring" / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env("ERVARING_STATIC_ROOT", str(BASE_DIR / "var" / "static")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns about a missing folder
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if _DEV_MODE
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = _DEV_MODE

# Wrong login codes per client address: this many at once, then one per interval (there is
# no installation-wide limit; docs/security.md has the calculation behind these values).
CODE_ATTEMPTS_PER_ADDRESS = env_int("ERVARING_CODE_ATTEMPTS_PER_ADDRESS", 10)
CODE_ATTEMPT_INTERVAL_SECONDS = env_int("ERVARING_CODE_ATTEMPT_INTERVAL_SECONDS", 60)
# Behind a reverse proxy, the number of proxies whose X-Forwarded-For we trust (0 = none).
TRUSTED_PROXY_COUNT = env_int("ERVARING_TRUSTED_PROXY_COUNT", 0)
# The proxy ends TLS and says so in X-Forwarded-Proto; trusted only behind a proxy we know of.
if TRUSTED_PROXY_COUNT:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# One handler for everything, with personal links redacted (ervaring.redaction): Django's own
# loggers lose the handlers of its default configuration (which would print "Not Found:
# /k/CODE" and runserver's request lines unredacted) and pass their records on to it.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact": {"()": "ervaring.redaction.RedactSecretPaths"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["redact"]}
    },
    "root": {"handlers": ["console"], "level": env("ERVARING_LOG_LEVEL", "INFO")},
    "loggers": {
        "django": {"handlers": [], "propagate": True},
        "django.server": {"handlers": [], "propagate": True},
    },
}

# Production (ERVARING_DEV off) refuses to start with unsafe values.
if not _DEV_MODE:
    production.refuse_unsafe(
        keys={
            "SECRET_KEY": SECRET_KEY,
            "ERVARING_CODE_KEY": CODE_KEY,
            "ERVARING_AUDIT_KEY": AUDIT_KEY,
            "ERVARING_API_KEY_HASH_KEY": API_KEY_HASH_KEY,
        },
        mail_backend=MAILERS["default"]["BACKEND"],
        sms_backend=SMS_BACKEND,
        allowed_hosts=ALLOWED_HOSTS,
        secure_cookies=SESSION_COOKIE_SECURE,
    )
