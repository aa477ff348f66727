"""Test settings: fast hashing is not allowed (argon2 is part of what we test), but tests run with DEBUG off."""

import tempfile

from .base import *  # noqa: F403
from .base import Path, os

DEBUG = False
SECRET_KEY = "test-only-key-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFGHIJ"
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Argon2 with low cost keeps the suite quick while still exercising the argon2 hasher.
PASSWORD_HASHERS = ["accounts.hashers.FastArgon2PasswordHasher"]
MEDIA_ROOT = Path(os.environ.get("TEST_MEDIA_ROOT") or Path(tempfile.gettempdir()) / "hengyang-test-media")
# Parallel test workers (pytest-xdist) each get their own folder, as they each get their own database.
MEDIA_ROOT = MEDIA_ROOT / os.environ.get("PYTEST_XDIST_WORKER", "main")

# Officials sign in with a password alone unless a test turns the second factor on (accounts/tests).
OTP_REQUIRED_FOR_OFFICIALS = False

# Serve static files straight from the apps in tests (no collectstatic needed).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Jobs run in the request that enqueues them (after commit), so tests see their result at once.
# Every prepared query (core/prepared.py) is checked against the SQL Django builds for the same values.
PREPARED_QUERIES_VERIFY = True
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default"]}}

# A test database need not survive a crash: on PostgreSQL, a commit (every request of a browser journey,
# every flush between transactional tests) does not wait for its WAL record to reach the disk.
# A flush between transactional tests deletes the rows instead of truncating every table (config/testdb).
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c synchronous_commit=off"  # noqa: F405
    DATABASES["default"]["ENGINE"] = "config.testdb"  # noqa: F405

# The CAPTCHA accepts the answer "PASSED" (django-simple-captcha's test mode); enterprises/tests/test_security_rate_limits.py
# turns it off once and reads the real answer.
CAPTCHA_TEST_MODE = True
# The library logs an ERROR about that test mode in every test process (its RuntimeWarning is ignored in pyproject).
LOGGING = {**LOGGING, "loggers": {**LOGGING["loggers"], "captcha.conf.settings": {"level": "CRITICAL"}}}  # noqa: F405
