"""PostgreSQL for the test suite: Django's backend with a cheaper flush.

After each transactional test (the browser journeys, the races with threads) Django flushes every table with one
TRUNCATE of them all. On PostgreSQL a TRUNCATE gives each table and index a new file, which cost about 1.7 s a
flush here for the few rows a test leaves. DELETE of those rows costs milliseconds. Django's foreign keys are
DEFERRABLE INITIALLY DEFERRED, so within the flush's transaction the order does not matter. The audit table's
append-only trigger lets a DELETE through only with the purge's setting (core/audit_chain.py), set for this
transaction alone. Production and `manage.py flush` use Django's backend unchanged (config/settings/test.py
alone names this one)."""

from __future__ import annotations

from django.db.backends.postgresql import base, operations


class DatabaseOperations(operations.DatabaseOperations):
    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        if not tables or reset_sequences:
            return super().sql_flush(style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade)
        return [
            "SET CONSTRAINTS ALL DEFERRED;",
            "SELECT set_config('audit.purge', 'on', true);",
            *(f"{style.SQL_KEYWORD('DELETE FROM')} {style.SQL_FIELD(self.quote_name(table))};" for table in tables),
        ]


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations
