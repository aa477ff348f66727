"""deploy/systemd/hengyang-backup.service and .timer: the service runs `manage.py backup` with options the command
accepts, hardened like the other units but writing only the backups; the timer fires daily at 02:00 Beijing time;
`systemd-analyze verify` accepts both (when installed) with this checkout's paths in place of /srv/hengyang."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess

import pytest
from django.core.management import load_command_class

from operations.tests.deploy_tools import DEPLOY, REPO, REQUIRE_TOOLS

SERVICE, TIMER = DEPLOY / "systemd" / "hengyang-backup.service", DEPLOY / "systemd" / "hengyang-backup.timer"
APP, VAR, BACKUPS, ENV_FILE = (
    "/srv/hengyang/app",
    "/srv/hengyang/var",
    "/srv/hengyang/backups",
    "/etc/hengyang/hengyang.env",
)
SYSTEMD_ANALYZE = shutil.which("systemd-analyze") or ("systemd-analyze" if REQUIRE_TOOLS else None)  # CI: fail loudly


def keys(path) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for line in path.read_text().splitlines():
        if "=" in line and not line.startswith(("#", "[")):
            key, value = line.split("=", 1)
            found.setdefault(key, []).append(value)
    return found


def test_the_service_runs_the_backup_command_with_the_retention():
    service = keys(SERVICE)
    (command,) = service["ExecStart"]
    python, manage, name, *args = shlex.split(command)
    assert python == f"{APP}/.venv/bin/python" and manage == f"{APP}/manage.py" and (REPO / "manage.py").exists()
    options = load_command_class("operations", name).create_parser("manage.py", name).parse_args(args)
    assert (str(options.directory), options.keep_daily, options.keep_monthly) == (BACKUPS, 30, 12)
    assert service["Type"] == ["oneshot"] and service["User"] == ["hengyang"] and service["UMask"] == ["0077"]
    assert service["ReadWritePaths"] == [BACKUPS] and service["ProtectSystem"] == ["strict"]
    assert service["EnvironmentFile"] == [ENV_FILE]
    assert "DJANGO_SETTINGS_MODULE=config.settings.production" in service["Environment"][0].split()


def test_the_timer_fires_at_two_every_night_and_catches_up():
    timer = keys(TIMER)
    assert timer["OnCalendar"] == ["*-*-* 02:00:00 Asia/Shanghai"] and timer["Persistent"] == ["true"]
    assert timer["WantedBy"] == ["timers.target"]


@pytest.mark.skipif(SYSTEMD_ANALYZE is None, reason="systemd-analyze is not installed; the tests above parse the units")
def test_systemd_analyze_verifies_the_units(tmp_path):
    for folder in ("var", "backups"):
        (tmp_path / folder).mkdir()
    (tmp_path / "hengyang.env").write_text("")
    for source in (SERVICE, TIMER):
        text = source.read_text().replace(APP, str(REPO)).replace(VAR, str(tmp_path / "var"))
        text = text.replace(BACKUPS, str(tmp_path / "backups")).replace(ENV_FILE, str(tmp_path / "hengyang.env"))
        (tmp_path / source.name).write_text(text)
    result = subprocess.run(  # noqa: S603
        [SYSTEMD_ANALYZE, "verify", str(tmp_path / SERVICE.name), str(tmp_path / TIMER.name)],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0 and result.stdout + result.stderr == "", result.stdout + result.stderr
    calendar = subprocess.run(  # noqa: S603
        [SYSTEMD_ANALYZE, "calendar", "--iterations=2", keys(TIMER)["OnCalendar"][0]],
        capture_output=True, text=True, timeout=60, env={**os.environ, "TZ": "UTC"},
    )  # fmt: skip
    assert calendar.returncode == 0
    assert len(re.findall(r"\d{4}-\d\d-\d\d 18:00:00 UTC", calendar.stdout)) == 2  # 02:00 in Beijing
