"""`manage.py restore` refuses, before it changes anything, an archive with one byte changed (in the database
dump, in a file, in the manifest), a manifest that names another schema version or database vendor, an archive
written under other keys, and a member the manifest does not list. Each refusal is asked for with --replace
against the test database itself: had any check come after a change, the rows or the files would differ."""

from __future__ import annotations

import io
import json
import tarfile

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command

from operations import restore
from operations.backup_manifest import MANIFEST_NAME
from operations.restore_database import database_facts
from operations.tests.backup_tools import (
    byte_changed,
    manifest_rewritten,
    migrations_recorded,
    migrations_unrecorded,
)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reference_data")]
UPLOAD = "applications/1/material/0123456789abcdef.pdf"


@pytest.fixture
def archive(settings, tmp_path, stored_pack):
    """A backup of the reference rows, the 2023 pack and one stored file; the test process reads the code's
    migrations (the suite disables them) so that its restore compares the schema as a deployment's would."""
    settings.MEDIA_ROOT = tmp_path / "media"
    default_storage.save(UPLOAD, ContentFile(b"%PDF-1.4 uploaded evidence\n"))
    added = migrations_recorded()
    settings.MIGRATION_MODULES = {}
    call_command("backup", str(tmp_path / "backups"), stdout=io.StringIO())
    (made,) = (tmp_path / "backups").glob("hengyang-backup-*.tar")
    yield made
    migrations_unrecorded(added)


def state(settings) -> tuple:
    files = sorted(p.relative_to(settings.MEDIA_ROOT).as_posix() for p in settings.MEDIA_ROOT.rglob("*"))
    return database_facts().counts, files


def refused(path, settings) -> str:
    before = state(settings)
    with pytest.raises(CommandError) as raised:
        call_command("restore", str(path), "--replace", stdout=io.StringIO())
    assert state(settings) == before
    return str(raised.value)


def manifest_of(path) -> dict:
    with tarfile.open(path) as opened:
        return json.loads(opened.extractfile(MANIFEST_NAME).read())


@pytest.mark.parametrize("kind", ["database", "file"])
def test_a_changed_byte_in_a_part_is_refused(archive, settings, tmp_path, kind):
    part = next(p["name"] for p in manifest_of(archive)["parts"] if p["kind"] == kind)
    message = refused(byte_changed(archive, part, tmp_path / "changed.tar"), settings)
    assert restore.PART_TAMPERED.format(name=part, which="SHA-256") in message


def test_a_changed_byte_in_the_manifest_is_refused(archive, settings, tmp_path):
    message = refused(byte_changed(archive, MANIFEST_NAME, tmp_path / "changed.tar"), settings)
    assert restore.MANIFEST_TAMPERED in message


def test_the_archive_itself_restores(archive, settings):
    """The untouched archive passes the same checks (so the refusals above are the changed byte's)."""
    default_storage.delete(UPLOAD)
    out = io.StringIO()
    call_command("restore", str(archive), "--replace", stdout=out)
    assert "行数与清单一致" in out.getvalue()
    assert default_storage.open(UPLOAD).read() == b"%PDF-1.4 uploaded evidence\n"


def test_another_schema_version_is_refused(archive, settings, tmp_path):
    def older(manifest):
        manifest["schema"]["applications"] = "0001_initial"

    message = refused(manifest_rewritten(archive, older, tmp_path / "older.tar"), settings)
    assert "schema version mismatch" in message and "applications：备份为 0001_initial" in message


def test_another_database_vendor_is_refused(archive, settings, tmp_path):
    other = {"sqlite": "postgresql", "postgresql": "sqlite"}

    def moved(manifest):
        manifest["database"]["vendor"] = other[manifest["database"]["vendor"]]

    message = refused(manifest_rewritten(archive, moved, tmp_path / "moved.tar"), settings)
    assert "database vendor mismatch" in message


def test_other_keys_are_refused(archive, settings):
    """A restore under another PERSONAL_DATA_KEY would leave every ID and mobile number unreadable."""
    settings.PERSONAL_DATA_KEY = "another-personal-data-key-0123456789abcdef"
    message = refused(archive, settings)
    assert restore.KEYS_DIFFER.format(keys="PERSONAL_DATA_KEY") in message


def test_a_manifest_sealed_under_another_audit_key_is_refused(archive, settings, tmp_path):
    """A manifest edited and sealed again by someone without the key (the fingerprints in it still match)."""
    ours = settings.AUDIT_HMAC_KEY
    settings.AUDIT_HMAC_KEY = "another-audit-key-0123456789abcdefghijklmnop"
    forged = manifest_rewritten(archive, lambda manifest: manifest["packs"].clear(), tmp_path / "forged.tar")
    settings.AUDIT_HMAC_KEY = ours
    assert restore.MANIFEST_FORGED in refused(forged, settings)


def test_a_member_the_manifest_does_not_list_is_refused(archive, settings, tmp_path):
    extra = tmp_path / "extra.tar"
    extra.write_bytes(archive.read_bytes())
    with tarfile.open(extra, "a") as opened:
        info = tarfile.TarInfo("media/planted.txt")
        info.size = 3
        opened.addfile(info, io.BytesIO(b"abc"))
    assert restore.PART_UNLISTED.format(name="media/planted.txt") in refused(extra, settings)
