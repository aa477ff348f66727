"""`backup_create`: one archive (an uncompressed tar) holding a consistent dump of the database, every file of
the default storage, and a manifest with the SHA-256 and SM3 of each part (docs/operations.md, 备份与恢复).

Order: the database is dumped first, then the files are copied. Stored files are write-once (a new upload gets a
new name; nothing is overwritten), and a file is stored before the row naming it commits, so every file a row of
the dump names is already in storage when the copy starts: the copied files are a superset of what the dump needs.
The one exception is a file deleted after its row (an attachment removed, an old export swept) between the dump
and the copy; the manifest lists such files under `missing_files` (the names the dump's own snapshot holds) and
the command says so. Copying files first would instead lose every upload made while the dump runs.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import posixpath
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import django
from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, default_storage, storages
from django.db import connection
from django.utils import timezone

from operations.backup_database import database_dump
from operations.backup_manifest import (
    DATABASE_PREFIX,
    FORMAT,
    MANIFEST_DIGEST_NAME,
    MANIFEST_NAME,
    MEDIA_PREFIX,
    DigestingReader,
    key_fingerprints,
    manifest_encode,
)

ARCHIVE_EXISTS = "备份文件已存在：{path}（archive already exists）。"
INSIDE_MEDIA = "备份目录 {path} 位于上传文件目录 {media} 之内，备份会把自己也复制进去：请换一个目录（backup directory inside MEDIA_ROOT）。"


@dataclass(frozen=True)
class BackupResult:
    path: Path
    manifest: dict[str, Any]


def backup_create(*, directory: Path, now: dt.datetime | None = None) -> BackupResult:
    """Write `hengyang-backup-<UTC time>.tar` into `directory`. The archive appears under its name only when
    complete (it is written under a hidden name, flushed to disk, then renamed), readable by its owner alone."""
    now = (now or timezone.now()).astimezone(dt.UTC)
    storage = storages["default"]
    media = storage.location if isinstance(storage, FileSystemStorage) else None  # S3 has no folder on this disk
    if media and directory.resolve().is_relative_to(Path(media).resolve()):
        raise ValueError(INSIDE_MEDIA.format(path=directory, media=media))
    directory.mkdir(parents=True, exist_ok=True)
    final = directory / f"hengyang-backup-{now:%Y%m%dT%H%M%SZ}.tar"
    if final.exists():
        raise FileExistsError(ARCHIVE_EXISTS.format(path=final))
    partial = directory / f".{final.name}.partial"
    try:
        with tempfile.TemporaryDirectory(dir=directory, prefix=".hengyang-backup-") as work:
            manifest = _archive_write(partial, Path(work), now)
        os.replace(partial, final)
    finally:
        partial.unlink(missing_ok=True)
    return BackupResult(path=final, manifest=manifest)


def _archive_write(partial: Path, work: Path, now: dt.datetime) -> dict[str, Any]:
    with open(partial, "xb", opener=lambda path, flags: os.open(path, flags, 0o600)) as raw:
        with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as archive:
            dump, facts = database_dump(work)
            with open(dump, "rb") as source:
                parts = [_add(archive, DATABASE_PREFIX + dump.name, source, dump.stat().st_size, now, "database")]
            dump.unlink()
            copied: set[str] = set()
            for name in storage_walk(default_storage):
                try:
                    size = default_storage.size(name)
                    source = default_storage.open(name, "rb")
                except FileNotFoundError:  # deleted since it was listed
                    continue
                with source:
                    parts.append(_add(archive, MEDIA_PREFIX + name, source, size, now, "file"))
                copied.add(name)
            manifest = _manifest(now, facts, parts, missing=sorted(facts.referenced_files - copied))
            body, seal = manifest_encode(manifest)
            _add_bytes(archive, MANIFEST_NAME, body, now)
            _add_bytes(archive, MANIFEST_DIGEST_NAME, seal, now)
        raw.flush()
        os.fsync(raw.fileno())
    return manifest


def storage_walk(storage: Storage, path: str = "") -> Iterator[str]:
    """Every file of a storage through its API (listdir), so that the local disk and an S3 bucket are walked
    alike. A storage that was never written to has no root yet: nothing to walk."""
    try:
        directories, files = storage.listdir(path)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield posixpath.join(path, name)
    for name in sorted(directories):
        yield from storage_walk(storage, posixpath.join(path, name))


def _add(archive: tarfile.TarFile, name: str, source: IO[bytes], size: int, now: dt.datetime, kind: str) -> dict:
    """Stream one part into the archive, digesting it on the way (tarfile copies it in chunks)."""
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = size, int(now.timestamp()), 0o600
    reader = DigestingReader(source)
    archive.addfile(info, reader)
    digests = reader.digests()
    return {"name": name, "kind": kind, "size": digests.size, "sha256": digests.sha256, "sm3": digests.sm3}


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes, now: dt.datetime) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = len(data), int(now.timestamp()), 0o600
    archive.addfile(info, io.BytesIO(data))


def _manifest(now: dt.datetime, facts, parts: list[dict], *, missing: list[str]) -> dict[str, Any]:
    files = [p for p in parts if p["kind"] == "file"]
    return {
        "format": FORMAT,
        "created_at": now.isoformat(timespec="seconds").replace("+00:00", "Z"),
        "database": {"vendor": connection.vendor, "part": parts[0]["name"]},
        "schema": facts.schema,
        "packs": facts.packs,
        "counts": facts.counts,
        "storage": {
            "backend": f"{type(storages['default']).__module__}.{type(storages['default']).__name__}",
            "files": len(files),
            "bytes": sum(p["size"] for p in files),
        },
        "missing_files": missing,
        "keys": key_fingerprints(),
        "platform": {"git_commit": git_commit(), "django": django.get_version()},
        "parts": parts,
    }


def git_commit() -> str | None:
    """The platform's commit: $GIT_COMMIT where the deployment sets it (a release without .git), else git's."""
    if os.environ.get("GIT_COMMIT"):
        return os.environ["GIT_COMMIT"]
    try:
        found = subprocess.run(["git", "rev-parse", "HEAD"], cwd=settings.BASE_DIR, capture_output=True,  # noqa: S607
                               text=True, check=False, timeout=10)  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        return None
    return found.stdout.strip() or None if found.returncode == 0 else None
