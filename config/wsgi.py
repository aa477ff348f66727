import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
application = get_wsgi_application()

# Each gunicorn worker imports this module as it boots: the URLconf and the cache's client are loaded now, not
# by the first request the worker serves (operations/warmup.py).
from operations.warmup import warm_up  # noqa: E402 (Django must be set up first)

warm_up()
