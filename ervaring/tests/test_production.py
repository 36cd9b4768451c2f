"""Production refuses to start unsafe (issue 11): each unsafe value is refused, the safe set
passes `check --deploy` without a warning, and a missing collectstatic stops start-up instead
of answering 500 on every page."""

import json
import os
import runpy
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = ROOT / "ervaring" / "settings.py"
STRONG_KEY = "r7Gk2pQ9vX4mT8wZ1bN6cH3jL5sD0fA-yE_uV9qW2eR4tY7iO1pK3lM5nB8vC0xZ"


@pytest.fixture
def static_root(tmp_path):
    root = tmp_path / "static"
    root.mkdir()
    return root


@pytest.fixture
def production_env(monkeypatch, static_root):
    """A complete, safe production environment (ERVARING_DEV off)."""
    values = {
        "ERVARING_DEV": "0",
        "ERVARING_DEBUG": "0",
        "SECRET_KEY": STRONG_KEY,
        "ALLOWED_HOSTS": "ervaring.example.nl",
        "CSRF_TRUSTED_ORIGINS": "https://ervaring.example.nl",
        "ERVARING_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "ERVARING_SMS_BACKEND": "ervaring.fieldwork.channels.sms.HttpSmsBackend",
        "ERVARING_STATIC_ROOT": str(static_root),
        "ERVARING_TRUSTED_PROXY_COUNT": "1",
    }
    for name in ("ERVARING_CODE_KEY", "ERVARING_SECURE_COOKIES", "ERVARING_AUDIT_KEY"):
        monkeypatch.delenv(name, raising=False)
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    return values


def load_settings() -> dict:
    """Run settings.py afresh with the current environment."""
    return runpy.run_path(str(SETTINGS))


def test_the_safe_production_settings_load_with_https_only(production_env):
    loaded = load_settings()
    assert loaded["SESSION_COOKIE_SECURE"] and loaded["CSRF_COOKIE_SECURE"]
    assert loaded["SECURE_HSTS_SECONDS"] >= 365 * 24 * 3600
    assert loaded["SECURE_SSL_REDIRECT"]
    assert loaded["SECURE_PROXY_SSL_HEADER"] == ("HTTP_X_FORWARDED_PROTO", "https")
    assert loaded["ADMIN_ENABLED"] is False


def test_behind_a_transaction_pooler_no_server_side_cursor_is_used(production_env, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://ervaring:x@127.0.0.1:6432/ervaring")
    assert load_settings()["DATABASES"]["default"]["DISABLE_SERVER_SIDE_CURSORS"] is False
    monkeypatch.setenv("ERVARING_DB_TRANSACTION_POOLING", "1")
    assert load_settings()["DATABASES"]["default"]["DISABLE_SERVER_SIDE_CURSORS"] is True


@pytest.mark.parametrize(
    ("name", "value", "named"),
    [
        ("SECRET_KEY", "x", "SECRET_KEY is weak"),
        ("SECRET_KEY", "django-insecure-" + "a1b2c3d4e5" * 5, "SECRET_KEY is weak"),
        ("SECRET_KEY", "ab" * 40, "SECRET_KEY is weak"),
        ("ERVARING_CODE_KEY", "geheim", "ERVARING_CODE_KEY is weak"),
        ("ERVARING_AUDIT_KEY", "geheim", "ERVARING_AUDIT_KEY is weak"),
        (
            "ERVARING_EMAIL_BACKEND",
            "django.core.mail.backends.console.EmailBackend",
            "ERVARING_EMAIL_BACKEND",
        ),
        (
            "ERVARING_EMAIL_BACKEND",
            "django.core.mail.backends.locmem.EmailBackend",
            "ERVARING_EMAIL_BACKEND",
        ),
        (
            "ERVARING_SMS_BACKEND",
            "ervaring.fieldwork.channels.sms.ConsoleSmsBackend",
            "ERVARING_SMS_BACKEND",
        ),
        (
            "ERVARING_SMS_BACKEND",
            "ervaring.fieldwork.channels.sms.FileSmsBackend",
            "ERVARING_SMS_BACKEND",
        ),
        ("ALLOWED_HOSTS", "", "ALLOWED_HOSTS"),
        ("ALLOWED_HOSTS", "*", "ALLOWED_HOSTS"),
        ("ERVARING_SECURE_COOKIES", "0", "ERVARING_SECURE_COOKIES"),
    ],
)
def test_production_refuses_each_unsafe_value(production_env, monkeypatch, name, value, named):
    monkeypatch.setenv(name, value)
    with pytest.raises(ImproperlyConfigured, match="Production refuses to start") as refused:
        load_settings()
    assert named in str(refused.value)


def test_debug_pages_are_refused_outside_development(production_env, monkeypatch):
    monkeypatch.setenv("ERVARING_DEBUG", "1")
    with pytest.raises(ImproperlyConfigured, match="ERVARING_DEBUG=1 needs ERVARING_DEV=1"):
        load_settings()


@pytest.mark.parametrize("name", ["SECRET_KEY", "ALLOWED_HOSTS"])
def test_production_refuses_a_missing_value(production_env, monkeypatch, name):
    monkeypatch.delenv(name)
    with pytest.raises(ImproperlyConfigured, match=name):
        load_settings()


def test_every_problem_is_named_at_once(production_env, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "x")
    monkeypatch.setenv("ERVARING_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
    with pytest.raises(ImproperlyConfigured) as refused:
        load_settings()
    assert "SECRET_KEY" in str(refused.value) and "ERVARING_EMAIL_BACKEND" in str(refused.value)


def run(args: list[str], env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env={
            **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
            **env,
            "DJANGO_SETTINGS_MODULE": "ervaring.settings",
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def write_manifest(static_root: Path) -> None:
    (static_root / "staticfiles.json").write_text(
        json.dumps({"paths": {}, "version": "1.1", "hash": ""})
    )


def test_check_deploy_gives_no_warning_with_the_production_settings(production_env, static_root):
    write_manifest(static_root)
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], production_env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_without_collectstatic_check_deploy_and_the_web_server_refuse_clearly(
    production_env, static_root
):
    check = run(["manage.py", "check", "--deploy"], production_env)
    assert check.returncode != 0 and "ervaring.E010" in check.stderr
    boot = run(["-c", "import ervaring.wsgi"], production_env)
    assert boot.returncode != 0
    assert "run `ervaring collectstatic --no-input`" in boot.stderr
    write_manifest(static_root)
    assert run(["-c", "import ervaring.wsgi"], production_env).returncode == 0
