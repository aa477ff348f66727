"""What the backup and restore tests share: the source database's schema version recorded as the code's, a
second database to restore into (a SQLite file, or a PostgreSQL database created for the test and dropped after),
`manage.py restore` and a probe of the restored database run there in subprocesses, and archives with one byte
changed or a manifest rewritten."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from django.apps import apps
from django.conf import settings
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.test.utils import override_settings

from operations.backup_manifest import MANIFEST_DIGEST_NAME, MANIFEST_NAME, manifest_encode, schema_version_of_code

SUBPROCESS_TIMEOUT = 120


def code_schema() -> dict[str, str]:
    """The code's migrations, which the test run disables (--no-migrations) and builds the schema from the models
    instead (core/tests/test_migrations.py proves the two equal)."""
    with override_settings(MIGRATION_MODULES={}):
        return schema_version_of_code()


def migrations_recorded() -> list[tuple[str, str]]:
    """Record every migration of the code as applied in the test database, as `migrate` would have: a backup
    reports the applied ones and a restore compares them with the code's. Returns what was recorded."""
    from django.db.migrations.loader import MigrationLoader

    with override_settings(MIGRATION_MODULES={}):
        nodes = sorted(MigrationLoader(None, ignore_no_migrations=True).graph.nodes)
    recorder = MigrationRecorder(connection)
    recorder.ensure_schema()
    applied = recorder.applied_migrations()
    added = [node for node in nodes if node not in applied]
    for app, name in added:
        recorder.record_applied(app, name)
    return added


def migrations_unrecorded(added: list[tuple[str, str]]) -> None:
    recorder = MigrationRecorder(connection)
    for app, name in added:
        recorder.record_unapplied(app, name)


def model_counts() -> dict[str, int]:
    """Rows of every model of the source database (many-to-many tables included), by the ORM."""
    counts: dict[str, int] = {}
    for model in apps.get_models(include_auto_created=True):
        if not model._meta.proxy:
            counts[model._meta.label_lower] = model._base_manager.count()
    return counts


@dataclass
class Target:
    """A second, empty database (and media folder) for `manage.py restore`, run as the operator would run it."""

    url: str
    media_root: Path

    def env(self, **extra: str) -> dict[str, str]:
        return {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "DATABASE_URL": self.url,
            "TEST_MEDIA_ROOT": str(self.media_root),
            "PYTEST_XDIST_WORKER": "restored",  # config.settings.test: MEDIA_ROOT = TEST_MEDIA_ROOT / worker
            **extra,
        }

    @property
    def media(self) -> Path:
        return self.media_root / "restored"

    def run(self, *args: str, **extra_env: str) -> subprocess.CompletedProcess:
        return subprocess.run(  # noqa: S603 - this interpreter and the project's manage.py
            [sys.executable, str(settings.BASE_DIR / "manage.py"), *args], env=self.env(**extra_env),
            capture_output=True, text=True, timeout=SUBPROCESS_TIMEOUT, check=False,
        )  # fmt: skip

    def probe(self, receipt_number: str, digest: str) -> dict:
        """Counts, attachment digests, the verification page and the audit chain, read in the restored database."""
        finished = subprocess.run(  # noqa: S603 - this interpreter and PROBE below
            [sys.executable, "-c", PROBE, receipt_number, digest], cwd=settings.BASE_DIR, env=self.env(),
            capture_output=True, text=True, timeout=SUBPROCESS_TIMEOUT, check=False,
        )  # fmt: skip
        assert finished.returncode == 0, finished.stderr
        return json.loads(finished.stdout.splitlines()[-1])


PROBE = """
import json, sys
import django
django.setup()
from django.apps import apps
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse
from applications.digest import submission_digest
from applications.models import Application, Attachment
from applications.services import _submission_payload
from core.models import AuditChainHead, AuditEvent
from core.selectors import audit_chain_verify
from operations.backup_manifest import stream_digests

receipt_number, digest = sys.argv[1:3]
counts = {m._meta.label_lower: m._base_manager.count()
          for m in apps.get_models(include_auto_created=True) if not m._meta.proxy}
files = {}
for attachment in Attachment.objects.all():
    with default_storage.open(attachment.file.name, "rb") as stored:
        found = stream_digests(stored)
    files[attachment.file.name] = {"stored": [found.sha256, found.sm3], "row": [attachment.sha256, attachment.sm3]}
application = Application.objects.get(receipt_number=receipt_number)
verified = audit_chain_verify()
page = Client().get(reverse("documents:verify", args=[receipt_number]), {"digest": digest})
print(json.dumps({
    "counts": counts, "files": files, "verify_status": page.status_code, "verify_page": page.content.decode(),
    "recomputed_digest": submission_digest(_submission_payload(application)),
    "audit_chain": {"checked": verified.checked, "broken": verified.broken and verified.broken.event_id,
                    "hmacs": list(AuditEvent.objects.order_by("id").values_list("chain_hmac", flat=True)),
                    "head": [list(h) for h in AuditChainHead.objects.values_list("last_hmac", "anchor_hmac", "seal")]},
}))
"""


def target_create(tmp_path: Path) -> tuple[Target, Callable[[], None]]:
    """An empty database of the vendor under test, and how to drop it."""
    media_root = tmp_path / "restored-media"
    if connection.vendor == "sqlite":
        return Target(url=f"sqlite:///{tmp_path / 'restored.sqlite3'}", media_root=media_root), lambda: None
    # "hb": hengyang backup; one per test process, so that parallel runs never share it.
    name = f"hb_restore_{os.getpid()}"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    given = connection.settings_dict
    password = f":{quote(given['PASSWORD'], safe='')}" if given.get("PASSWORD") else ""
    url = f"postgres://{quote(given['USER'] or '', safe='')}{password}@{given['HOST'] or '127.0.0.1'}:{given['PORT'] or 5432}/{name}"

    def drop() -> None:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return Target(url=url, media_root=media_root), drop


def byte_changed(archive: Path, member: str, copy: Path) -> Path:
    """A copy of the archive with one byte in the middle of `member`'s content changed."""
    shutil.copyfile(archive, copy)
    with tarfile.open(copy) as opened:
        info = opened.getmember(member)
    with open(copy, "r+b") as raw:
        raw.seek(info.offset_data + info.size // 2)
        byte = raw.read(1)
        raw.seek(-1, os.SEEK_CUR)
        raw.write(bytes([byte[0] ^ 0x01]))
    return copy


def manifest_rewritten(archive: Path, change: Callable[[dict], None], copy: Path) -> Path:
    """A copy of the archive whose manifest `change` edits, sealed again as a backup under these keys would be:
    so that what is refused is the edited fact, not a broken seal."""
    with tarfile.open(archive) as source, tarfile.open(copy, "w", format=tarfile.PAX_FORMAT) as target:
        manifest = json.loads(source.extractfile(MANIFEST_NAME).read())
        change(manifest)
        body, seal = manifest_encode(manifest)
        for member in source.getmembers():
            if member.name == MANIFEST_NAME:
                member.size = len(body)
                target.addfile(member, io.BytesIO(body))
            elif member.name == MANIFEST_DIGEST_NAME:
                member.size = len(seal)
                target.addfile(member, io.BytesIO(seal))
            else:
                target.addfile(member, source.extractfile(member))
    return copy
