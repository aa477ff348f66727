"""`manage.py backup DIR`: the archive is private and appears only complete; a file deleted between the dump and
the copy of the files is named in the manifest and on the console; a failed backup leaves nothing behind."""

from __future__ import annotations

import hashlib
import io
import json
import stat
import tarfile

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command

from core.sm3 import sm3_hex
from operations import backup
from operations.backup_manifest import MANIFEST_NAME
from operations.tests.backup_tools import byte_changed

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reference_data")]


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def test_the_archive_holds_the_dump_the_files_and_a_manifest(media, tmp_path):
    default_storage.save("documents/exports/附件4.xlsx", ContentFile(b"spreadsheet"))
    out = io.StringIO()
    call_command("backup", str(tmp_path / "backups"), stdout=out)
    (archive,) = (tmp_path / "backups").iterdir()
    assert archive.name.startswith("hengyang-backup-") and archive.suffix == ".tar"
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600  # it holds every applicant's data
    with tarfile.open(archive) as opened:
        names = opened.getnames()
        manifest = json.loads(opened.extractfile(MANIFEST_NAME).read())
    assert names[-2:] == ["manifest.json", "manifest.digest.json"]
    assert "media/documents/exports/附件4.xlsx" in names
    assert manifest["parts"][0]["kind"] == "database"
    assert manifest["parts"][1] == {
        "name": "media/documents/exports/附件4.xlsx", "kind": "file", "size": 11,
        "sha256": hashlib.sha256(b"spreadsheet").hexdigest(), "sm3": sm3_hex(b"spreadsheet"),
    }  # fmt: skip
    assert manifest["storage"] == {
        "backend": "django.core.files.storage.filesystem.FileSystemStorage", "files": 1, "bytes": 11,
    }  # fmt: skip
    assert str(archive) in out.getvalue() and "文件：1 个" in out.getvalue()


def test_a_file_deleted_between_the_dump_and_the_copy_is_named(media, tmp_path, monkeypatch, walked_submission):
    """An attachment removed (its row deleted, then its file) while the backup runs: the dump still has the row,
    the storage no longer has the file. The manifest lists it from the dump's own snapshot, and the command says so."""
    removed = walked_submission.attachments.first().file.name
    listed = backup.storage_walk

    def walk_while_a_file_is_removed(storage, path=""):
        for name in listed(storage, path):
            if name == removed:
                storage.delete(name)
            yield name

    monkeypatch.setattr(backup, "storage_walk", walk_while_a_file_is_removed)
    err = io.StringIO()
    call_command("backup", str(tmp_path / "backups"), stdout=io.StringIO(), stderr=err)
    (archive,) = (tmp_path / "backups").iterdir()
    with tarfile.open(archive) as opened:
        manifest = json.loads(opened.extractfile(MANIFEST_NAME).read())
        assert f"media/{removed}" not in opened.getnames()
    assert manifest["missing_files"] == [removed]
    assert removed in err.getvalue() and "deleted during the backup" in err.getvalue()


def test_a_failed_backup_leaves_nothing_behind(media, tmp_path, monkeypatch):
    default_storage.save("applications/1/a/0123456789abcdef.pdf", ContentFile(b"%PDF"))

    def storage_fails(storage, path=""):
        raise OSError("对象存储不可达")

    monkeypatch.setattr(backup, "storage_walk", storage_fails)
    with pytest.raises(CommandError, match="备份失败（backup failed）：对象存储不可达"):
        call_command("backup", str(tmp_path / "backups"), stdout=io.StringIO())
    assert list((tmp_path / "backups").iterdir()) == []  # no partial archive, no dump


def test_byte_changed_changes_exactly_one_byte(media, tmp_path):
    """The tampering helper of the refusal tests changes one byte of the member's content and nothing else."""
    call_command("backup", str(tmp_path / "backups"), stdout=io.StringIO())
    (archive,) = (tmp_path / "backups").iterdir()
    changed = byte_changed(archive, MANIFEST_NAME, tmp_path / "changed.tar")
    before, after = archive.read_bytes(), changed.read_bytes()
    assert len(before) == len(after) and sum(a != b for a, b in zip(before, after, strict=True)) == 1


def test_keep_daily_and_monthly_prune_older_archives_after_the_backup(media, tmp_path):
    directory = tmp_path / "backups"
    directory.mkdir()
    for old in ("hengyang-backup-20250101T020000Z.tar", "hengyang-backup-20250102T020000Z.tar", "notes.txt"):
        (directory / old).write_text("x")
    out = io.StringIO()
    call_command("backup", str(directory), "--keep-daily", "1", "--keep-monthly", "2", stdout=out)
    remaining = sorted(p.name for p in directory.iterdir())
    # Today's archive (the newest day and month) and January 2025's newest; the 1st of January goes.
    assert remaining[0] == "hengyang-backup-20250102T020000Z.tar" and remaining[-1] == "notes.txt"
    assert len(remaining) == 3 and remaining[1].startswith("hengyang-backup-2")
    assert "已清理过期备份（pruned）：hengyang-backup-20250101T020000Z.tar" in out.getvalue()


def test_keep_daily_without_keep_monthly_is_refused(tmp_path):
    with pytest.raises(CommandError, match="须同时给出"):
        call_command("backup", str(tmp_path), "--keep-daily", "30")
    assert list(tmp_path.iterdir()) == []


def test_a_directory_inside_the_media_folder_is_refused(media):
    """The walk of the storage would copy the archive being written into itself."""
    with pytest.raises(CommandError, match="backup directory inside MEDIA_ROOT"):
        call_command("backup", str(media / "backups"), stdout=io.StringIO())
    assert not (media / "backups").exists()
