"""Issue 16 §4: the rate limits' counters live in the shared database cache, are exact, and keep their window."""

import datetime as dt
import threading

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import RequestFactory

from core.ratelimit import RATE_LIMITED, Refusal, rate_limit_hit, wait_text

pytestmark = pytest.mark.django_db


def _request(ip="198.51.100.1"):
    return RequestFactory().post("/", REMOTE_ADDR=ip)


def test_the_rate_limit_cache_is_a_database_table_not_process_memory():
    cache = caches["ratelimit"]
    cache.set("probe", 1, 60)
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM core_ratelimit_cache")
        assert cursor.fetchone()[0] == 1


def test_incr_keeps_the_expiry_of_the_window():
    cache = caches["ratelimit"]
    cache.add("window", 1, 3600)
    assert cache.incr("window") == 2 and cache.incr("window", 3) == 5
    with connection.cursor() as cursor:
        cursor.execute("SELECT expires FROM core_ratelimit_cache WHERE cache_key LIKE %s", ["%window"])
        expires = cursor.fetchone()[0]
    if isinstance(expires, str):  # SQLite
        expires = dt.datetime.fromisoformat(expires)
    if expires.tzinfo is None:
        expires = expires.replace(tzinfo=dt.UTC)
    # Django's incr set the value again with the default timeout (300 s), so an hour's count lasted five minutes.
    assert expires > dt.datetime.now(dt.UTC) + dt.timedelta(minutes=50)


def test_incr_of_a_missing_key_is_a_value_error():
    with pytest.raises(ValueError):
        caches["ratelimit"].incr("never-added")


def test_limit_per_address_and_per_account(settings):
    settings.RATE_LIMITS = {"demo": {"ip": "3/h", "account": "4/h"}}
    assert [rate_limit_hit(_request(), action="demo") for _ in range(3)] == [None] * 3
    refusal = rate_limit_hit(_request(), action="demo")
    assert isinstance(refusal, Refusal) and 0 < refusal.seconds <= 3600
    assert rate_limit_hit(_request("198.51.100.2"), action="demo") is None  # another address is counted apart
    # One account from many addresses: its own limit.
    hits = [rate_limit_hit(_request(f"203.0.113.{n}"), action="demo", account="13800000000") for n in range(5)]
    assert hits[:4] == [None] * 4 and isinstance(hits[4], Refusal)


def test_the_refusal_is_chinese_and_says_how_long_to_wait():
    assert Refusal(seconds=125).message == RATE_LIMITED.format(wait=" 3 分钟")
    assert "操作过于频繁" in Refusal(seconds=125).message
    assert wait_text(3 * 3600) == "约 3 小时" and wait_text(10) == " 1 分钟"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks: PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_concurrent_increments_are_not_lost():
    cache = caches["ratelimit"]
    cache.add("burst", 0, 3600)
    barrier = threading.Barrier(8)

    def bump():
        barrier.wait()
        for _ in range(5):
            cache.incr("burst")
        connection.close()

    threads = [threading.Thread(target=bump) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert cache.get("burst") == 40
