"""Background jobs of stored eligibility (django.tasks). They take primary keys and read committed rows."""

from __future__ import annotations

import threading
from functools import partial

from django.db import transaction
from django_tasks import task


@task()
def pack_results_evaluate_task(pack_id: int) -> int:
    """Every confirmed enterprise against a pack that was just published."""
    from eligibility.services import results_evaluate_published_pack

    run = results_evaluate_published_pack(actor=None, pack_pk=pack_id)
    return run.results if run else 0


@task()
def enterprise_results_evaluate_task(enterprise_ids: list[int]) -> int:
    """These enterprises against every published pack, after their profiles changed."""
    from eligibility.services import results_evaluate_enterprises

    return sum(run.results for run in results_evaluate_enterprises(actor=None, enterprise_ids=enterprise_ids))


def pack_evaluation_enqueue_on_commit(pack_id: int) -> None:
    transaction.on_commit(partial(pack_results_evaluate_task.enqueue, pack_id))


# The enterprises whose profiles changed in the transaction now running on this thread: a seed or an import that
# saves 200 profiles in one transaction enqueues one job for all of them, not 200.
_pending = threading.local()


def _enterprise_evaluations_flush() -> None:
    ids = sorted(getattr(_pending, "ids", set()))
    _pending.ids = set()
    if ids:
        enterprise_results_evaluate_task.enqueue(ids)


def enterprise_evaluation_enqueue_on_commit(enterprise_id: int) -> None:
    """Enqueue the enterprise's re-evaluation when the transaction commits, with the others of the transaction.
    The flush is registered once per transaction; a rollback discards it, and the next transaction starts a new
    set (Django's own list of callbacks tells whether this one has registered it)."""
    connection = transaction.get_connection()
    registered = connection.in_atomic_block and any(
        callback is _enterprise_evaluations_flush for _, callback, _ in connection.run_on_commit
    )
    if not registered:
        _pending.ids = set()
    _pending.ids.add(enterprise_id)
    if not registered:
        transaction.on_commit(_enterprise_evaluations_flush)
