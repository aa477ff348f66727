"""The round trip of issue 17 §3 on the database under test (SQLite in CI's first pass, PostgreSQL in its second):
the demo data and a submitted application with its uploads → `manage.py backup` → `manage.py restore` into an
empty second database → the same rows for every model, the same file digests, and the application's digest still
verifies on the public verification page. Then a non-empty database is refused, and replaced with --replace."""

from __future__ import annotations

import io
import json
import tarfile

import pytest
from django.core.management import call_command

from accounts.tests.factories import UserFactory
from applications.digest import submission_digest
from applications.models import Application, Attachment
from applications.services import _submission_payload
from core.models import AuditChainHead, AuditEvent
from core.selectors import audit_chain_verify
from demo.seed import demo_data_load
from documents.views.verify import MESSAGES, VerificationStatus
from operations.backup_manifest import MANIFEST_NAME, key_fingerprints
from operations.restore import DATABASE_NOT_EMPTY
from operations.tests.backup_tools import (
    code_schema,
    migrations_recorded,
    migrations_unrecorded,
    model_counts,
    target_create,
)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reference_data")]


def audit_chain_state() -> dict:
    verified = audit_chain_verify()
    return {
        "checked": verified.checked, "broken": verified.broken and verified.broken.event_id,
        "hmacs": list(AuditEvent.objects.order_by("id").values_list("chain_hmac", flat=True)),
        "head": [list(h) for h in AuditChainHead.objects.values_list("last_hmac", "anchor_hmac", "seal")],
    }  # fmt: skip


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def schema_recorded():
    added = migrations_recorded()
    yield
    migrations_unrecorded(added)


@pytest.fixture
def target(tmp_path):
    made, drop = target_create(tmp_path)
    yield made
    drop()


def backup(directory) -> tuple:
    call_command("backup", str(directory), stdout=io.StringIO())
    (archive,) = sorted(directory.glob("hengyang-backup-*.tar"))
    with tarfile.open(archive) as opened:
        return archive, json.loads(opened.extractfile(MANIFEST_NAME).read())


def test_round_trip_into_an_empty_database(media, schema_recorded, target, tmp_path, walked_submission, settings):
    settings.DEMO_DATA_ALLOWED = True  # the demo's logins, as `make run` seeds them
    demo_data_load()
    application = walked_submission
    attachments = {a.file.name: (a.sha256, a.sm3, a.size) for a in Attachment.objects.filter(application=application)}
    assert attachments, "the submitted application has uploads"
    source_counts = model_counts()

    archive, manifest = backup(tmp_path / "backups")

    # The manifest: every model's rows, every upload with the digests its row holds, the pack, the schema, the keys.
    assert manifest["counts"] == source_counts
    assert manifest["database"]["vendor"] == target.url.split(":")[0].replace("postgres", "postgresql")
    files = {p["name"].removeprefix("media/"): (p["sha256"], p["sm3"], p["size"]) for p in manifest["parts"]
             if p["kind"] == "file"}  # fmt: skip
    assert attachments.items() <= files.items()
    assert [(p["pack_id"], p["version"], p["status"]) for p in manifest["packs"]] == [
        ("hengyang-2023-gxj51", 1, "published")
    ]
    assert manifest["schema"] == code_schema() and manifest["schema"]["applications"]
    assert manifest["keys"] == key_fingerprints()
    assert manifest["missing_files"] == []

    restored = target.run("restore", str(archive))
    assert restored.returncode == 0, restored.stderr
    assert "行数与清单一致" in restored.stdout and "衡市工信〔2023〕51号" in restored.stdout

    probe = target.probe(application.receipt_number, application.submission_digest)
    assert probe["counts"] == source_counts
    assert {name: tuple(found["stored"]) for name, found in probe["files"].items()} == {
        name: digests[:2] for name, digests in attachments.items()
    }
    assert all(found["stored"] == found["row"] for found in probe["files"].values())
    assert probe["verify_status"] == 200
    assert MESSAGES[VerificationStatus.MATCH] in probe["verify_page"]
    # The digest recomputed from the restored rows is the one recomputed from the source's (the stored digest was
    # computed before the submission time went through the database, in another time zone's notation).
    assert probe["recomputed_digest"] == submission_digest(
        _submission_payload(Application.objects.get(pk=application.pk))
    )
    # The audit chain is restored link for link: the same verdict, events and head. (The source's own chain need
    # not verify here: the shared 2023 pack is copied into the test database with its pack_loaded event's HMAC from
    # the first load, policies/tests/factories.py; the audit-chain tests run without it.)
    assert probe["audit_chain"] == audit_chain_state()
    assert sorted(p.relative_to(target.media).as_posix() for p in target.media.rglob("*") if p.is_file()) == sorted(
        files
    )

    # Restoring again into what is now a non-empty database is refused, and changes nothing.
    again = target.run("restore", str(archive))
    assert again.returncode == 1
    assert DATABASE_NOT_EMPTY.split("：")[0] in again.stderr and "--replace" in again.stderr

    # With --replace, a later backup replaces it: one more account at the source, one more in the target.
    UserFactory(username="after_first_backup")
    second, _ = backup(tmp_path / "second")
    replaced = target.run("restore", "--replace", str(second))
    assert replaced.returncode == 0, replaced.stderr
    assert "已覆盖原有数据" in replaced.stdout
    probe = target.probe(application.receipt_number, application.submission_digest)
    assert probe["counts"] == model_counts()
    assert probe["counts"]["accounts.user"] == source_counts["accounts.user"] + 1
    assert MESSAGES[VerificationStatus.MATCH] in probe["verify_page"]
