"""The 申报书 (every form of one application) and its 附件3 绩效目标表 as Word files, for whoever may see the
application: the enterprise, its county, the city once recommended."""

from __future__ import annotations

from io import BytesIO
from typing import Any
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from applications.digest import short_digest
from applications.models import Application
from applications.selectors import commitment_text
from core.text import safe_filename
from documents.application_docx import application_document, performance_targets_document
from documents.docx_base import to_bytes
from documents.exporters.base import DOCX, ApplicationExporter, Progress, Rendered, no_progress, register

DEFAULT_SITE_URL = "http://127.0.0.1:8000"
FILENAME_DRAFT = "草稿"


def verification_url(receipt_number: str | None, digest: str = "") -> str:
    """The public page that checks a printed copy against the platform; "" before submission.

    With the submission's digest, the address carries the 16 digits the footer prints, so that scanning
    the QR code (or typing the printed address) shows the result at once: nobody copies the digest by hand."""
    if not receipt_number:
        return ""
    try:
        path = reverse("documents:verify", kwargs={"receipt_number": receipt_number})
    except NoReverseMatch:
        return ""
    query = f"?{urlencode({'digest': short_digest(digest)})}" if digest else ""
    return (getattr(settings, "SITE_URL", "") or DEFAULT_SITE_URL).rstrip("/") + path + query


def qr_png(url: str) -> bytes | None:
    if not url:
        return None
    out = BytesIO()
    segno.make(url, error="m").save(out, kind="png", scale=6, border=2)
    return out.getvalue()


def export_filename(kind: str, application: Application) -> str:
    """申报书-HY2023-430405-01-00001-某某公司.docx; nothing a file system or a header could trip on."""
    name = safe_filename(application.enterprise.name, fallback="企业")
    return f"{kind}-{application.receipt_number or FILENAME_DRAFT}-{name}.docx"


def application_document_kwargs(application: Application) -> dict[str, Any]:
    """What the builder needs, read from an application whose item, pack and enterprise are loaded."""
    subtypes = list(application.item.data.get("subtypes") or [])
    submitted = timezone.localtime(application.submitted_at) if application.submitted_at else None
    url = verification_url(application.receipt_number, application.submission_digest)
    return {
        "forms": application.forms,
        "answers": application.answers or {},
        "enterprise_name": application.enterprise.name,
        "item_name": f"第{application.item.number}项 {application.item.name}",
        "subtype_name": application.subtype_name,
        "subtype_options": [s["name"] for s in subtypes],
        "receipt_number": application.receipt_number or "",
        "submitted_at": submitted,
        "digest": application.submission_digest,
        "commitment_text": commitment_text(application),
        "commitment_signer": application.commitment_signer,
        "commitment_date": application.commitment_date,
        "verification_url": url,
        "qr_png": qr_png(url),
    }


@register
class ApplicationDocx(ApplicationExporter):
    identifier = "application_docx"
    verbose_name = "申报书（Word）"

    def render(self, progress: Progress = no_progress) -> Rendered:
        application: Application = self.objects["application"]
        doc = application_document(**application_document_kwargs(application))
        progress(1, 1)
        return Rendered(export_filename("申报书", application), DOCX, to_bytes(doc))


def performance_form(application: Application) -> dict | None:
    form_id = application.pack.data.get("pack", {}).get("performance_form", "3")
    return next((f for f in application.forms if f.get("id") == form_id), None)


@register
class PerformanceTargetsDocx(ApplicationExporter):
    identifier = "performance_docx"
    verbose_name = "绩效目标表（Word）"

    @classmethod
    def objects_for(cls, application) -> dict[str, Any] | None:
        return None if performance_form(application) is None else {}  # None: frozen without 附件3

    def render(self, progress: Progress = no_progress) -> Rendered:
        application: Application = self.objects["application"]
        doc = performance_targets_document(
            form=performance_form(application), answers=application.answers or {},
            receipt_number=application.receipt_number or "", digest=application.submission_digest,
        )  # fmt: skip
        progress(1, 1)
        return Rendered(export_filename("绩效目标表", application), DOCX, to_bytes(doc))
