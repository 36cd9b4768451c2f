"""Settings for Ervaring, read from environment variables.

Every variable is listed in `.env.example`, and a test fails when one is missing there.
`SECRET_KEY` has no default outside development: a production start-up without it stops.
"""

import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

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
_DEV_MODE = env_bool("ERVARING_DEV", False) or DEBUG


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
ALLOWED_HOSTS = [h.strip() for h in env("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in env("CSRF_TRUSTED_ORIGINS", "").split(",") if o]
# The address respondents use; it goes into letters, e-mail and QR codes.
PUBLIC_BASE_URL = env("ERVARING_PUBLIC_BASE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks_db",
    "ervaring.accounts",
    "ervaring.questionnaires",
    "ervaring.fieldwork",
    "ervaring.responses",
    "ervaring.analysis",
    "ervaring.reporting",
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
    "django.contrib.messages.middleware.MessageMiddleware",
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
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("ERVARING_SECURE_COOKIES", not _DEV_MODE)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_AGE = env_int("ERVARING_SESSION_AGE", 8 * 60 * 60)

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
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
    )
}
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

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

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

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands"), ("en", "English")]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
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

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("ERVARING_LOG_LEVEL", "INFO")},
}
