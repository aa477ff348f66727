"""Issue 16 §2: the 安全审计员 exports a date range of the audit log as Excel in a ZIP with a digest manifest
(size, SHA-256 and SM3 of the workbook; the range's boundary HMACs; whether the chain verified). No other role
may; a reversed range is refused."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import zipfile

import pytest
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from core import services
from core.choices import AuditVerb
from core.models import AuditEvent
from core.sm3 import sm3_hex
from documents.bundle import MANIFEST_JSON, MANIFEST_TXT
from documents.exporters.audit_log_xlsx import AuditLogXlsx
from documents.models import ExportJob

pytestmark = pytest.mark.django_db


def _at(monkeypatch, day: dt.date, **record) -> AuditEvent:
    moment = timezone.make_aware(dt.datetime.combine(day, dt.time(10)))
    with monkeypatch.context() as patched:
        patched.setattr(services.timezone, "now", lambda: moment)
        return services.audit_event_record(**record)


@pytest.fixture
def log(monkeypatch, admin, county_industry):
    return [
        _at(monkeypatch, dt.date(2026, 1, 5), actor=admin, verb=AuditVerb.LOGIN, target=admin),
        _at(monkeypatch, dt.date(2026, 1, 6), actor=county_industry, verb=AuditVerb.LOGIN, data={"备注": "=1+1"}),
        _at(monkeypatch, dt.date(2026, 1, 7), actor=county_industry, verb=AuditVerb.LOGOUT),
        _at(monkeypatch, dt.date(2026, 1, 9), actor=admin, verb=AuditVerb.LOGOUT),
    ]


def _open(rendered):
    archive = zipfile.ZipFile(io.BytesIO(rendered.content))
    manifest = json.loads(archive.read(MANIFEST_JSON))
    workbook_name = next(n for n in archive.namelist() if n.endswith(".xlsx"))
    return archive, manifest, archive.read(workbook_name)


@pytest.mark.no_shared_pack  # counts audit events or loads the 2023 pack itself
def test_the_auditor_exports_a_range_with_its_digests(auditor, log):
    exporter = AuditLogXlsx.for_user(auditor, {"date_from": "2026-01-06", "date_to": "2026-01-07"})
    rendered = exporter.render()
    assert rendered.filename == "审计日志-2026-01-06-2026-01-07.zip" and rendered.mimetype == "application/zip"
    archive, manifest, workbook = _open(rendered)
    [entry] = manifest["files"]
    assert entry["size"] == len(workbook) and entry["sha256"] == hashlib.sha256(workbook).hexdigest()
    assert entry["sm3"] == sm3_hex(workbook)
    assert manifest["count"] == 2 and (manifest["first_event_id"], manifest["last_event_id"]) == (log[1].pk, log[2].pk)
    assert manifest["chains_onto"] == log[0].chain_hmac and manifest["last_hmac"] == log[2].chain_hmac
    assert manifest["chain_verified"] is True
    text = archive.read(MANIFEST_TXT).decode("utf-8-sig")
    assert "SM3：" + entry["sm3"] in text and "事件：2 条" in text
    sheet = load_workbook(io.BytesIO(workbook)).active
    rows = [row for row in sheet.iter_rows(min_row=5, values_only=True) if row[0] is not None]
    assert [row[1] for row in rows] == [log[1].pk, log[2].pk]
    assert rows[0][5] == "登录" and rows[0][11] == log[1].chain_hmac
    assert '"备注": "=1+1"' in rows[0][9]  # text, never a formula
    assert sheet["A1"].value.endswith("审计日志")


@pytest.mark.no_shared_pack  # counts audit events or loads the 2023 pack itself
def test_open_ends_export_everything(auditor, log):
    _, manifest, _ = _open(AuditLogXlsx.for_user(auditor, {"date_from": "", "date_to": ""}).render())
    assert manifest["count"] == 4 and manifest["chains_onto"] == "0" * 64


@pytest.mark.parametrize("persona", ["admin", "county_industry", "city_sme", "enterprise_admin"])
def test_no_one_else_may_export(request, persona):
    with pytest.raises(Http404):
        AuditLogXlsx.for_user(request.getfixturevalue(persona), {})


def test_a_reversed_range_is_refused(client, auditor):
    client.force_login(auditor)
    response = client.post(
        reverse("documents:jobs"), {"exporter": "audit_log_xlsx", "date_from": "2026-02-01", "date_to": "2026-01-01"}
    )
    assert response.status_code == 400 and not ExportJob.objects.exists()


def test_the_audit_page_starts_the_export_as_a_job(client, auditor, log):
    client.force_login(auditor)
    page = client.get(reverse("dashboard:audit_log"), {"date_from": "2026-01-06"}).content.decode()
    assert "审计日志（Excel，含摘要清单）" in page and 'value="2026-01-06"' in page
    response = client.post(reverse("documents:jobs"), {"exporter": "audit_log_xlsx", "date_from": "2026-01-06"})
    job = ExportJob.objects.get()
    assert response.status_code == 302 and job.requested_by == auditor
    assert AuditEvent.objects.filter(verb=AuditVerb.EXPORT_REQUESTED, actor=auditor).exists()


def test_another_role_posting_the_export_gets_404(client, admin):
    client.force_login(admin)
    assert client.post(reverse("documents:jobs"), {"exporter": "audit_log_xlsx"}).status_code == 404
    assert not ExportJob.objects.exists()
