"""deploy/hengyang.env.example lists every environment variable that the production settings and gunicorn's
configuration read (issue 17 §1), and nothing that nobody reads. What is read is recorded, not listed by hand:
a process loads config.settings.production and deploy/gunicorn.conf.py with an os.environ that notes every
name asked for from config/ or deploy/ (with S3_BUCKET set, so that the object store's settings are read too)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

from core.tests.production_env import SECRETS
from operations.tests.deploy_tools import DEPLOY, REPO

EXAMPLE = DEPLOY / "hengyang.env.example"

RECORDER = r"""
import json, os, runpy, sys

root = sys.argv[1]
watched = (os.path.join(root, "config") + os.sep, os.path.join(root, "deploy") + os.sep)
read = set()


class Recording(dict):
    def _note(self, key):
        if sys._getframe(2).f_code.co_filename.startswith(watched):
            read.add(key)

    def get(self, key, default=None):
        self._note(key)
        return super().get(key, default)

    def __getitem__(self, key):
        self._note(key)
        return super().__getitem__(key)

    def __contains__(self, key):
        self._note(key)
        return super().__contains__(key)


os.environ = Recording(os.environ)
sys.path.insert(0, root)
import django

django.setup()
runpy.run_path(os.path.join(root, "deploy", "gunicorn.conf.py"))
print(json.dumps(sorted(read)))
"""

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    **SECRETS,
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/env-example-check",
    "S3_BUCKET": "bucket",  # the object store's options are read only when a bucket is named
}


def variables_read() -> set[str]:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"} | PRODUCTION_ENV
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", RECORDER, str(REPO)], cwd=REPO, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return set(json.loads(result.stdout.splitlines()[-1]))


def variables_listed() -> set[str]:
    """NAME=value lines, and `# NAME=` lines that show a default."""
    return set(re.findall(r"^(?:# )?([A-Z][A-Z0-9_]+)=", EXAMPLE.read_text(), flags=re.MULTILINE))


def test_the_example_lists_every_variable_production_reads():
    read = variables_read()
    # The recorder sees the settings' reads (a sample of them, so that a broken recorder fails here).
    assert {"SECRET_KEY", "DATABASE_URL", "S3_ENDPOINT_URL", "TRUSTED_PROXY_COUNT", "GUNICORN_WORKERS"} <= read
    assert read - variables_listed() == set()


def test_the_example_lists_nothing_that_is_not_read():
    # DJANGO_SETTINGS_MODULE is read by Django itself (manage.py, config/wsgi.py), not by the settings.
    assert variables_listed() - variables_read() == {"DJANGO_SETTINGS_MODULE"}


def test_the_required_secrets_are_placeholders():
    values = dict(re.findall(r"^([A-Z][A-Z0-9_]+)=(.*)$", EXAMPLE.read_text(), flags=re.MULTILINE))
    for name in ("SECRET_KEY", "AUDIT_HMAC_KEY", "PERSONAL_DATA_KEY"):
        assert values[name] == "CHANGE-ME"
    assert values["DJANGO_SETTINGS_MODULE"] == "config.settings.production"
    assert values["TRUSTED_PROXY_COUNT"] == "1"  # one nginx (deploy/nginx/hengyang.conf)
