"""The environment every process of the load test shares: the server, the worker, the data builder and the
lost-write check. The keys are fixed, public and for this benchmark only."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATABASE = os.environ.get("LOAD_DATABASE", "bench_load")  # another name only to debug on a small data set
# Data, logs and results; LOAD_VAR_DIR lets a second checkout (the code before a fix) share them.
VAR_DIR = Path(os.environ.get("LOAD_VAR_DIR") or ROOT / "var" / "bench_load")
WORLD_FILE = VAR_DIR / "world.json"  # users, passwords, TOTP keys and application ids for locustfile.py
ACKS_DIR = VAR_DIR / "acks"  # one JSON line per acknowledged autosave, written by the locust users


def bench_env(*, database_url: str = "postgres://postgres@127.0.0.1:5432", redis_db: int = 4) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.load.settings",
        "PYTHONPATH": str(ROOT),
        "DATABASE_URL": f"{database_url.rstrip('/')}/{DATABASE}",
        "REDIS_URL": f"redis://127.0.0.1:6379/{redis_db}",
        "SECRET_KEY": "bench-load-only-secret-key-0123456789-abcdefghijklmnop",
        "AUDIT_HMAC_KEY": "bench-load-only-audit-hmac-key-0123456789abcdef",
        "PERSONAL_DATA_KEY": "bench-load-only-personal-data-key-0123456789ab",
        "SECURE_SSL_REDIRECT": "0",
        # As deploy/hengyang.env.example sets it: a worker keeps its database connection between requests.
        "DB_CONN_MAX_AGE": os.environ.get("DB_CONN_MAX_AGE", "60"),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "APP_VAR_DIR": str(VAR_DIR),
    }
