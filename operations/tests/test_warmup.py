"""operations/warmup.py: a web process loads the URLconf and the Redis client as it boots (config/wsgi.py), so that
the first request a new gunicorn worker serves does not pay for them; and nothing is connected to at boot."""

from __future__ import annotations

import json
import subprocess
import sys

from django.test import override_settings

from operations.tests.cluster import production_env
from operations.tests.deploy_tools import REPO
from operations.warmup import REDIS_BACKEND, warm_up

# A fresh interpreter boots the WSGI module as a gunicorn worker does, and reports what it loaded and whether a
# database connection or a Redis client was opened.
BOOT = """
import json, sys
import config.wsgi
from django.db import connections
print(json.dumps({
    "urls": "config.urls" in sys.modules, "views": "applications.views" in sys.modules,
    "redis": "redis" in sys.modules,
    "database_connections": [a for a in connections if connections[a].connection is not None],
}))
"""


def _boot(**env: str) -> dict:
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", BOOT], cwd=REPO, env=production_env(**env), capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_a_booted_worker_has_its_urlconf_and_redis_client_loaded_and_no_connection_open():
    # Neither server exists at these addresses: booting must not need them (the first request meets an outage).
    booted = _boot(DATABASE_URL="postgres://postgres@127.0.0.1:9/absent", REDIS_URL="redis://127.0.0.1:9/0",
                   ALLOWED_HOSTS="localhost")  # fmt: skip
    assert booted == {"urls": True, "views": True, "redis": True, "database_connections": []}


def test_without_redis_the_client_is_not_imported():
    booted = _boot(DATABASE_URL="postgres://postgres@127.0.0.1:9/absent", REDIS_URL="", ALLOWED_HOSTS="localhost")
    assert booted["urls"] is True and booted["redis"] is False


def test_warm_up_names_what_it_loaded():
    with override_settings(CACHES={"default": {"BACKEND": REDIS_BACKEND, "LOCATION": "redis://127.0.0.1:9/0"}}):
        assert warm_up() == ["config.urls", "redis"]
    locmem = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    with override_settings(CACHES=locmem):
        assert warm_up() == ["config.urls"]
