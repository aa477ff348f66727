"""Row locks on applications: every service that changes an application locks it here.

Modelled on Saleor's order/lock_objects.py. Every lock goes through `_for_update`, so every
transaction takes its locks the same way:
- in primary-key order, so two transactions locking overlapping sets wait for each other instead of
  deadlocking;
- FOR UPDATE of the application rows only (`of=("self",)`), not of the joined enterprise, item and
  pack rows, which would queue unrelated applications of one enterprise or item behind each other.
- applications first, then the rows a transition draws on: the item, then its budget (`lock_rows_after`,
  used by review/budget.py). A transaction that locks an application and an item's budget, and one that locks
  only the budget, then wait for each other in the same order and never deadlock.
Locks last until the transaction ends, so each helper must be called inside `transaction.atomic`.
Outside one they raise TransactionManagementError, on SQLite too, where Django would run the query
without a lock (it raises only on databases with row locks).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import QuerySet
from django.db.transaction import TransactionManagementError

from applications.models import Application
from core.prepared import PreparedQuery
from policies.selectors import pack_data_attach

# The review and award steps move applications without reading what the enterprise filled in: the
# frozen forms and answers are the largest columns of the row, and the item's pack data is not needed.
_WORKFLOW_DEFERRED = ("forms", "answers", "eligibility_snapshot", "item__data")

NOT_IN_TRANSACTION = "applications are locked until the transaction ends: call this inside transaction.atomic"


def _in_transaction(using: str) -> None:
    # Django makes this check only on databases with row locks, when the query runs: made here, a
    # service that forgot its transaction fails on SQLite too.
    if not transaction.get_connection(using).in_atomic_block:
        raise TransactionManagementError(NOT_IN_TRANSACTION)


def _for_update(queryset: QuerySet) -> QuerySet:
    locked = queryset.select_for_update(of=("self",)).order_by("pk")
    _in_transaction(locked.db)
    return locked


def _one_locked(prepared: PreparedQuery, application_id: int) -> Application:
    """The application `prepared` locks (built with _for_update, compiled once per process: core/prepared.py),
    checked to be inside a transaction on every call; DoesNotExist if it is gone, as get() would."""
    _in_transaction(Application.objects.db)
    application = prepared.first(pk=application_id)
    if application is None:
        raise Application.DoesNotExist("Application matching query does not exist.")
    return application


def _workflow_rows() -> QuerySet[Application]:
    return _for_update(
        Application.objects.select_related("enterprise__jurisdiction", "item").defer(*_WORKFLOW_DEFERRED)
    )


def lock_applications(ids: Iterable[int] | QuerySet) -> list[Application]:
    """Lock the applications with these primary keys and return them in primary-key order, each with
    its enterprise (and the enterprise's jurisdiction) and item, without the forms and answers.

    `ids` may be a queryset of keys: it becomes a subquery of the one locking query. Keys of rows that
    no longer exist are left out."""
    return list(_workflow_rows().filter(pk__in=ids if isinstance(ids, QuerySet) else list(ids)))


def lock_application(application_id: int) -> Application:
    """One application, locked and loaded as `lock_applications` does (DoesNotExist if it is gone)."""
    return _workflow_rows().get(pk=application_id)


# Every save and submission locks its application one of these two ways: compiled once per process.
_FOR_EDIT = PreparedQuery(
    lambda pk: _for_update(
        Application.objects.select_related("item__pack", "enterprise__jurisdiction", "pack").defer(
            "item__pack__data", "pack__data"
        )
    ).filter(pk=pk),
    pk=int,
)
_FOR_SAVE = PreparedQuery(
    lambda pk: _for_update(
        Application.objects.select_related("item__pack", "enterprise").defer("item__pack__data", "forms", "answers")
    ).filter(pk=pk),
    pk=int,
)


def lock_application_for_edit(application_id: int) -> Application:
    """One application, locked with everything the enterprise's own steps read and write: the forms
    and answers, the item with its pack, the enterprise with its jurisdiction, and the application's pack."""
    # Not the pack's whole text (PolicyPack.data, about 750 KB of JSON) from the database: the steps read the item
    # and the pack's columns, and the application's pack takes its text from the process's cache (the submission's
    # deadline and completeness read it; loaded lazily, the row came whole, its text decoded again each time).
    application = _one_locked(_FOR_EDIT, application_id)
    pack_data_attach(application.pack)
    return application


def lock_application_for_save(application_id: int) -> Application:
    """One application, locked as `lock_application_for_edit` does, without its frozen forms and its answers: a
    save replaces the answers and never reads either, so neither is transferred, decrypted nor decoded again (the
    view has just read both)."""
    return _one_locked(_FOR_SAVE, application_id)


def lock_applications_where(queryset: QuerySet[Application]) -> list[Application]:
    """Lock the rows `queryset` selects and return them in primary-key order (its own order is set
    aside). Its filters are part of the locking query, so PostgreSQL checks those on the application's
    own columns (its status, say) again on a row that another transaction changed while this one
    waited for it: a row that no longer matches is left out, which a list of keys taken beforehand
    could not do."""
    return list(_for_update(queryset))


def lock_rows_after(queryset: QuerySet) -> list:
    """Lock the rows of another model that a transition draws on (an item, its budget) the way applications
    are locked: in primary-key order, FOR UPDATE of those rows only, inside a transaction. Call it after the
    transaction's applications are locked (if any), never before: the order above is what avoids deadlocks."""
    return list(_for_update(queryset))
