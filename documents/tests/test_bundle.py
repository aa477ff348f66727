"""The application bundle: file order and names, the manifest's digests against the packed bytes, permissions."""

import hashlib
import json
import os
import zipfile
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from docx import Document

from applications import services as application_services
from applications.completeness import item_materials
from applications.digest import short_digest
from applications.tests.factories import ApplicationFactory
from applications.tests.helpers import IN_WINDOW, item, pdf_bytes
from applications.uploads import new_sm3
from core.text import MAX_NAME_CHARS, safe_filename
from documents.bundle import MANIFEST_JSON, MANIFEST_TXT
from documents.exporters import bundle as bundle_exporter
from documents.exporters.base import EXPORTERS, ZIP, Exporter, Rendered
from documents.exporters.bundle import NOT_SUBMITTED, ApplicationBundle
from review import services as review_services

pytestmark = pytest.mark.django_db

WINDOWS_FORBIDDEN = set('/\\:*?"<>|')
LICENSE = "企业营业执照复印件"
BIG_PDF = pdf_bytes(os.urandom(3 * 1024 * 1024 // 2).hex())  # 3 MiB: several read chunks


@pytest.fixture
def submitted(stored_pack, profile, enterprise_admin):
    """Item 2, every required material uploaded, and two more licence files (one of them large)."""
    application = ApplicationFactory(enterprise=enterprise_admin.organisation, pack=stored_pack, complete=True)
    for name, content in (('执照:副本?"2".pdf', pdf_bytes("副本")), ("执照-大.pdf", BIG_PDF)):
        application_services.attachment_add(
            actor=enterprise_admin, application=application, material_id="business_license",
            upload=SimpleUploadedFile(name, content, content_type="application/pdf"),
        )  # fmt: skip
    return application_services.application_submit(actor=enterprise_admin, application=application, now=IN_WINDOW)


class StandIn(Exporter):
    """Stands for the 申报书 / 绩效目标表 exporters in tests of the bundle itself."""

    content = b""

    @classmethod
    def for_user(cls, user, params):
        from applications.permissions import get_application_for_user_or_404

        get_application_for_user_or_404(user, int(params["application"]))
        return cls(user=user, options=cls.options_model())

    def render(self, progress=lambda done, total: None):
        return Rendered("x", "application/octet-stream", self.content)


def stand_in(content: bytes) -> type[Exporter]:
    return type("StandIn", (StandIn,), {"content": content, "identifier": "stand_in", "verbose_name": "替身"})


@pytest.fixture
def stand_ins(monkeypatch):
    generators = [
        ("01-申报书.docx", "申报书", stand_in(b"application docx")),
        ("02-绩效目标表.docx", "绩效目标表（附件3）", stand_in(b"performance docx")),
        ("02-绩效目标表.xlsx", "绩效目标表（附件3）", stand_in(b"performance xlsx")),
    ]
    monkeypatch.setattr(bundle_exporter, "_generators", lambda: generators)
    return generators


def render(user, application, progress=None) -> Rendered:
    exporter = ApplicationBundle.for_user(user, {"application": str(application.pk)})
    return exporter.render(progress) if progress else exporter.render()


def open_zip(rendered: Rendered) -> zipfile.ZipFile:
    return zipfile.ZipFile(BytesIO(rendered.content))


def expected_material_names(application) -> list[str]:
    """Checklist order: the item's uploaded materials, numbered from 03, files of one material from 1."""
    names, number = [], 2
    attachments = list(application.attachments.order_by("uploaded_at", "pk"))
    for material in item_materials(application):
        files = [a for a in attachments if a.material_id == material["id"]]
        if files:
            number += 1
            names += [f"{number:02d}-{safe_filename(material['name'])}-{i}.{a.kind}" for i, a in enumerate(files, 1)]
    return names


def test_files_in_checklist_order_with_numbered_safe_names(submitted, enterprise_admin, stand_ins):
    rendered = render(enterprise_admin, submitted)
    assert rendered.mimetype == ZIP
    assert rendered.filename == f"申报材料包-{submitted.receipt_number}-{submitted.enterprise.name}.zip"
    names = open_zip(rendered).namelist()
    assert names[:3] == ["01-申报书.docx", "02-绩效目标表.docx", "02-绩效目标表.xlsx"]
    assert names[3:-2] == expected_material_names(submitted)
    assert names[-2:] == [MANIFEST_TXT, MANIFEST_JSON]
    assert names[3] == "03-企业基本情况-1.pdf"
    assert [n for n in names if LICENSE in n] == [f"04-{LICENSE}-1.pdf", f"04-{LICENSE}-2.pdf", f"04-{LICENSE}-3.pdf"]
    assert len(names) == len(set(names)) == 3 + submitted.attachments.count() + 2
    for name in names:
        assert not WINDOWS_FORBIDDEN & set(name), name
        stem = name.rsplit("-", 1)[0]
        assert len(stem) <= len("03-") + MAX_NAME_CHARS
    for info in open_zip(rendered).infolist():
        assert info.compress_type == zipfile.ZIP_DEFLATED


def test_the_manifest_matches_every_member(submitted, enterprise_admin, stand_ins):
    archive = open_zip(render(enterprise_admin, submitted))
    manifest = json.loads(archive.read(MANIFEST_JSON))
    assert manifest["submission_digest"] == submitted.submission_digest
    assert manifest["receipt_number"] == submitted.receipt_number
    assert manifest["enterprise"] == submitted.enterprise.name
    assert manifest["item"] == f"2. {submitted.item.name}"
    assert manifest["submitted_at"].startswith("2023-08-01T10:00:00")
    listed = [f["name"] for f in manifest["files"]]
    assert listed == archive.namelist()[:-2]
    for entry in manifest["files"]:
        content = archive.read(entry["name"])
        sm3 = new_sm3()
        sm3.update(content)
        assert entry["size"] == len(content)
        assert entry["sha256"] == hashlib.sha256(content).hexdigest()
        assert entry["sm3"] == sm3.hexdigest()
    uploads = manifest["files"][3:]
    assert all(entry["matches_upload"] for entry in uploads)
    stored = {(a.sha256, a.sm3, a.size) for a in submitted.attachments.all()}
    assert {(e["sha256"], e["sm3"], e["size"]) for e in uploads} == stored
    assert any(entry["size"] == len(BIG_PDF) for entry in uploads)
    assert {e["original_name"] for e in uploads if LICENSE in e["material"]} >= {'执照:副本?"2".pdf', "执照-大.pdf"}

    text = archive.read(MANIFEST_TXT).decode("utf-8-sig")
    for expected in (f"回执号：{submitted.receipt_number}", f"申报单位：{submitted.enterprise.name}",
                     f"提交数据摘要（SM3）：{submitted.submission_digest}", "2023-08-01T10:00:00+08:00"):  # fmt: skip
        assert expected in text, expected
    for entry in manifest["files"]:
        assert entry["name"] in text and entry["sha256"] in text and entry["sm3"] in text
    assert "警告" not in text


def test_the_manifest_names_the_verification_page(submitted, enterprise_admin, stand_ins):
    archive = open_zip(render(enterprise_admin, submitted))
    url = json.loads(archive.read(MANIFEST_JSON))["verification_url"]
    digest = short_digest(submitted.submission_digest)
    assert url.endswith(f"/documents/verify/{submitted.receipt_number}/?digest={digest}")
    assert f"核验网址：{url}" in archive.read(MANIFEST_TXT).decode("utf-8-sig")


def test_a_file_changed_in_storage_is_flagged(submitted, enterprise_admin, stand_ins):
    attachment = submitted.attachments.order_by("pk").first()
    with open(attachment.file.path, "ab") as handle:
        handle.write(b"% tampered\n")
    manifest = json.loads(open_zip(render(enterprise_admin, submitted)).read(MANIFEST_JSON))
    flagged = [e for e in manifest["files"] if e["matches_upload"] is False]
    assert len(flagged) == 1 and flagged[0]["size"] == attachment.size + len(b"% tampered\n")
    assert "警告：文件内容与上传时记录的摘要不一致" in open_zip(render(enterprise_admin, submitted)).read(
        MANIFEST_TXT
    ).decode("utf-8-sig")


def test_progress_is_reported_per_file(submitted, enterprise_admin, stand_ins):
    calls = []
    render(enterprise_admin, submitted, progress=lambda done, total: calls.append((done, total)))
    total = 3 + submitted.attachments.count() + 1
    assert calls[-1] == (total, total)
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)
    assert len(calls) >= total and {t for _, t in calls} == {total}


def test_the_county_may_download_it_and_others_get_404(submitted, county_industry, other_county, enterprise_user,
                                                       city_section, stand_ins):  # fmt: skip
    assert open_zip(render(county_industry, submitted)).namelist()[0] == "01-申报书.docx"
    for user in (other_county, enterprise_user, city_section):
        with pytest.raises(Http404):
            ApplicationBundle.for_user(user, {"application": submitted.pk})


def test_no_bundle_of_a_draft_or_of_a_returned_application(stored_pack, submitted, enterprise_admin, county_finance):
    review_services.county_opinion_record(
        actor=county_finance, application=submitted, decision="return", reason="补材料"
    )
    with pytest.raises(Http404) as excinfo:
        ApplicationBundle.for_user(enterprise_admin, {"application": submitted.pk})
    assert str(excinfo.value) == NOT_SUBMITTED
    draft = application_services.application_create(
        actor=enterprise_admin, enterprise=enterprise_admin.organisation, item=item(stored_pack, 5), now=IN_WINDOW
    )  # item 5: item 12 may not be applied for beside item 2, nor a third project beside two
    with pytest.raises(Http404):
        ApplicationBundle.for_user(enterprise_admin, {"application": draft.pk})


def test_registered_as_a_background_export():
    assert EXPORTERS["application_bundle"] is ApplicationBundle
    assert ApplicationBundle.background is True and ApplicationBundle.verbose_name == "申报材料包（ZIP）"


def test_with_the_real_application_exporters(submitted, enterprise_admin):
    """The 申报书 and 绩效目标表 as the platform renders them: Word and Excel files that open."""
    import openpyxl

    archive = open_zip(render(enterprise_admin, submitted))
    names = archive.namelist()
    assert names[:3] == ["01-申报书.docx", "02-绩效目标表.docx", "02-绩效目标表.xlsx"]
    application_text = "\n".join(p.text for p in Document(BytesIO(archive.read("01-申报书.docx"))).paragraphs)
    assert submitted.enterprise.name in application_text
    Document(BytesIO(archive.read("02-绩效目标表.docx")))
    openpyxl.load_workbook(BytesIO(archive.read("02-绩效目标表.xlsx")))
    manifest = json.loads(archive.read(MANIFEST_JSON))
    assert [f["name"] for f in manifest["files"]] == names[:-2]
