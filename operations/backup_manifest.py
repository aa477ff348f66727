"""What a backup archive says about itself: the manifest's format, the digests of its parts, the schema version
of this code, and fingerprints of the keys the data was written under. Shared by `backup` and `restore`."""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from typing import IO, Any

from django.conf import settings
from django.db.migrations.loader import MigrationLoader

from core.sm3 import hmac_sm3_hex, new_sm3

FORMAT = "hengyang-backup/1"
MANIFEST_NAME = "manifest.json"
# The manifest's own digests (it cannot hold them), keyed with AUDIT_HMAC_KEY: a restore under other keys, or of
# a manifest changed by hand, stops before anything is touched.
MANIFEST_DIGEST_NAME = "manifest.digest.json"
DATABASE_PREFIX = "database/"
MEDIA_PREFIX = "media/"
CHUNK_BYTES = 1024 * 1024
# The keys without which restored data is unusable (docs/operations.md): personal data is SM4-encrypted under the
# first, the audit chain is an HMAC-SM3 chain under the second. The manifest holds a one-way fingerprint of each.
KEY_SETTINGS = ("PERSONAL_DATA_KEY", "AUDIT_HMAC_KEY")
_FINGERPRINT_MESSAGE = b"hengyang-backup key fingerprint"


@dataclass(frozen=True)
class Digests:
    size: int
    sha256: str
    sm3: str


class DigestingReader:
    """A file object that digests what is read through it (tarfile reads a member's content in chunks)."""

    def __init__(self, raw: IO[bytes] | None = None) -> None:
        self._raw = raw
        self._sha256 = hashlib.sha256()
        self._sm3 = new_sm3()
        self._size = 0

    def read(self, size: int = -1) -> bytes:
        data = self._raw.read(size)
        self.update(data)
        return data

    def update(self, data: bytes) -> None:
        self._sha256.update(data)
        self._sm3.update(data)
        self._size += len(data)

    def digests(self) -> Digests:
        return Digests(size=self._size, sha256=self._sha256.hexdigest(), sm3=self._sm3.hexdigest())


def stream_digests(raw: IO[bytes]) -> Digests:
    reader = DigestingReader(raw)
    while reader.read(CHUNK_BYTES):
        pass
    return reader.digests()


def bytes_digests(data: bytes) -> Digests:
    reader = DigestingReader()
    reader.update(data)
    return reader.digests()


def schema_version_of_code() -> dict[str, str]:
    """The latest migration of every app, as this code defines them (the leaves of the migration graph)."""
    loader = MigrationLoader(None, ignore_no_migrations=True, load=True)
    return dict(sorted(loader.graph.leaf_nodes()))


def schema_version_applied(applied: list[tuple[str, str]]) -> dict[str, str]:
    """The latest applied migration of every app, from the rows of django_migrations. Migration names start with
    their number, so the greatest name of an app is its latest (merges included: they are numbered after both)."""
    latest: dict[str, str] = {}
    for app, name in applied:
        if app not in latest or name > latest[app]:
            latest[app] = name
    return dict(sorted(latest.items()))


def key_fingerprints() -> dict[str, str]:
    return {name: hmac_sm3_hex(getattr(settings, name).encode(), _FINGERPRINT_MESSAGE)[:16] for name in KEY_SETTINGS}


def manifest_encode(manifest: dict[str, Any]) -> tuple[bytes, bytes]:
    """The manifest's bytes and those of its digest file."""
    body = json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True).encode("utf-8")
    digests = bytes_digests(body)
    seal = {"sha256": digests.sha256, "sm3": digests.sm3, "hmac_sm3": _manifest_hmac(body)}
    return body, json.dumps(seal, indent=2, sort_keys=True).encode("utf-8")


def manifest_seal_problem(body: bytes, seal: dict[str, Any]) -> str:
    """Why the manifest's bytes do not match its digest file ("" when they do): "digest" for a changed manifest,
    "key" for one sealed under another AUDIT_HMAC_KEY (or forged)."""
    digests = bytes_digests(body)
    if not (hmac.compare_digest(str(seal.get("sha256", "")), digests.sha256)
            and hmac.compare_digest(str(seal.get("sm3", "")), digests.sm3)):  # fmt: skip
        return "digest"
    if not hmac.compare_digest(str(seal.get("hmac_sm3", "")), _manifest_hmac(body)):
        return "key"
    return ""


def _manifest_hmac(body: bytes) -> str:
    return hmac_sm3_hex(settings.AUDIT_HMAC_KEY.encode(), body)
