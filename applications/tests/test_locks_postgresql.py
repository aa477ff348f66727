"""Application row locks on PostgreSQL, where they are real: two transactions locking overlapping sets in
opposite orders wait for each other instead of deadlocking, and locking needs a transaction.

PostgreSQL only (CI sets DATABASE_URL); SQLite has no row locks to test.
"""

import threading
import time

import pytest
from django.db import OperationalError, connection, connections, transaction
from django.db.models import F
from django.db.transaction import TransactionManagementError
from django.test.utils import CaptureQueriesContext

from applications.locks import lock_applications
from applications.models import Application
from applications.tests.factories import ApplicationFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks need PostgreSQL (run in CI with DATABASE_URL)"
    ),
]


@pytest.fixture
def pks(stored_pack):
    return sorted(a.pk for a in ApplicationFactory.create_batch(4))


def _race(lock, key_sets) -> list[str]:
    """Run one transaction per key set at the same moment; each locks its rows with `lock`, holds them
    while the other asks for them, and bumps their version. Returns "ok" or the error, per transaction."""
    barrier = threading.Barrier(len(key_sets))
    outcomes: list[str] = []

    def run(keys):
        try:
            barrier.wait(timeout=10)
            with transaction.atomic():
                locked = lock(keys)
                time.sleep(0.3)
                Application.objects.filter(pk__in=locked).update(version=F("version") + 1)
            outcomes.append("ok")
        except OperationalError as exc:
            outcomes.append(str(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(keys,)) for keys in key_sets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def _row_by_row_in_the_order_given(keys) -> list[int]:
    locked = []
    for pk in keys:
        locked += Application.objects.select_for_update(of=("self",)).filter(pk=pk).values_list("pk", flat=True)
        time.sleep(0.2)
    return locked


def test_overlapping_sets_locked_in_opposite_orders_do_not_deadlock(pks):
    first, second = pks[:3][::-1], pks[1:]  # both take pks[1] and pks[2], asked for in opposite orders
    outcomes = _race(lambda keys: [a.pk for a in lock_applications(keys)], [first, second])
    assert outcomes == ["ok", "ok"]
    versions = dict(Application.objects.filter(pk__in=pks).values_list("pk", "version"))
    assert [versions[pk] - 1 for pk in pks] == [1, 2, 2, 1]  # the shared rows were changed by both, in turn


def test_the_same_race_locking_row_by_row_in_the_order_given_deadlocks(pks):
    """The control: the race above can deadlock, and PostgreSQL then aborts one of the two transactions."""
    outcomes = _race(_row_by_row_in_the_order_given, [pks[:2], pks[:2][::-1]])
    assert sorted(o == "ok" for o in outcomes) == [False, True], outcomes
    assert any("deadlock detected" in o for o in outcomes), outcomes


def test_the_locking_query_orders_by_key_and_locks_the_application_rows_only(pks):
    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        lock_applications(pks[::-1])
    (sql,) = [q["sql"] for q in queries.captured_queries]
    assert 'ORDER BY "applications_application"."id" ASC' in sql
    assert sql.endswith('FOR UPDATE OF "applications_application"')


def test_locking_outside_a_transaction_is_refused(pks):
    with pytest.raises(TransactionManagementError):
        lock_applications(pks)
    # The refusal Django makes itself on PostgreSQL, which lock_applications makes on every database.
    with pytest.raises(TransactionManagementError):
        list(Application.objects.select_for_update().filter(pk__in=pks))
    with transaction.atomic():
        assert [a.pk for a in lock_applications(pks)] == pks
