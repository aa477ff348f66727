"""`backup_restore`: check a backup archive completely, then restore its files and its database.

Nothing is touched before every check has passed: the manifest's own digests and its HMAC-SM3, the SHA-256 and
SM3 of every part, the database vendor, the schema version of this code, the keys, and an empty target database
(unless `replace`). Files are restored before the database: should the database load fail, the storage holds a
few more files than before (files are write-once, so none is lost), never rows naming files it lacks.
"""

from __future__ import annotations

import json
import posixpath
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.files import File
from django.core.files.storage import default_storage
from django.db import connection

from operations.backup_manifest import (
    FORMAT,
    MANIFEST_DIGEST_NAME,
    MANIFEST_NAME,
    MEDIA_PREFIX,
    key_fingerprints,
    manifest_seal_problem,
    schema_version_of_code,
    stream_digests,
)
from operations.restore_database import database_facts, database_load, database_tables_with_rows

UNCHANGED = "未做任何更改（nothing was changed）。"
ARCHIVE_UNREADABLE = "无法读取备份文件 {path}：{error}（not a readable tar archive）。" + UNCHANGED
MANIFEST_MISSING = "备份文件中缺少 {name}，不是本平台的备份（not a platform backup archive）。" + UNCHANGED
MANIFEST_TAMPERED = (
    "备份清单已被改动或损坏：manifest.json 的 SHA-256/SM3 与 manifest.digest.json 不符（manifest digest mismatch）。"
    + UNCHANGED
)
MANIFEST_FORGED = (
    "备份清单的 HMAC-SM3 校验未通过：清单不是用本环境的 AUDIT_HMAC_KEY 生成的，或已被改动（manifest HMAC mismatch）。"
    + UNCHANGED
)
FORMAT_UNKNOWN = "不认识的备份格式：{found}，本平台读取 {expected}（unknown archive format）。" + UNCHANGED
KEYS_DIFFER = (
    "本环境的 {keys} 与备份时不同（key fingerprint mismatch）：恢复后个人信息无法解密、审计链无法校验。"
    "请使用备份时的密钥。" + UNCHANGED
)
VENDOR_MISMATCH = "数据库类型不符：备份来自 {archive}，本环境为 {here}（database vendor mismatch）。" + UNCHANGED
SCHEMA_MISMATCH = (
    "数据库结构版本与本平台代码不符（schema version mismatch）：{differences}。"
    "请用与备份时相同版本的平台代码恢复。" + UNCHANGED
)
MEMBER_UNSAFE = "备份文件中有不安全的条目：{name}（unsafe member name or type）。" + UNCHANGED
PART_MISSING = "备份文件不完整：清单中的 {name} 不在备份中（part missing）。" + UNCHANGED
PART_UNLISTED = "备份文件中有清单未列出的条目：{name}（unlisted member）。" + UNCHANGED
PART_TAMPERED = "备份文件已损坏或被改动：{name} 的 {which} 与清单不符（digest mismatch）。" + UNCHANGED
DATABASE_NOT_EMPTY = (
    "目标数据库不是空的（database not empty）：{tables} 等 {count} 张表已有数据。"
    "如确需用备份覆盖它，请加 --replace。" + UNCHANGED
)
COUNTS_DIFFER = "恢复后的行数与备份清单不符（row counts differ after restore）：{differences}。"
DIGEST_NAMES = {"size": "大小", "sha256": "SHA-256", "sm3": "SM3"}
FILE_NAME_TAKEN = "文件 {name} 恢复后的名称变成了 {saved}（storage renamed the file）。"


class RestoreRefused(Exception):
    """The archive or the target was refused before anything was changed."""


@dataclass(frozen=True)
class RestoreResult:
    manifest: dict[str, Any]
    rows: int
    tables: int
    files: int
    files_unchanged: int
    bytes: int
    replaced: list[str] = field(default_factory=list)  # the models that held rows before (with replace)


def backup_restore(*, archive_path: Path, replace: bool = False) -> RestoreResult:
    with _open(archive_path) as archive:
        members, manifest = archive_verify(archive)
        replaced = database_tables_with_rows()
        if replaced and not replace:
            raise RestoreRefused(DATABASE_NOT_EMPTY.format(tables="、".join(replaced[:5]), count=len(replaced)))
        files, unchanged = _files_restore(archive, members, manifest)
        dump_part = manifest["database"]["part"]
        with tempfile.TemporaryDirectory(prefix="hengyang-restore-") as work:
            dump = Path(work) / posixpath.basename(dump_part)
            with archive.extractfile(members[dump_part]) as source, open(dump, "wb") as target:
                while chunk := source.read(1024 * 1024):
                    target.write(chunk)
            database_load(dump, replace=replace)
    facts = database_facts()
    differences = [f"{label} 应为 {count} 行、实为 {facts.counts.get(label)} 行"
                   for label, count in manifest["counts"].items() if facts.counts.get(label) != count]  # fmt: skip
    if differences:
        raise RuntimeError(COUNTS_DIFFER.format(differences="；".join(differences[:10])))
    file_parts = [p for p in manifest["parts"] if p["kind"] == "file"]
    return RestoreResult(
        manifest=manifest, rows=sum(facts.counts.values()), tables=len(facts.counts), files=files,
        files_unchanged=unchanged, bytes=sum(p["size"] for p in file_parts), replaced=replaced,
    )  # fmt: skip


