"""Fixtures shared by every test package, registered once here: the named personas, the stored 2023
pack, and the `enterprise_admin` enterprise's eligible profile."""

import pytest
from hypothesis import settings as hypothesis_settings

from accounts.tests.factories import persona

# Speed is measured by the benchmarks under bench/, not by timed tests: Hypothesis's default deadline (200 ms an
# example) failed a property test on a busy machine (core/tests/test_text.py, DeadlineExceeded) though its
# property held. Tests that set their own settings keep them.
hypothesis_settings.register_profile("project", deadline=None)
hypothesis_settings.load_profile("project")

PERSONAS = [
    "enterprise_user",
    "enterprise_admin",
    "county_industry",
    "county_finance",
    "other_county",
    "city_section",
    "city_sme",
    "city_finance",
    "admin",
    "security_admin",
    "auditor",
]


@pytest.fixture
def enterprise_user(db):
    return persona("enterprise_user")


@pytest.fixture
def enterprise_admin(db):
    return persona("enterprise_admin")


@pytest.fixture
def county_industry(db):
    return persona("county_industry")


@pytest.fixture
def county_finance(db):
    return persona("county_finance")


@pytest.fixture
def other_county(db):
    return persona("other_county")


@pytest.fixture
def city_section(db):
    return persona("city_section")


@pytest.fixture
def city_sme(db):
    return persona("city_sme")


@pytest.fixture
def city_finance(db):
    return persona("city_finance")


@pytest.fixture
def admin(db):
    return persona("admin")


@pytest.fixture
def security_admin(db):
    return persona("security_admin")


@pytest.fixture
def auditor(db):
    return persona("auditor")


# The rows every test of a worker shares, stored once and kept under each test's rollback: the data migration's
# reference rows and the published 2023 pack (`stored_pack`, which about 1,250 tests use: copying it into each
# test's transaction cost 15 ms on SQLite and 50-100 ms on PostgreSQL). Before each test that uses the database
# the worker's database is brought to what the test expects (pytest_fixture_setup):
# - a transactional test (browser journeys, thread races) starts without the pack, as it always did, and its
#   flush leaves nothing;
# - a test marked `no_shared_pack` (it counts packs or audit events, or loads the 2023 pack itself) starts with
#   the reference rows alone;
# - every other test starts with both.
NONE, REFERENCE, ALL = "none", "reference", "all"
_shared_rows = NONE


def _is_transactional(item) -> bool:
    from pytest_django.fixtures import validate_django_db

    marker = item.get_closest_marker("django_db")
    if marker and validate_django_db(marker)[0]:  # (transaction, reset_sequences, ...)
        return True
    return bool({"transactional_db", "live_server"} & set(item.fixturenames))


def _shared_rows_bring(wanted: str) -> None:
    global _shared_rows
    from django.core.management import call_command

    from accounts.models import Jurisdiction, Organisation
    from accounts.reference import load_reference_data

    if wanted in (NONE, REFERENCE) and _shared_rows == ALL:
        call_command("flush", verbosity=0, interactive=False)  # the DELETE flush of config/testdb on PostgreSQL
        _shared_rows = NONE
    if wanted in (REFERENCE, ALL) and _shared_rows == NONE:
        load_reference_data(Jurisdiction, Organisation)
        _shared_rows = REFERENCE
    if wanted == ALL and _shared_rows == REFERENCE:
        from policies.tests.factories import stored_pack_2023

        stored_pack_2023()
        _shared_rows = ALL


@pytest.hookimpl(wrapper=True)
def pytest_fixture_setup(fixturedef, request):
    """Just before pytest-django opens a test's transaction (its database and django_db_setup exist by then)."""
    global _shared_rows
    if fixturedef.argname != "_django_db_helper":
        return (yield)
    from pytest_django.plugin import blocking_manager_key

    item = request.node
    transactional = _is_transactional(item)
    if transactional:
        wanted = NONE if _shared_rows == ALL else _shared_rows
    else:
        wanted = REFERENCE if item.get_closest_marker("no_shared_pack") else ALL
    with request.config.stash[blocking_manager_key].unblock():
        _shared_rows_bring(wanted)
    result = yield
    if transactional:
        _shared_rows = NONE  # set up, so its teardown flushes everything (a skipped test's never was)
    return result


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database is built from the models (--no-migrations in pyproject.toml; core/tests/test_migrations.py
    proves the migrations build the same schema); the data migration's reference rows are loaded here, the pack
    before the first test that expects it."""
    global _shared_rows
    from django.db import connection

    from accounts.models import Jurisdiction, Organisation
    from accounts.reference import load_reference_data

    with django_db_blocker.unblock():
        load_reference_data(Jurisdiction, Organisation)
        # SQLite detects its JSON support with a query the first time a JSON value is read: once per worker here,
        # not inside whichever test's pinned query count comes first.
        connection.features.supports_json_field  # noqa: B018
    _shared_rows = REFERENCE


@pytest.fixture(autouse=True)
def _rate_limit_window_fixed(monkeypatch):
    """django-ratelimit counts in fixed windows of wall-clock time, so a test's burst that straddled a window's end
    saw its count start again (61 calls against 60 a minute, all accepted). Its clock stands still in tests."""
    from types import SimpleNamespace

    import django_ratelimit.core

    monkeypatch.setattr(django_ratelimit.core, "time", SimpleNamespace(time=lambda: 1_700_000_000.0))


@pytest.fixture(autouse=True)
def _work_calendar_overlay_empty():
    """No test starts with an entered holiday arrangement (core.workdays reads them once a minute in a server):
    each starts with none, without a query; a test that saves one makes core.workdays read them again."""
    from core import workdays

    workdays.overlay_set(workdays.Overlay(expires_at=workdays.NEVER_EXPIRES))
    yield
    workdays.overlay_clear()


@pytest.fixture(autouse=True)
def _rate_limit_counts_cleared(request, django_db_blocker):
    """The rate limits count in a cache table (core.ratelimit) that no model owns, so a transactional test's flush
    leaves it full: after such a test (the browser journeys, the thread races) it is emptied, so that no test
    meets another's counts. Other tests roll it back with everything else."""
    yield
    if {"transactional_db", "live_server"} & set(request.fixturenames):
        from django.core.cache import caches

        with django_db_blocker.unblock():
            caches["ratelimit"].clear()


