import os
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

from ervaring import production
from ervaring.redaction import redact_gunicorn_logs

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ervaring.settings")
application = get_wsgi_application()
# Every gunicorn worker imports this module, whatever command or config started it, so its
# access and error logs never hold a personal link's code.
redact_gunicorn_logs()
# Production serves static files by the names in collectstatic's manifest: without it every
# page would answer 500, so the worker refuses to boot and says what to run instead.
if "Manifest" in settings.STORAGES["staticfiles"]["BACKEND"]:
    problem = production.missing_static_files(Path(settings.STATIC_ROOT))
    if problem:
        raise ImproperlyConfigured(problem)
