"""A pytest plugin loaded before Django is set up (`-p ervaring.pytest_env` in pyproject).

Tests run on development settings (a generated key in var/) and never reach a real mail server.
"""

import os

from ervaring.languages import compile_catalogues

os.environ.setdefault("ERVARING_DEV", "1")
os.environ.setdefault("ERVARING_EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
# The worker's scrubbing uses the product's own rules in tests; deduce's 75-second first build
# is tested by the scrubbing tests themselves.
os.environ.setdefault("ERVARING_SCRUB_WITH_DEDUCE", "0")
# Playwright's sync API runs an event loop in the test thread; the Django ORM calls made by
# the tests themselves are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# The translations are compiled before any test activates a language (make install does the
# same for the demo), so a fresh clone's test run shows the shipped languages.
compile_catalogues()
