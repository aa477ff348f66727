"""deploy/gunicorn.conf.py (issue 17 §1): gunicorn accepts it with the application under the production settings,
its values follow the environment, and its timeouts agree with nginx's and systemd's."""

from __future__ import annotations

import json
import re
import runpy
import subprocess
import urllib.request

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
    assert values["logger_class"].__name__ == "NoAccessLogLogger"
    assert values["max_requests"] > 0 and 0 < values["max_requests_jitter"] < values["max_requests"]
    assert values["control_socket_disable"] is True


def test_timeouts_agree_with_nginx_and_systemd(monkeypatch):
    values = settings_with(monkeypatch)
    nginx_read = int(re.search(r"proxy_read_timeout (\d+)s;", NGINX_SITE.read_text()).group(1))
    assert values["timeout"] < nginx_read  # nginx reports gunicorn's answer instead of cutting in first
    unit = (DEPLOY / "systemd" / "hengyang-web.service").read_text()
    assert values["graceful_timeout"] < int(re.search(r"TimeoutStopSec=(\d+)", unit).group(1))


HELLO_APP = """
def app(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"ok"]
"""


@pytest.mark.parametrize("log_format", ["json", "text"])
def test_gunicorns_own_lines_follow_log_format_and_it_keeps_no_access_log(tmp_path, log_format):
    """gunicorn's start, worker and stop lines are JSON like the application's (LOG_FORMAT), and a request answered
    by it adds no line of gunicorn's own (the application writes the request's line)."""
    (tmp_path / "hello.py").write_text(HELLO_APP)
    env = {"PATH": "/usr/bin:/bin", "LOG_FORMAT": log_format, "GUNICORN_WORKERS": "1", "GUNICORN_BIND": "127.0.0.1:0"}
    server = subprocess.Popen(  # noqa: S603
        [str(VENV_BIN / "gunicorn"), "--config", str(CONFIG), "--chdir", str(tmp_path), "hello:app"],
        env=env, stderr=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    lines = []
    try:
        for line in server.stderr:
            lines.append(line)
            if "Booting worker" in line:
                break
        port = re.search(r"Listening at: http://127\.0\.0\.1:(\d+)", "".join(lines))[1]
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10) as response:  # noqa: S310 - loopback
            assert response.read() == b"ok"
    finally:
        server.terminate()
        out, rest = server.communicate(timeout=30)
    lines += rest.splitlines(keepends=True)
    assert out == "" and not any("GET /" in line for line in lines)
    if log_format == "text":
        assert lines and all(not line.startswith("{") for line in lines)
        return
    records = [json.loads(line) for line in lines]
    assert {r["logger"] for r in records} == {"gunicorn.error"} and all(r["level"] == "INFO" for r in records)
    messages = [r["message"] for r in records]
    assert messages[0].startswith("Starting gunicorn") and any(m.startswith("Shutting down") for m in messages)
    assert all({"time", "process"} <= set(r) for r in records)


def test_no_access_line_is_built_even_with_a_logging_config(monkeypatch):
    """gunicorn would build every request's access line (and drop it) because the config has a logging config."""
    from gunicorn.config import Config

    values = settings_with(monkeypatch, LOG_FORMAT="json")
    config = Config()
    config.set("logconfig_dict", values["logconfig_dict"])
    assert values["logger_class"].__mro__[1](config).access_log_enabled  # gunicorn's own logger would build it
    logger = values["logger_class"](config)
    assert logger.access_log_enabled is False
    monkeypatch.setattr(logger, "atoms", lambda *args: pytest.fail("an access line was built"))
    logger.access(None, None, {}, None)
