"""deploy/gunicorn.conf.py (issue 17 §1): gunicorn accepts it with the application under the production settings,
its values follow the environment, and its timeouts agree with nginx's and systemd's."""

from __future__ import annotations

import re
import runpy
import subprocess

import pytest

from operations.tests.cluster import VENV_BIN, production_env
from operations.tests.deploy_tools import DEPLOY, NGINX_SITE, REPO

CONFIG = DEPLOY / "gunicorn.conf.py"


def settings_with(monkeypatch, cores: int | None = 2, **env: str) -> dict:
    for name in ("GUNICORN_BIND", "GUNICORN_WORKERS", "GUNICORN_TIMEOUT", "FORWARDED_ALLOW_IPS"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr("os.cpu_count", lambda: cores)
    return runpy.run_path(str(CONFIG))


def test_gunicorn_checks_the_config_and_loads_the_application():
    env = production_env(DATABASE_URL="postgres://postgres@127.0.0.1:5432/gunicorn-check", ALLOWED_HOSTS="localhost")
    result = subprocess.run(  # noqa: S603
        [str(VENV_BIN / "gunicorn"), "--check-config", "--config", str(CONFIG), "config.wsgi"],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(("cores", "workers"), [(1, 3), (2, 5), (4, 9), (16, 12), (None, 3)])
def test_workers_are_two_per_core_plus_one_at_most_twelve(monkeypatch, cores, workers):
    assert settings_with(monkeypatch, cores)["workers"] == workers


def test_the_environment_overrides_the_defaults(monkeypatch):
    values = settings_with(
        monkeypatch, GUNICORN_BIND="10.0.0.11:8000", GUNICORN_WORKERS="4", GUNICORN_TIMEOUT="90",
        FORWARDED_ALLOW_IPS="10.0.0.10",
    )  # fmt: skip
    assert values["bind"] == ["10.0.0.11:8000"] and values["workers"] == 4 and values["timeout"] == 90
    assert values["forwarded_allow_ips"] == "10.0.0.10"


def test_defaults_for_a_node_behind_nginx(monkeypatch):
    values = settings_with(monkeypatch)
    assert values["bind"] == ["127.0.0.1:8000"]  # never a public interface by default
    assert values["worker_class"] == "sync"
    assert values["accesslog"] is None  # the application's JSON request log covers it
    assert values["max_requests"] > 0 and 0 < values["max_requests_jitter"] < values["max_requests"]
    assert values["control_socket_disable"] is True


def test_timeouts_agree_with_nginx_and_systemd(monkeypatch):
    values = settings_with(monkeypatch)
    nginx_read = int(re.search(r"proxy_read_timeout (\d+)s;", NGINX_SITE.read_text()).group(1))
    assert values["timeout"] < nginx_read  # nginx reports gunicorn's answer instead of cutting in first
    unit = (DEPLOY / "systemd" / "hengyang-web.service").read_text()
    assert values["graceful_timeout"] < int(re.search(r"TimeoutStopSec=(\d+)", unit).group(1))