@pytest.fixture
def reference_data(transactional_db):
    """Transactional tests flush every table, data-migration rows included: restore the jurisdictions and
    the bureaus and sections (for modules of transactional tests, and the browser journeys)."""
    from accounts.models import Jurisdiction, Organisation
    from accounts.reference import load_reference_data

    load_reference_data(Jurisdiction, Organisation)


@pytest.fixture(scope="module")
def module_db(django_db_setup, django_db_blocker):
    """One transaction around a test module, for data its module-scoped fixtures build once (`module_persona`,
    `module_stored_pack`, a module's `world`): each test still runs in its own savepoint inside it (pytest-django's
    `db` is Django's TestCase, whose atomic nests), as with TestCase.setUpTestData; all of it is rolled back
    after the module's last test. Only for modules without transactional or `no_shared_pack` tests. A
    module-scoped world should hand its tests primary keys, not instances, so that no test sees what an earlier
    one changed in memory."""
    from django.db import transaction

    with django_db_blocker.unblock():
        _shared_rows_bring(ALL)  # before the transaction, so that the rollback keeps them
        with transaction.atomic():
            yield
            transaction.set_rollback(True)


@pytest.fixture(scope="module")
def module_persona(module_db):
    """`module_persona(name)`: the named persona, made once for the module. All are made at once, outside any
    test's savepoint: one made during a test would be rolled back with it."""
    made = {name: persona(name) for name in PERSONAS}
    return made.__getitem__


@pytest.fixture(scope="module")
def module_stored_pack(module_db):
    """`stored_pack`, stored once for the module."""
    from policies.tests.factories import stored_pack_2023

    return stored_pack_2023()


@pytest.fixture
def stored_pack(db):
    """The 2023 pack, stored and published (copied from the first load of the process: see policies/tests/factories.py)."""
    from policies.tests.factories import stored_pack_2023

    return stored_pack_2023()


@pytest.fixture
def profile(enterprise_admin):
    """The confirmed profile of `enterprise_admin`'s enterprise in 珠晖区 (430405), eligible for items 2, 12 and 14."""
    from applications.tests.helpers import ELIGIBLE_PROFILE
    from enterprises.tests.factories import make_profile

    return make_profile(enterprise=enterprise_admin.organisation, data=ELIGIBLE_PROFILE)


@pytest.fixture
def open_window(stored_pack, city_sme):
    """The city reopens the 2023 window for 30 days from today, for views that judge the window on today's date."""
    import datetime as dt

    from applications import services

    services.submission_window_set(actor=city_sme, pack=stored_pack, jurisdiction=None, kind="city_reopened",
                                   closes_on=dt.date.today() + dt.timedelta(days=30), reason="测试重新开放")  # fmt: skip


@pytest.fixture
def submitted(stored_pack, profile, enterprise_admin):
    """`enterprise_admin`'s item-2 application, complete and submitted in the 2023 window (built directly)."""
    from applications.tests.factories import ApplicationFactory

    return ApplicationFactory(enterprise=enterprise_admin.organisation, pack=stored_pack, submitted=True)


@pytest.fixture
def walked_submission(stored_pack, profile, enterprise_admin):
    """The same application as `submitted`, filled in and submitted through the services: for tests of what
    the workflow records on its way (audit trail, timeline)."""
    from applications import services
    from applications.tests.helpers import IN_WINDOW, new_complete

    application = new_complete(stored_pack, enterprise_admin, 2)
    return services.application_submit(actor=enterprise_admin, application=application, now=IN_WINDOW)
