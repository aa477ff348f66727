"""config/settings/database.py on PostgreSQL: statements bound and prepared by the server (issue 17 §5), and off
with DB_PREPARED_STATEMENTS=0; SQLite keeps its own options only."""

from __future__ import annotations

import pytest
from django.db import connection

from accounts.models import User
from config.settings.database import POSTGRESQL_PREPARE_THRESHOLD, SQLITE_ENGINE, database_config

POSTGRES_URL = "postgres://u:p@db:5432/hengyang"


def test_postgresql_binds_and_prepares_on_the_server(tmp_path):
    options = database_config({"DATABASE_URL": POSTGRES_URL}, default_path=tmp_path)["OPTIONS"]
    assert options == {"server_side_binding": True, "prepare_threshold": POSTGRESQL_PREPARE_THRESHOLD}


def test_a_pooler_that_cannot_carry_prepared_statements_turns_them_off(tmp_path):
    config = database_config({"DATABASE_URL": POSTGRES_URL, "DB_PREPARED_STATEMENTS": "0"}, default_path=tmp_path)
    assert "server_side_binding" not in config.get("OPTIONS", {})
    assert "prepare_threshold" not in config.get("OPTIONS", {})


def test_sqlite_gets_neither(tmp_path):
    config = database_config({}, default_path=tmp_path / "db.sqlite3")
    assert config["ENGINE"] == SQLITE_ENGINE
    assert "server_side_binding" not in config["OPTIONS"] and "prepare_threshold" not in config["OPTIONS"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements: PostgreSQL (CI's second pass)")
@pytest.mark.django_db
def test_a_query_repeated_on_a_connection_is_prepared_by_postgresql_and_answers_the_same():
    from accounts.tests.factories import UserFactory

    user = UserFactory()

    def read():
        return list(User.objects.filter(pk=user.pk).values_list("username", flat=True))

    answers = [read() for _ in range(POSTGRESQL_PREPARE_THRESHOLD + 1)]
    assert answers == [[user.username]] * (POSTGRESQL_PREPARE_THRESHOLD + 1)
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [row[0] for row in cursor.fetchall()]
    assert any('FROM "accounts_user"' in s and '"accounts_user"."id" = $1' in s for s in prepared), prepared
