"""A pytest plugin loaded before Django is set up (`-p ervaring.pytest_env` in pyproject).

Tests run on development settings (a generated key in var/) and never reach a real mail server.
"""

import os

os.environ.setdefault("ERVARING_DEV", "1")
os.environ.setdefault("ERVARING_EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
# Playwright's sync API runs an event loop in the test thread; the Django ORM calls made by
# the tests themselves are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
