"""`manage.py check --deploy --settings=config.settings.production` (issue 17, Done when): every warning it prints,
and every check the settings silence, is explained in docs/operations.md ("## check --deploy 的警告"), and the
section explains nothing that no deployment shows. Run with the deployment's variants: rate limits counted in the
database or in Redis, and Django's HTTPS redirect left to nginx (SECURE_SSL_REDIRECT=0)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from core.tests.production_env import collected_static_stub
from core.tests.production_env import production_env as shared_production_env
from operations.tests.deploy_tools import REPO

DOC = REPO / "docs" / "operations.md"
SECTION = "## check --deploy 的警告"
CHECK_ID = re.compile(r"\b([a-z_]+\.[CEW]\d{3})\b")

VARIANTS = {
    "database rate limits": {},
    "Redis rate limits": {"REDIS_URL": "redis://127.0.0.1:6379/3"},
    "HTTPS redirect by nginx alone": {"SECURE_SSL_REDIRECT": "0"},
}

SETTINGS_REPORT = r"""
import json
import django
from django.conf import settings

django.setup()
print(json.dumps({
    "silenced": settings.SILENCED_SYSTEM_CHECKS,
    "conn_health_checks": settings.DATABASES["default"].get("CONN_HEALTH_CHECKS"),
    "staticfiles": settings.STORAGES["staticfiles"]["BACKEND"],
    "debug": settings.DEBUG,
}))
"""


def production_env(var_dir: Path, **values: str) -> dict[str, str]:
    """What a deployment has: PostgreSQL (production refuses SQLite) and the manifest that collectstatic writes."""
    return shared_production_env(
        ALLOWED_HOSTS="sbpt.hengyang.gov.cn",
        CSRF_TRUSTED_ORIGINS="https://sbpt.hengyang.gov.cn",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/deploy-check",
        APP_VAR_DIR=str(collected_static_stub(var_dir)),
        **values,
    )


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory) -> dict[str, tuple[int, str]]:
    """{variant: (exit status, output)} of `manage.py check --deploy`, the variants run at once."""
    running = {
        name: subprocess.Popen(  # noqa: S603
            [sys.executable, "manage.py", "check", "--deploy"],
            cwd=REPO,
            env=production_env(tmp_path_factory.mktemp("var"), **values),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )  # fmt: skip
        for name, values in VARIANTS.items()
    }
    return {name: (process.wait(timeout=180), process.stdout.read()) for name, process in running.items()}


def production_settings(tmp_path) -> dict:
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", SETTINGS_REPORT], cwd=REPO, env=production_env(tmp_path), capture_output=True,
        text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])


def explained() -> set[str]:
    text = DOC.read_text()
    assert SECTION in text, f"{DOC} has no section {SECTION!r}"
    section = text.split(SECTION, 1)[1].split("\n## ", 1)[0]
    return set(CHECK_ID.findall(section))


def test_check_deploy_passes_in_every_variant(outcomes):
    for name, (status, output) in outcomes.items():
        assert status == 0, f"{name}:\n{output}"  # no error in any variant


def test_every_warning_and_silenced_check_is_explained(outcomes, tmp_path):
    silenced = set(production_settings(tmp_path)["silenced"])
    for name, (_, output) in outcomes.items():
        printed = set(CHECK_ID.findall(output))
        assert printed | silenced <= explained(), f"{name}: not explained in {DOC.name}:\n{output}"


def test_the_doc_explains_only_what_a_variant_shows(outcomes, tmp_path):
    shown = set(production_settings(tmp_path)["silenced"])
    for _, output in outcomes.values():
        shown |= set(CHECK_ID.findall(output))
    assert explained() == shown
    # The default deployment (nginx and Django both redirect to HTTPS) prints no warning at all.
    assert "System check identified no issues (1 silenced)." in outcomes["database rate limits"][1]


def test_production_serves_hashed_compressed_static_files_and_checks_reused_connections(tmp_path):
    report = production_settings(tmp_path)
    assert report["staticfiles"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    assert report["conn_health_checks"] is True and report["debug"] is False
