import os

from django.core.wsgi import get_wsgi_application

from ervaring.redaction import redact_gunicorn_logs

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ervaring.settings")
application = get_wsgi_application()
# Every gunicorn worker imports this module, whatever command or config started it, so its
# access and error logs never hold a personal link's code.
redact_gunicorn_logs()
