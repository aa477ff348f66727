"""The 自评's 佐证材料: the enterprise adds or removes files while its 自评 is open or returned for
correction; each file is checked by its content (applications.uploads), like the application's materials."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from applications.uploads import inspect_upload
from core.choices import AuditVerb
from core.services import audit_event_record
from core.stored_files import deletes_stored_files_on_rollback, stored_in_transaction
from performance import permissions
from performance.models import EvaluationEvidence, PerformanceEvaluation
from performance.services.common import locked

EVIDENCE_KINDS = ("pdf", "jpg", "png", "docx", "xlsx")
MAX_EVIDENCE_FILES = 20
TOO_MANY_FILES = f"佐证材料最多上传 {MAX_EVIDENCE_FILES} 个文件，请合并后再上传，或删除不需要的文件。"
NO_FILE = "请选择要上传的佐证材料文件。"


def _editable(actor, evaluation: PerformanceEvaluation) -> PerformanceEvaluation:
    evaluation = locked(evaluation, "application__enterprise")
    allowed, reason = permissions.can_self_evaluate(actor, evaluation)
    if not allowed:
        if not permissions.is_evaluation_enterprise(actor, evaluation):
            raise PermissionDenied(reason)
        raise ValidationError(reason)
    return evaluation


@deletes_stored_files_on_rollback
@transaction.atomic
def evaluation_evidence_add(
    *, actor, evaluation: PerformanceEvaluation, upload: UploadedFile | None, description: str = ""
) -> EvaluationEvidence:
    evaluation = _editable(actor, evaluation)
    if upload is None:
        raise ValidationError({"file": NO_FILE})
    if evaluation.evidence.count() >= MAX_EVIDENCE_FILES:
        raise ValidationError({"file": TOO_MANY_FILES})
    check = inspect_upload(upload.name, upload, upload.size, EVIDENCE_KINDS)
    if not check.ok:
        raise ValidationError({"file": check.message})
    evidence = EvaluationEvidence(
        evaluation=evaluation, original_name=upload.name[:255], description=description[:200], kind=check.kind,
        size=check.size, sha256=check.sha256, sm3=check.sm3, uploaded_by=actor,
    )  # fmt: skip
    evidence.file.save(f"{check.sha256[:16]}.{check.kind}", upload, save=False)
    stored_in_transaction(evidence.file)
    evidence.save()
    audit_event_record(
        actor=actor, verb=AuditVerb.EVIDENCE_ADDED, target=evaluation,
        data={"name": evidence.original_name, "sha256": check.sha256, "sm3": check.sm3},
    )  # fmt: skip
    return evidence


@transaction.atomic
def evaluation_evidence_remove(*, actor, evidence: EvaluationEvidence) -> None:
    evaluation = _editable(actor, evidence.evaluation)
    name, stored, storage = evidence.original_name, evidence.file.name, evidence.file.storage
    evidence.delete()
    audit_event_record(actor=actor, verb=AuditVerb.EVIDENCE_REMOVED, target=evaluation, data={"name": name})
    # The file goes only once the removal is committed: a rolled-back removal keeps its file.
    transaction.on_commit(lambda: storage.delete(stored))