def _open(path: Path) -> tarfile.TarFile:
    try:
        return tarfile.open(path, "r:")
    except (OSError, tarfile.TarError) as error:
        raise RestoreRefused(ARCHIVE_UNREADABLE.format(path=path, error=error)) from None


def archive_verify(archive: tarfile.TarFile) -> tuple[dict[str, tarfile.TarInfo], dict[str, Any]]:
    """Every check that needs no change: returns the archive's members by name and its manifest."""
    try:
        listed = archive.getmembers()
    except (OSError, tarfile.TarError) as error:
        raise RestoreRefused(ARCHIVE_UNREADABLE.format(path=archive.name, error=error)) from None
    members: dict[str, tarfile.TarInfo] = {}
    for member in listed:
        name = member.name
        if not member.isfile() or name in members or name.startswith("/") or ".." in name.split("/"):
            raise RestoreRefused(MEMBER_UNSAFE.format(name=name))
        members[name] = member
    manifest = _manifest_read(archive, members)
    _compatibility_check(manifest)
    parts = {part["name"]: part for part in manifest["parts"]}
    for name in members.keys() - parts.keys() - {MANIFEST_NAME, MANIFEST_DIGEST_NAME}:
        raise RestoreRefused(PART_UNLISTED.format(name=name))
    for name, part in parts.items():
        if name not in members:
            raise RestoreRefused(PART_MISSING.format(name=name))
        with archive.extractfile(members[name]) as source:
            digests = stream_digests(source)
        for which in ("size", "sha256", "sm3"):
            if getattr(digests, which) != part[which]:
                raise RestoreRefused(PART_TAMPERED.format(name=name, which=DIGEST_NAMES[which]))
    return members, manifest


def _manifest_read(archive: tarfile.TarFile, members: dict[str, tarfile.TarInfo]) -> dict[str, Any]:
    for name in (MANIFEST_NAME, MANIFEST_DIGEST_NAME):
        if name not in members:
            raise RestoreRefused(MANIFEST_MISSING.format(name=name))
    body = archive.extractfile(members[MANIFEST_NAME]).read()
    try:
        seal = json.loads(archive.extractfile(members[MANIFEST_DIGEST_NAME]).read())
    except ValueError:
        raise RestoreRefused(MANIFEST_TAMPERED) from None
    problem = manifest_seal_problem(body, seal if isinstance(seal, dict) else {})
    if problem == "digest":
        raise RestoreRefused(MANIFEST_TAMPERED)
    try:
        manifest = json.loads(body)
    except ValueError:
        raise RestoreRefused(MANIFEST_TAMPERED) from None
    if problem == "key":
        _keys_check(manifest)  # names the key when it is the keys that differ
        raise RestoreRefused(MANIFEST_FORGED)
    if manifest.get("format") != FORMAT:
        raise RestoreRefused(FORMAT_UNKNOWN.format(found=manifest.get("format"), expected=FORMAT))
    return manifest


def _keys_check(manifest: dict[str, Any]) -> None:
    ours = key_fingerprints()
    differ = [name for name, fingerprint in ours.items() if (manifest.get("keys") or {}).get(name) != fingerprint]
    if differ:
        raise RestoreRefused(KEYS_DIFFER.format(keys="、".join(differ)))


def _compatibility_check(manifest: dict[str, Any]) -> None:
    vendor = manifest["database"]["vendor"]
    if vendor != connection.vendor:
        raise RestoreRefused(VENDOR_MISMATCH.format(archive=vendor, here=connection.vendor))
    code, archived = schema_version_of_code(), manifest["schema"]
    differences = [f"{app}：备份为 {archived.get(app) or '无'}，代码为 {code.get(app) or '无'}"
                   for app in sorted(code.keys() | archived.keys()) if code.get(app) != archived.get(app)]  # fmt: skip
    if differences:
        raise RestoreRefused(SCHEMA_MISMATCH.format(differences="；".join(differences[:5])))
    _keys_check(manifest)


def _files_restore(archive: tarfile.TarFile, members: dict[str, tarfile.TarInfo], manifest: dict) -> tuple[int, int]:
    """Write every file part into the default storage under its own name. A file already there with the same
    content is left alone; one with other content is replaced (the restored rows name the archive's)."""
    restored = unchanged = 0
    for part in manifest["parts"]:
        if part["kind"] != "file":
            continue
        name = part["name"].removeprefix(MEDIA_PREFIX)
        if default_storage.exists(name):
            with default_storage.open(name, "rb") as present:
                if stream_digests(present).sha256 == part["sha256"]:
                    unchanged += 1
                    continue
            default_storage.delete(name)
        with archive.extractfile(members[part["name"]]) as source:
            saved = default_storage.save(name, File(source, name=name))
        if saved != name:
            raise RuntimeError(FILE_NAME_TAKEN.format(name=name, saved=saved))
        restored += 1
    return restored + unchanged, unchanged
