"""Chinese error pages and no stack traces; production settings pass the deploy check."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client, override_settings
from django.urls import path

from core import errors
from core.tests.production_env import collected_static_stub, production_env

ROOT = Path(__file__).resolve().parents[2]


def _boom(request):
    raise RuntimeError("secret internal detail")


urlpatterns = [path("boom/", _boom)]
handler500 = errors.server_error
handler404 = errors.page_not_found


@pytest.mark.django_db
def test_404_is_chinese(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
def test_500_shows_no_stack_trace():
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    body = response.content.decode()
    assert response.status_code == 500
    assert "系统繁忙" in body
    assert "secret internal detail" not in body and "Traceback" not in body


def test_production_settings_pass_check_deploy(tmp_path):
    # What a deployment has: PostgreSQL (production refuses SQLite) and the manifest collectstatic writes.
    env = production_env(
        ALLOWED_HOSTS="gxj.hengyang.gov.cn",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/deploy-check",
        APP_VAR_DIR=str(collected_static_stub(tmp_path)),
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_names_a_missing_collectstatic(tmp_path):
    env = production_env(
        ALLOWED_HOSTS="gxj.hengyang.gov.cn",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/deploy-check",
        APP_VAR_DIR=str(tmp_path),
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0 and "core.E010" in result.stderr and "collectstatic" in result.stderr


def test_production_refuses_to_start_without_secret_key():
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    env["DJANGO_SETTINGS_MODULE"] = "config.settings.production"
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


@pytest.mark.parametrize("key", [None, "development-only-audit-key-not-secret", "short"])
def test_production_refuses_to_start_without_an_audit_key(key):
    """Issue 16 §2: the audit chain's HMAC key comes from the environment; the public development default or
    a short key is refused."""
    env = {k: v for k, v in os.environ.items() if k != "AUDIT_HMAC_KEY"}
    env.update(DJANGO_SETTINGS_MODULE="config.settings.production", SECRET_KEY="s" * 60)
    if key is not None:
        env["AUDIT_HMAC_KEY"] = key
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "AUDIT_HMAC_KEY" in result.stderr
