"""Run by core/tests/test_security_sqlite.py in a subprocess: eight enterprise users save their profiles at
the same moment through Django's test client, against a file SQLite database built from the models, as the
suite's own databases are (core/tests/test_migrations.py proves the migrations build the same schema).

Usage: python -m core.tests.sqlite_requests_race DATABASE_PATH (configured|default). Prints one status code
per request, space-separated. "default" removes the SQLite options of config/settings/database.py first, as
SQLite came before issue 16 §10."""

from __future__ import annotations

import os
import sys
import threading


class _NoMigrations:
    def __contains__(self, app_label: str) -> bool:
        return True

    def __getitem__(self, app_label: str) -> None:
        return None


def main(path: str, mode: str) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    import config.settings.test as test_settings

    if mode == "default":
        test_settings.DATABASES["default"]["OPTIONS"] = {}
    # Tables straight from the models (what pytest-django's --no-migrations does): seconds instead of replaying
    # every migration.
    test_settings.MIGRATION_MODULES = _NoMigrations()
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    call_command("migrate", verbosity=0, run_syncdb=True)
    from accounts.tests.factories import persona
    from enterprises.tests.factories import make_profile

    users = [persona("enterprise_admin") for _ in range(8)]
    profiles = [make_profile(enterprise=user.organisation) for user in users]
    clients = []
    for user in users:
        client = Client(raise_request_exception=False)
        client.force_login(user)
        clients.append(client)
    connections.close_all()
    barrier = threading.Barrier(len(users))
    statuses: list[int] = []

    def save(client, profile):
        data = {"version": profile.version, "f-0__enterprise_name": profile.data["enterprise_name"],
                "f-0__address": "衡阳市蒸湘区解放大道1号", "f-0__employees_total": "120"}  # fmt: skip
        try:
            barrier.wait(timeout=30)
            statuses.append(client.post("/enterprises/profile/", data).status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save, args=pair) for pair in zip(clients, profiles)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    print(" ".join(str(s) for s in sorted(statuses)))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
