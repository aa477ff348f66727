"""The demo city copied between journeys (e2e/snapshot.py): the copy restores exactly the rows and files the seed
wrote, whatever the database held before, new rows still get fresh keys, and the seed runs once."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from accounts.models import Jurisdiction, Organisation, User
from accounts.reference import load_reference_data
from e2e.snapshot import _dump, seeded_once

pytestmark = pytest.mark.django_db(transaction=True)


def _rows(dump: dict) -> dict:
    """Each table's rows in a fixed order: a table's physical order after a restore is PostgreSQL's to choose
    (a DELETE's freed space is reused), and the copy promises the rows, not their order."""
    return {
        table: sorted(rows.splitlines()) if isinstance(rows, bytes) else (rows[0], sorted(rows[1], key=repr))
        for table, rows in dump.items()
    }


@pytest.fixture(autouse=True)
def reference_data():
    """This module needs no browser (e2e/conftest.py's fixture of the same name starts one)."""
    load_reference_data(Jurisdiction, Organisation)


def test_the_seed_runs_once_and_its_copy_replaces_what_is_there(tmp_path):
    calls, names = [], []

    def seed():
        calls.append(1)
        User.objects.create_user(username="seeded_a", password="x-Unused-2023")
        User.objects.create_user(username="seeded_b", password="x-Unused-2023")
        names.append(default_storage.save("snapshot-test/seeded.txt", ContentFile(b"seeded")))
        return [{"username": "seeded_a"}, {"username": "seeded_b"}]

    assert seeded_once(tmp_path, seed) == [{"username": "seeded_a"}, {"username": "seeded_b"}]
    after_seed = _rows(_dump())

    # What a later journey's database may hold instead: other rows, a changed one, the file gone.
    User.objects.filter(username="seeded_b").delete()
    User.objects.filter(username="seeded_a").update(first_name="改过")
    User.objects.create_user(username="someone_else", password="x-Unused-2023")
    default_storage.delete(names[0])

    assert seeded_once(tmp_path, seed) == [{"username": "seeded_a"}, {"username": "seeded_b"}]
    assert calls == [1]
    assert _rows(_dump()) == after_seed
    assert sorted(User.objects.values_list("username", flat=True)) == ["seeded_a", "seeded_b"]
    assert (Path(settings.MEDIA_ROOT) / names[0]).read_bytes() == b"seeded"
    default_storage.delete(names[0])
    newest = max(User.objects.values_list("pk", flat=True))
    assert User.objects.create_user(username="after_restore", password="x-Unused-2023").pk > newest
