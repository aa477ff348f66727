"""core.passive_session.SessionMiddleware: activity renews a session at most once per
SESSION_RENEW_INTERVAL_SECONDS; a request marked as not activity never does; anonymous pages write no session."""

import datetime as dt

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.passive_session import RENEWED_AT_KEY

pytestmark = pytest.mark.django_db
HOME = reverse("dashboard:home")


def _expire_soon(client) -> tuple[str, dt.datetime]:
    key = client.session.session_key
    soon = timezone.now() + dt.timedelta(minutes=5)
    Session.objects.filter(pk=key).update(expire_date=soon)
    return key, soon


def _session_writes(queries) -> list[str]:
    return [q["sql"] for q in queries if q["sql"].startswith(("UPDATE", "INSERT")) and "django_session" in q["sql"]]


def test_activity_renews_the_session_and_records_when(client, county_industry):
    client.force_login(county_industry)
    key, soon = _expire_soon(client)
    assert client.get(HOME).status_code == 200
    assert Session.objects.get(pk=key).expire_date > soon + dt.timedelta(minutes=20)  # 30 minutes from now
    assert RENEWED_AT_KEY in client.session


def test_activity_within_the_interval_writes_no_session(client, county_industry):
    client.force_login(county_industry)
    client.get(HOME)  # renewed now
    key, soon = _expire_soon(client)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(HOME).status_code == 200
    assert _session_writes(queries.captured_queries) == []
    assert Session.objects.get(pk=key).expire_date == soon


def test_activity_after_the_interval_renews_again(client, county_industry, settings):
    client.force_login(county_industry)
    client.get(HOME)
    session = client.session
    session[RENEWED_AT_KEY] = session[RENEWED_AT_KEY] - settings.SESSION_RENEW_INTERVAL_SECONDS - 1
    session.save()
    key, soon = _expire_soon(client)
    client.get(HOME)
    assert Session.objects.get(pk=key).expire_date > soon + dt.timedelta(minutes=20)


def test_the_interval_is_a_minute_and_the_idle_timeout_thirty(settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_RENEW_INTERVAL_SECONDS == 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is False  # the middleware renews, not a write per request


def test_an_anonymous_page_writes_no_session(client):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("accounts:login")).status_code == 200
    assert _session_writes(queries.captured_queries) == []
    assert Session.objects.count() == 0
