"""deploy/systemd/hengyang-web.service and hengyang-worker.service (issue 17 §1): each command they start exists in
the repository's layout, they run hardened as a dedicated user, and `systemd-analyze verify` accepts them (when
systemd-analyze is installed) with the paths of this checkout in place of /srv/hengyang."""

from __future__ import annotations

import re
import runpy
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import get_commands

from operations.tests.deploy_tools import DEPLOY, REPO, REQUIRE_TOOLS

UNITS = {name: DEPLOY / "systemd" / f"{name}.service" for name in ("hengyang-web", "hengyang-worker")}
APP, VAR, ENV_FILE = "/srv/hengyang/app", "/srv/hengyang/var", "/etc/hengyang/hengyang.env"
SYSTEMD_ANALYZE = shutil.which("systemd-analyze") or ("systemd-analyze" if REQUIRE_TOOLS else None)  # CI: fail loudly

HARDENING = {
    "User": "hengyang",
    "Group": "hengyang",
    "NoNewPrivileges": "yes",
    "PrivateTmp": "yes",
    "ProtectSystem": "strict",
    "ReadWritePaths": VAR,
    "ProtectHome": "yes",
    "CapabilityBoundingSet": "",
    "EnvironmentFile": ENV_FILE,
    "WorkingDirectory": APP,
}


def unit(name: str) -> dict[str, dict[str, list[str]]]:
    """{section: {key: [values]}} (a key may repeat, as SystemCallFilter does)."""
    sections: dict[str, dict[str, list[str]]] = {}
    current = None
    for line in UNITS[name].read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if match := re.fullmatch(r"\[(\w+)\]", line):
            current = sections.setdefault(match.group(1), {})
        else:
            key, value = line.split("=", 1)
            current.setdefault(key, []).append(value)
    return sections


def in_checkout(path: str) -> Path:
    assert path.startswith(APP + "/"), path
    return REPO / path.removeprefix(APP + "/")


@pytest.mark.parametrize("name", UNITS)
def test_the_unit_is_hardened_and_restarts(name):
    service = unit(name)["Service"]
    for key, value in HARDENING.items():
        assert service[key] == [value], key
    assert service["Restart"][0] in ("on-failure", "always")
    assert "DJANGO_SETTINGS_MODULE=config.settings.production" in service["Environment"][0].split()
    assert unit(name)["Install"]["WantedBy"] == ["multi-user.target"]


def test_the_web_unit_starts_gunicorn_with_the_repository_config():
    service = unit("hengyang-web")["Service"]
    (command,) = service["ExecStart"]
    program, *args = shlex.split(command)
    assert in_checkout(program) == REPO / ".venv" / "bin" / "gunicorn"
    assert (REPO / ".venv" / "bin" / "gunicorn").exists()  # gunicorn is a dependency (pyproject.toml)
    config = in_checkout(args[args.index("--config") + 1])
    assert config == DEPLOY / "gunicorn.conf.py" and config.exists()
    assert args[-1] == "config.wsgi" and (REPO / "config" / "wsgi.py").exists()
    # gunicorn notifies systemd when it is ready (Type=notify); systemd waits longer than its graceful stop.
    assert service["Type"] == ["notify"]
    graceful = runpy.run_path(str(config))["graceful_timeout"]
    assert int(service["TimeoutStopSec"][0]) > graceful


def test_the_worker_unit_starts_the_worker_command():
    (command,) = unit("hengyang-worker")["Service"]["ExecStart"]
    python, manage, *args = shlex.split(command)
    assert in_checkout(python) == REPO / ".venv" / "bin" / "python" and (REPO / ".venv" / "bin" / "python").exists()
    assert in_checkout(manage) == REPO / "manage.py" and (REPO / "manage.py").exists()
    assert args[0] in get_commands() and args[0] == "worker"
    assert "--no-reload" in args


def rendered(tmp_path: Path) -> list[Path]:
    """The units with this checkout, a temporary var folder and environment file in place of the server's paths."""
    (tmp_path / "var").mkdir()
    env_file = tmp_path / "hengyang.env"
    env_file.write_text("")
    paths = []
    for name, source in UNITS.items():
        text = source.read_text().replace(APP, str(REPO)).replace(VAR, str(tmp_path / "var"))
        target = tmp_path / f"{name}.service"
        target.write_text(text.replace(ENV_FILE, str(env_file)))
        paths.append(target)
    return paths


@pytest.mark.skipif(SYSTEMD_ANALYZE is None, reason="systemd-analyze is not installed; the tests above parse the units")
def test_systemd_analyze_verifies_the_units(tmp_path):
    result = subprocess.run(  # noqa: S603
        [SYSTEMD_ANALYZE, "verify", *map(str, rendered(tmp_path))], capture_output=True, text=True, timeout=60
    )
    # A misspelt key is only a warning ("Unknown key"), so any output at all fails.
    assert result.returncode == 0 and result.stdout + result.stderr == "", result.stdout + result.stderr


@pytest.mark.skipif(SYSTEMD_ANALYZE is None, reason="systemd-analyze is not installed")
def test_systemd_rates_the_units_well_protected(tmp_path):
    """systemd's own exposure score, 0 (locked down) to 10 (unprotected): at most 2 ("OK") for both units."""
    for path in rendered(tmp_path):
        result = subprocess.run(  # noqa: S603
            [SYSTEMD_ANALYZE, "security", "--offline=true", "--no-pager", str(path)],
            capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        score = float(re.search(r"Overall exposure level for \S+: ([\d.]+)", result.stdout).group(1))
        assert score <= 2.0, result.stdout
