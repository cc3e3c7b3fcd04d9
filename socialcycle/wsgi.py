"""WSGI entry point for gunicorn (`socialcycle serve`)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "socialcycle.settings")
application = get_wsgi_application()
