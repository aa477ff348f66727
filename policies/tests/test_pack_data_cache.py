"""policies.selectors.pack_current and pack_data_attach: the pack's text is read from the database once per process
and version, then from memory; the row is read without it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from policies import selectors
from policies.models import PolicyPack

pytestmark = pytest.mark.django_db


def test_pack_current_has_the_stored_text(stored_pack):
    pack = selectors.pack_current()
    assert pack.pk == stored_pack.pk
    assert pack.data == PolicyPack.objects.get(pk=stored_pack.pk).data


def test_a_warm_pack_current_is_one_query_without_the_text(stored_pack):
    selectors.pack_current()  # reads the text once
    with CaptureQueriesContext(connection) as queries:
        pack = selectors.pack_current()
        assert pack.data["pack"]["id"] == "hengyang-2023-gxj51"
    assert len(queries) == 1
    assert '"data"' not in queries.captured_queries[0]["sql"]


def test_another_digest_is_read_again(stored_pack, monkeypatch):
    selectors.pack_current()
    cached = PolicyPack.objects.defer("data").get(pk=stored_pack.pk)
    cached.digest = "0" * 64  # another content under the same row: never the cached text
    monkeypatch.setattr(selectors, "_DATA_CACHE", {(stored_pack.pk, "0" * 64): {"stale": True}})
    fresh = PolicyPack.objects.defer("data").get(pk=stored_pack.pk)
    with CaptureQueriesContext(connection) as queries:
        selectors.pack_data_attach(fresh)
    assert len(queries) == 1
    assert fresh.data == PolicyPack.objects.get(pk=stored_pack.pk).data
    assert selectors.pack_data_attach(cached).data == {"stale": True}  # the key is (pk, digest)


def test_a_pack_read_with_its_text_is_left_as_it_is(stored_pack):
    pack = PolicyPack.objects.get(pk=stored_pack.pk)
    with CaptureQueriesContext(connection) as queries:
        assert selectors.pack_data_attach(pack) is pack
    assert len(queries) == 0
