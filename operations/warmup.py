"""What a new web process loads before it takes its first request, instead of during it (config/wsgi.py).

Django imports the URLconf (and with it every view module) on the first request, and its Redis cache backend
imports redis-py on its first command. Under gunicorn that cost lands on a live request each time a worker
starts or is renewed (max_requests): in the deadline-surge profile (bench/load/README.md) these two imports were
about 4 % of the workers' Python time, about 2.5 s of CPU per worker, each on the first requests it served. Here
a worker pays it while it boots, before gunicorn hands it a connection. Nothing here connects to anything: a
database or Redis that is down at boot is met by the request that needs it, as before."""

from __future__ import annotations

import importlib

from django.conf import settings
from django.urls import get_resolver

REDIS_BACKEND = "django.core.cache.backends.redis.RedisCache"


def warm_up() -> list[str]:
    """Import what the first request would import; returns the names of the modules it loaded."""
    get_resolver().url_patterns  # noqa: B018 (the property imports ROOT_URLCONF and every view it names)
    loaded = [settings.ROOT_URLCONF]
    if any(cache["BACKEND"] == REDIS_BACKEND for cache in settings.CACHES.values()):
        importlib.import_module("redis")  # what RedisCacheClient.__init__ imports on the first command
        loaded.append("redis")
    return loaded
