"""`make serve` (deploy/serve.sh, issue 17 §1): it refuses in Chinese without the production environment or with a
weak key, naming what is wrong and printing no traceback; with it, on an empty PostgreSQL database, it migrates,
collects the static files, loads the 2023 pack and serves: /readyz is 200 (gunicorn and the worker both run), and
Ctrl+C stops both."""

from __future__ import annotations

import os
import signal
import subprocess
import time

import pytest
from django.db import connection

from operations.tests.cluster import NodeClient, database_url, production_env
from operations.tests.deploy_tools import REPO, free_port

REQUIRED = ["DATABASE_URL", "SECRET_KEY", "AUDIT_HMAC_KEY", "PERSONAL_DATA_KEY", "ALLOWED_HOSTS"]


def without_outer_make(env: dict[str, str]) -> dict[str, str]:
    """The environment without what an outer `make test` passes to its children (its jobserver's descriptors are
    not this process's)."""
    return {k: v for k, v in env.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES")}


def serve(env: dict[str, str], **kwargs):
    return subprocess.run(  # noqa: S603
        ["make", "--no-print-directory", "serve"], cwd=REPO, env=without_outer_make(env), capture_output=True,
        text=True, **kwargs,
    )  # fmt: skip


def test_serve_refuses_without_the_production_environment():
    env = {k: v for k, v in os.environ.items() if k not in REQUIRED} | {"DATABASE_URL": "", "ALLOWED_HOSTS": ""}
    result = serve(env, timeout=300)
    assert result.returncode != 0
    assert "make serve 以生产配置（config.settings.production）运行，缺少以下环境变量：" in result.stderr
    assert " ".join(REQUIRED) in result.stderr and "deploy/hengyang.env.example" in result.stderr
    assert "Traceback" not in result.stderr and "Starting gunicorn" not in result.stderr


def test_serve_names_a_weak_key_without_a_traceback():
    env = production_env(
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/serve-refusal", ALLOWED_HOSTS="localhost",
        AUDIT_HMAC_KEY="too-short",
    )  # fmt: skip
    result = serve(env, timeout=300)
    assert result.returncode != 0
    assert "生产配置有误：AUDIT_HMAC_KEY 环境变量未设置（审计日志校验密钥，至少 32 个字符" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.fixture
def empty_database():
    """A new, empty PostgreSQL database beside the test database, dropped afterwards."""
    name = f"{connection.settings_dict['NAME']}_serve"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield database_url({**connection.settings_dict, "NAME": name})
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.skipif(connection.vendor != "postgresql", reason="production refuses SQLite (CI's second pass)")
@pytest.mark.django_db(transaction=True)
def test_serve_sets_up_an_empty_database_and_stops_on_ctrl_c(empty_database, tmp_path):
    port = free_port()
    env = production_env(
        DATABASE_URL=empty_database, ALLOWED_HOSTS="localhost", APP_VAR_DIR=str(tmp_path / "var"),
        GUNICORN_BIND=f"127.0.0.1:{port}", GUNICORN_WORKERS="1", LOG_FORMAT="text",
    )  # fmt: skip
    log = (tmp_path / "serve.log").open("w+")
    # Its own process group, as a terminal's foreground job is: Ctrl+C sends SIGINT to the whole group.
    make = subprocess.Popen(  # noqa: S603
        ["make", "--no-print-directory", "serve"], cwd=REPO, env=without_outer_make(env), stdout=log,
        stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    try:
        deadline, status = time.monotonic() + 600, None
        while time.monotonic() < deadline and make.poll() is None:
            try:
                status = NodeClient(port, client_ip="127.0.0.1").get("/readyz").status
            except OSError:
                status = None
            if status == 200:
                break
            time.sleep(1)
        log.seek(0)
        output = log.read()
        assert status == 200, output  # migrated, pack loaded, storage writable, the worker's heartbeat seen
        assert "已加载：衡市工信〔2023〕51号" in output and "生产配置已启动" in output
        group = make.pid
        os.killpg(group, signal.SIGINT)
        make.wait(timeout=60)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and _group_alive(group):
            time.sleep(0.5)
        assert not _group_alive(group)  # gunicorn, its workers and the worker all ended
    finally:
        if _group_alive(make.pid):
            os.killpg(make.pid, signal.SIGKILL)
        log.close()


def _group_alive(group: int) -> bool:
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return False
    return True
