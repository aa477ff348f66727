"""Writes for an application's attachments (申报材料): add and remove, under the application's lock, each with
its audit event; the limits per material and per application (issue 16 §7)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from applications import material_rules, permissions
from applications.completeness import date_window, item_materials
from applications.locks import lock_application_for_edit
from applications.material_rules import QUERY_DATE_REQUIRED
from applications.models import Application, Attachment
from applications.uploads import inspect_upload
from core.choices import AuditVerb
from core.services import audit_event_record
from core.stored_files import deletes_stored_files_on_rollback, stored_in_transaction

# Issue 16 §7: an account awaiting confirmation, or refused, cannot upload files.
NOT_CONFIRMED_TO_UPLOAD = "企业账号经县级工信部门确认后才能上传申报材料。"
MATERIAL_UNKNOWN = "该事项没有这项材料。"
TOO_MANY_FILES = {
    "material": "这项材料最多上传 {limit} 个文件，已有 {count} 个。请删除不需要的文件，或将多页合并为一个 PDF 后再上传。",
    "application": "一份申报最多上传 {limit} 个文件，已有 {count} 个。请删除不需要的文件，或合并后再上传。",
}
TOO_MANY_BYTES = {
    "material": "这项材料的文件合计不能超过 {limit} MB（已有 {used} MB，本文件 {size} MB）。请压缩后再上传。",
    "application": "一份申报的文件合计不能超过 {limit} MB（已有 {used} MB，本文件 {size} MB）。请压缩后再上传。",
}


@deletes_stored_files_on_rollback
@transaction.atomic
def attachment_add(
    *,
    actor,
    application: Application,
    material_id: str,
    upload: UploadedFile,
    query_date: dt.date | None = None,
    now: dt.datetime | None = None,
) -> Attachment:
    application = lock_application_for_edit(application.pk)
    if not permissions.can_edit_application(actor, application):
        raise PermissionDenied
    if not permissions.can_upload_attachment(actor, application):
        raise ValidationError({"file": NOT_CONFIRMED_TO_UPLOAD})
    material = next((m for m in item_materials(application) if m["id"] == material_id), None)
    if material is None:
        raise ValidationError({"material": MATERIAL_UNKNOWN})
    _check_attachment_limits(application=application, material_id=material_id, size=upload.size)
    check = inspect_upload(upload.name, upload, upload.size, material.get("accept") or ["pdf", "jpg", "png"])
    if not check.ok:
        raise ValidationError({"file": check.message})
    date_rules = material_rules.date_rules(material)
    if date_rules:
        if query_date is None:
            raise ValidationError({"query_date": QUERY_DATE_REQUIRED})
        error = material_rules.query_date_error(date_rules, query_date, date_window(application, now))
        if error:
            raise ValidationError({"query_date": error})
    attachment = Attachment(
        application=application, material_id=material_id, original_name=upload.name[:255], kind=check.kind,
        size=check.size, sha256=check.sha256, sm3=check.sm3, query_date=query_date, uploaded_by=actor,
    )  # fmt: skip
    attachment.file.save(f"{check.sha256[:16]}.{check.kind}", upload, save=False)
    stored_in_transaction(attachment.file)
    attachment.save()
    audit_event_record(
        actor=actor, verb=AuditVerb.ATTACHMENT_ADDED, target=application,
        data={"material": material_id, "name": attachment.original_name, "sha256": check.sha256},
    )  # fmt: skip
    return attachment


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}"


def _check_attachment_limits(*, application: Application, material_id: str, size: int) -> None:
    """Files per material (slot) and per application, by count and total size (settings APPLICATION_*; issue 16
    §7: one material took 61 files of up to 50 MB). Read under the application's lock, so two uploads at once
    cannot both pass the last place."""
    rows = list(application.attachments.values_list("material_id", "size"))
    in_material = [s for m, s in rows if m == material_id]
    limits = (
        (in_material, settings.APPLICATION_MATERIAL_MAX_FILES, settings.APPLICATION_MATERIAL_MAX_BYTES, "material"),
        ([s for _, s in rows], settings.APPLICATION_MAX_FILES, settings.APPLICATION_MAX_BYTES, "application"),
    )
    for sizes, max_files, max_bytes, scope in limits:
        if len(sizes) >= max_files:
            raise ValidationError({"file": TOO_MANY_FILES[scope].format(limit=max_files, count=len(sizes))})
        if sum(sizes) + size > max_bytes:
            message = TOO_MANY_BYTES[scope].format(
                limit=max_bytes // (1024 * 1024), used=_megabytes(sum(sizes)), size=_megabytes(size)
            )
            raise ValidationError({"file": message})


@transaction.atomic
def attachment_remove(*, actor, attachment: Attachment) -> None:
    application = lock_application_for_edit(attachment.application_id)
    if not permissions.can_edit_application(actor, application):
        raise PermissionDenied
    name, material = attachment.original_name, attachment.material_id
    stored = attachment.file.name
    storage = attachment.file.storage
    attachment.delete()
    transaction.on_commit(lambda: storage.delete(stored))
    audit_event_record(
        actor=actor, verb=AuditVerb.ATTACHMENT_REMOVED, target=application, data={"material": material, "name": name}
    )
