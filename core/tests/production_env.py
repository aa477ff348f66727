"""The environment of a process a test starts under the production settings (manage.py check --deploy, gunicorn,
make serve, the two app nodes): this process's environment without the test run's own Django, pytest and
database settings, the three secrets production requires (config/settings/production.py), and the caller's values."""

from __future__ import annotations

import os
from pathlib import Path

SECRET_KEY = "production-like-" + "s" * 30 + "-not-a-real-secret-" + "t" * 20
AUDIT_HMAC_KEY = "production-like-audit-" + "a" * 24 + "-not-a-real-key"
PERSONAL_DATA_KEY = "production-like-personal-data-" + "p" * 24 + "-not-a-real-key"
SECRETS = {"SECRET_KEY": SECRET_KEY, "AUDIT_HMAC_KEY": AUDIT_HMAC_KEY, "PERSONAL_DATA_KEY": PERSONAL_DATA_KEY}
NOT_INHERITED = ("DATABASE_URL", "REDIS_URL", "APP_VAR_DIR")


def production_env(**values: str) -> dict[str, str]:
    inherited = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST_")) and k not in NOT_INHERITED
    }
    production = {"DJANGO_SETTINGS_MODULE": "config.settings.production", "PYTHONDONTWRITEBYTECODE": "", **SECRETS}
    return inherited | production | values


def collected_static_stub(var_dir: Path) -> Path:
    """The manifest collectstatic writes under APP_VAR_DIR, which production's checks look for (core.E010)."""
    (var_dir / "staticfiles").mkdir(parents=True, exist_ok=True)
    (var_dir / "staticfiles" / "staticfiles.json").write_text('{"paths": {}, "version": "1.1", "hash": ""}')
    return var_dir
