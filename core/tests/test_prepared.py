"""core.prepared: a queryset compiled once per process gives what Django gives for the same values, refuses what
it cannot prepare, and is checked against Django on every call of the test suite."""

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.db.transaction import TransactionManagementError
from django.test.utils import CaptureQueriesContext

from accounts.models import Jurisdiction, User
from accounts.tests.factories import EnterpriseFactory, UserFactory
from core.prepared import PreparedQuery

pytestmark = pytest.mark.django_db

WITH_ORGANISATION = PreparedQuery(
    lambda pk: User.objects.select_related("organisation__jurisdiction").filter(pk=pk), pk=int
)


def test_the_test_suite_checks_every_prepared_query_against_django():
    assert settings.PREPARED_QUERIES_VERIFY is True


def test_a_prepared_query_loads_the_rows_and_their_related_rows_as_django_does():
    user = UserFactory(organisation=EnterpriseFactory(jurisdiction=Jurisdiction.objects.get(name="祁东县")))
    other = UserFactory()
    with CaptureQueriesContext(connection) as queries:
        got = WITH_ORGANISATION.first(pk=user.pk)
        assert got == user and got.organisation.jurisdiction.name == "祁东县"  # no further query
    assert len(queries) == 1 and str(user.pk) in queries[0]["sql"]
    assert got._state.adding is False and got._state.db == "default"
    assert WITH_ORGANISATION.first(pk=other.pk) == other  # the same SQL, other values
    assert WITH_ORGANISATION.first(pk=other.pk + 10_000) is None
    assert WITH_ORGANISATION.all(pk=user.pk) == [user]


def test_values_list_and_several_arguments_of_each_type():
    user = UserFactory(username="prepared-one", full_name="预编译")
    UserFactory(username="prepared-two")
    names = PreparedQuery(
        lambda username, organisation: User.objects.filter(username=username, organisation_id=organisation).values_list(
            "full_name", flat=True
        ),
        username=str,
        organisation=int,
    )
    assert names.all(username="prepared-one", organisation=user.organisation_id) == ["预编译"]
    assert names.all(username="prepared-two", organisation=user.organisation_id) == []
    assert names.all(username=user.username.upper(), organisation=user.organisation_id) == []


def test_none_is_built_by_django_as_usual():
    orphan = UserFactory(organisation=None)
    by_organisation = PreparedQuery(
        lambda organisation: User.objects.filter(organisation_id=organisation), organisation=int
    )
    assert orphan in by_organisation.all(organisation=None)  # IS NULL, not "= NULL"


def test_an_argument_the_orm_changes_on_its_way_to_the_sql_is_refused():
    contains = PreparedQuery(lambda name: User.objects.filter(username__contains=name), name=str)  # LIKE '%…%'
    with pytest.raises(ValueError, match="not preparable|does not reach"):
        contains.all(name="a")
    unused = PreparedQuery(lambda pk: User.objects.all(), pk=int)
    with pytest.raises(ValueError, match="does not reach"):
        unused.all(pk=1)


@pytest.mark.django_db(transaction=True)  # the test's own transaction would hide "outside a transaction"
def test_a_locking_read_runs_only_inside_a_transaction_on_every_call():
    user = UserFactory(organisation=None)  # a transactional test starts without the reference rows (conftest.py)
    locking = PreparedQuery(lambda pk: User.objects.select_for_update().filter(pk=pk), pk=int)
    with transaction.atomic():
        assert locking.first(pk=user.pk) == user
    if connection.features.has_select_for_update:  # PostgreSQL: Django's check, made on each call
        with pytest.raises(TransactionManagementError, match="outside of a transaction"):
            locking.all(pk=user.pk)
        with transaction.atomic(), CaptureQueriesContext(connection) as queries:
            locking.first(pk=user.pk)
        assert "FOR UPDATE" in queries[0]["sql"]


def test_the_arguments_are_exactly_those_declared():
    with pytest.raises(TypeError, match="takes"):
        WITH_ORGANISATION.first(pk=1, extra=2)
    with pytest.raises(TypeError, match="must be int or str"):
        PreparedQuery(lambda flag: User.objects.filter(is_active=flag), flag=bool).all(flag=True)


def test_nothing_can_be_chained_onto_the_compiled_sql():
    queryset = WITH_ORGANISATION._bound({"pk": 1})
    for change in (lambda q: q.filter(is_active=True), lambda q: q.count(), lambda q: q.order_by("pk")):
        with pytest.raises(TypeError, match="runs as it was compiled"):
            change(queryset)


def test_a_build_that_branches_on_its_arguments_is_caught_by_the_check():
    user = UserFactory()
    # The placeholder is negative, so the template takes the second branch; a real key takes the first.
    branching = PreparedQuery(
        lambda pk: User.objects.filter(pk=pk) if pk > 0 else User.objects.filter(pk=pk, is_active=True), pk=int
    )
    with pytest.raises(AssertionError, match="differs from Django's"):
        branching.all(pk=user.pk)


def test_without_the_check_the_compiled_sql_is_used_as_it_is(settings):
    settings.PREPARED_QUERIES_VERIFY = False
    user = UserFactory()
    with CaptureQueriesContext(connection) as queries:
        assert WITH_ORGANISATION.first(pk=user.pk) == user
    assert len(queries) == 1
