"""Application row locks: rows come back in primary-key order, and only inside a transaction."""

import pytest
from django.db.transaction import TransactionManagementError

from applications.locks import lock_application, lock_application_for_edit, lock_applications, lock_applications_where
from applications.models import Application
from applications.tests.factories import ApplicationFactory


@pytest.fixture
def three(db, stored_pack):
    return sorted(a.pk for a in ApplicationFactory.create_batch(3))


@pytest.mark.parametrize("given", [lambda pks: pks[::-1], lambda pks: set(pks), lambda pks: iter(pks[::-1])])
def test_rows_come_back_in_primary_key_order_whatever_order_the_keys_are_given_in(three, given):
    assert [a.pk for a in lock_applications(given(three))] == three


def test_a_queryset_of_keys_is_locked_the_same_way(three, django_assert_num_queries):
    with django_assert_num_queries(1):  # the keys are a subquery of the one locking query
        rows = lock_applications(Application.objects.filter(pk__in=three).order_by("-pk").values("pk"))
    assert [a.pk for a in rows] == three


def test_keys_of_missing_rows_are_left_out(three):
    assert [a.pk for a in lock_applications([three[2], 0, three[0]])] == [three[0], three[2]]


def test_a_queryset_is_locked_in_primary_key_order_not_its_own(three):
    rows = lock_applications_where(Application.objects.filter(pk__in=three[1:]).order_by("-pk"))
    assert [a.pk for a in rows] == three[1:]


def test_one_row_comes_with_what_its_step_reads(three, django_assert_num_queries):
    with django_assert_num_queries(1):
        application = lock_application(three[0])
        assert application.enterprise.jurisdiction.code and application.item.number
    lock_application_for_edit(three[0])  # the pack's text, read once per process (policies.selectors)
    with django_assert_num_queries(1):
        application = lock_application_for_edit(three[0])
        assert application.answers is not None and application.item.pack.year and application.enterprise.name
        # What a submission reads: its deadline (the pack's notice, the enterprise's jurisdiction).
        assert application.pack.data["pack"]["notice"] and application.enterprise.jurisdiction.code
    with pytest.raises(Application.DoesNotExist):
        lock_application(0)


@pytest.mark.parametrize(
    "lock",
    [
        lambda: lock_applications([1, 2]),
        lambda: lock_application(1),
        lambda: lock_application_for_edit(1),
        lambda: lock_applications_where(Application.objects.all()),
    ],
)
def test_outside_a_transaction_every_lock_is_refused_before_any_query(lock):
    # No database access is allowed here: the refusal comes before the query, on every database.
    with pytest.raises(TransactionManagementError):
        lock()
