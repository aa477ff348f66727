"""Local development and the demo (`make run`): a fixed development key, SQLite under var/ by default.

DEBUG is off unless asked for (DJANGO_DEBUG=1), so the demo shows the site's own pages (the Chinese 404,
not Django's debug page listing the URL patterns). Static files are served from the apps either way.
"""

from .base import *  # noqa: F403
from .base import STORAGES, os

DEBUG = os.environ.get("DJANGO_DEBUG") == "1"
SECRET_KEY = os.environ.get("SECRET_KEY") or "dev-only-insecure-key-never-use-in-production-0123456789"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]", *(h for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h)]
# The demo logins (seed_demo) may be created here, never under the production settings.
DEMO_DATA_ALLOWED = True
# The demo officials sign in with the printed password alone (`make run`); one may still enrol a TOTP device at
# /accounts/otp/enrol/, and is then asked for its code. OTP_REQUIRED_FOR_OFFICIALS=1 tries the production rule.
OTP_REQUIRED_FOR_OFFICIALS = os.environ.get("OTP_REQUIRED_FOR_OFFICIALS") == "1"

# Serve static files straight from the apps (no collectstatic), with or without DEBUG.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
