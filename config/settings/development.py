"""Local development: `make run`. DEBUG on, a fixed development key, SQLite under var/ by default."""

from .base import *  # noqa: F403
from .base import os

DEBUG = True
SECRET_KEY = os.environ.get("SECRET_KEY") or "dev-only-insecure-key-never-use-in-production-0123456789"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
