"""Writes for applications: create, save (autosave), sign the commitment, submit, withdraw (attachments:
applications/attachments.py, re-exported here).

Every function is atomic, takes the acting user, and records one audit event. Submission rules are
checked under a lock on the enterprise's profile row, so two parallel submissions of one enterprise
are serialised (PostgreSQL SELECT … FOR UPDATE) and cannot together break the notice's limits.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Subquery
from django.utils import timezone

from accounts import permissions as base
from applications import permissions
from applications.attachments import (  # noqa: F401 - the attachment writes and their messages, re-exported
    MATERIAL_UNKNOWN,
    NOT_CONFIRMED_TO_UPLOAD,
    TOO_MANY_BYTES,
    TOO_MANY_FILES,
    attachment_add,
    attachment_remove,
)
from applications.completeness import completeness_report, subtype_names, subtype_of
from applications.digest import submission_digest, submission_payload
from applications.locks import lock_application_for_edit, lock_application_for_save
from applications.material_rules import QUERY_DATE_REQUIRED, QUERY_DATE_TOO_EARLY  # noqa: F401 - re-exported
from applications.models import Application, ApplicationRevision, ReceiptSequence, SubmissionWindow
from applications.profile_sync import identity_mismatches
from applications.rules import EXCLUSIVE, PROJECT_LIMIT, application_rule_break  # noqa: F401 - messages re-exported
from applications.selectors import application_deadline, submission_deadline
from applications.signals import transitioned
from applications.workflow import EDITABLE_STATES, TRANSITIONS, ApplicationStatus, transition_allowed
from core.choices import AuditVerb
from core.services import audit_event_record
from eligibility import statuses as st
from eligibility.engine import evaluate_item
from enterprises.choices import ConfirmationStatus
from enterprises.models import EnterpriseProfile
from enterprises.selectors import prefill_source, profile_facts
from policies.choices import PackStatus
from policies.formengine.prefill import prefill_answers
from policies.formengine.subtypes import subtype_answers
from policies.models import SupportItem
from policies.selectors import pack_models

# User-facing messages (tests import them).
ALREADY_APPLIED = "本企业已有“{item}”的申报（{status}），请在“我的申报”中继续办理。"
SUBTYPE_REQUIRED = "请选择申报类型。"
SUBTYPE_UNKNOWN = "申报类型不存在。"
PACK_NOT_PUBLISHED = "该申报通知尚未发布或已停用。"
WINDOW_CLOSED = "申报已于 {date:%Y年%m月%d日} 截止（{source}），逾期不予受理。"
VERSION_CONFLICT = "该草稿已在其他窗口或由其他经办人保存过（当前第 {current} 版，您编辑的是第 {expected} 版）。为避免覆盖，本次修改未保存：请复制您的修改，刷新页面后再编辑。"
NOT_EDITABLE = "当前状态为“{status}”，不能修改。"
NOT_CONFIRMED = "企业账号尚未经县级工信部门确认，暂不能提交申报。确认后即可提交，草稿会一直保留。"
# Issue 16 §7: an account awaiting confirmation, or refused, cannot start an application or upload files.
NOT_CONFIRMED_TO_START = "企业账号经县级工信部门确认后才能新建申报。请先完善企业档案，等待确认。"
REJECTED_TO_START = "企业账号未通过县级工信部门确认，不能新建申报或上传材料。如有疑问，请联系所属县市区工信部门。"
INCOMPLETE = "还有 {count} 项未完成，请按完整性检查逐项补全后再提交。"
NOT_ELIGIBLE = "根据企业档案，本事项有申报条件不符合：{reasons}。请核对企业档案；如确实不符合，请选择其他事项。"
COMMITMENT_NAME = "签字人须为企业档案中登记的法定代表人（{name}）。"
COMMITMENT_NO_LEGAL_REP = "请先在企业档案中填写法定代表人姓名。"
NOT_WITHDRAWABLE = "只有“已提交”且县级尚未开始审核的申报可以撤回。"

SUMMARY_FIELDS = ("project_name", "total_investment", "requested_amount", "contact_name", "contact_phone")


def _forms_for(item: SupportItem, subtype: dict | None) -> list[dict]:
    pack_data = item.pack.data
    form_ids = list((subtype or {}).get("forms") or item.data["forms"])
    performance = pack_data["pack"]["performance_form"]
    if performance not in form_ids:
        form_ids.append(performance)
    return [pack_data["forms"][form_id] for form_id in form_ids]


def _today(now: dt.datetime | None) -> dt.date:
    return timezone.localdate(now or timezone.now())


def _closed_reason(deadline, now: dt.datetime | None) -> str:
    """WINDOW_CLOSED for `deadline` once it has passed, "" while it is open."""
    if deadline.is_open(_today(now)):
        return ""
    return WINDOW_CLOSED.format(date=deadline.closes_on, source=deadline.source)


def window_closed_reason(*, pack, jurisdiction, now: dt.datetime | None = None) -> str:
    """The refusal when the enterprise's window has closed, "" while it is open: said on the start page
    before anything is typed, and at 新建 and 提交."""
    return _closed_reason(submission_deadline(pack=pack, jurisdiction=jurisdiction), now)


def _check_window(application_or_pack, jurisdiction, now) -> None:
    reason = window_closed_reason(pack=application_or_pack, jurisdiction=jurisdiction, now=now)
    if reason:
        raise ValidationError(reason)


def _check_application_window(application: Application, now) -> None:
    """_check_window for the locked application, with the deadline its completeness check's date rules read too
    (application_deadline keeps it on this object): the windows are read once per submission."""
    reason = _closed_reason(application_deadline(application), now)
    if reason:
        raise ValidationError(reason)


@transaction.atomic
def application_create(
    *, actor, enterprise, item: SupportItem, subtype_code: str = "", now: dt.datetime | None = None
) -> Application:
    if not permissions.can_create_application(actor, enterprise):
        if base.is_enterprise_user(actor) and actor.organisation_id == enterprise.pk:
            raise ValidationError(not_confirmed_to_start(enterprise.pk))
        raise PermissionDenied
    if item.pack.status != PackStatus.PUBLISHED:
        raise ValidationError(PACK_NOT_PUBLISHED)
    subtype = subtype_of(item, subtype_code)
    if subtype_code and subtype is None:
        raise ValidationError({"subtype_code": SUBTYPE_UNKNOWN})
    if item.data.get("subtype_required") and subtype is None:
        raise ValidationError({"subtype_code": SUBTYPE_REQUIRED})
    # The profile row is the per-enterprise lock (as for submission): two tabs starting the same item
    # queue here, so the one-application rule holds where the database constraint does not cover it.
    profile = EnterpriseProfile.objects.select_for_update().filter(organisation=enterprise).first()
    existing = existing_application(enterprise=enterprise, item=item, subtype_code=subtype["code"] if subtype else "")
    if existing is not None:
        raise ValidationError(ALREADY_APPLIED.format(item=_item_title(existing), status=existing.get_status_display()))
    broken = application_rule_break(enterprise=enterprise, item=item)
    if broken is not None:
        raise ValidationError(broken.reason)
    _check_window(item.pack, enterprise.jurisdiction, now)
    forms = _forms_for(item, subtype)
    data = profile.data if profile else {}
    answers = prefill_answers(forms, prefill_source(data))
    for form_id, values in subtype_answers(forms, subtype_names(item), subtype["name"] if subtype else "").items():
        answers.setdefault(form_id, {}).update(values)  # 附件2-1's 申报类型 is the sub-type chosen here
    application = Application(
        enterprise=enterprise,
        pack=item.pack,
        item=item,
        subtype_code=subtype["code"] if subtype else "",
        subtype_name=subtype["name"] if subtype else "",
        forms=forms,
        answers=answers,
        contact_name=data.get("contact_name", ""),
        contact_phone=data.get("contact_mobile", "") or data.get("contact_phone", ""),
        created_by=actor,
    )
    application.full_clean(exclude=["forms", "answers"])
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError as exc:  # a second tab created it a moment ago
        raise ValidationError(ALREADY_APPLIED.format(item=_item_title(application), status="草稿")) from exc
    ApplicationRevision.objects.create(
        application=application, version=1, kind=ApplicationRevision.Kind.SAVE, answers=application.answers,
        summary=_summary(application), created_by=actor,
    )  # fmt: skip
    audit_event_record(
        actor=actor, verb=AuditVerb.APPLICATION_CREATED, target=application,
        data={"item": item.number, "subtype": application.subtype_code},
    )  # fmt: skip
    return application


def not_confirmed_to_start(enterprise_id: int) -> str:
    """Why an enterprise whose account is not confirmed cannot start an application."""
    refused = EnterpriseProfile.objects.filter(organisation_id=enterprise_id, status=ConfirmationStatus.REJECTED)
    return REJECTED_TO_START if refused.exists() else NOT_CONFIRMED_TO_START


def one_application_per_subtype(item: SupportItem) -> bool:
    """The pack's one_application_per: "subtype" lets an enterprise hold one application per 申报类型
    (item 14: one per 2022 honour); otherwise one per item."""
    return item.data.get("one_application_per", "item") == "subtype"


def existing_application(*, enterprise, item: SupportItem, subtype_code: str = "") -> Application | None:
    """The enterprise's application that already takes the item (or, per sub-type, the sub-type)."""
    found = Application.objects.filter(enterprise=enterprise, pack=item.pack, item=item)
    if one_application_per_subtype(item):
        found = found.filter(subtype_code=subtype_code)
    return found.order_by("pk").first()


def _item_title(application: Application) -> str:
    if application.subtype_name and one_application_per_subtype(application.item):
        return f"{application.item.name}（{application.subtype_name}）"
    return application.item.name


def _summary(application: Application) -> dict[str, Any]:
    return {k: (str(v) if isinstance(v, Decimal) else v) for k in SUMMARY_FIELDS if (v := getattr(application, k))}


def _submission_payload(application: Application) -> dict[str, Any]:
    return submission_payload(
        receipt_number=application.receipt_number, item_number=application.item.number,
        subtype_code=application.subtype_code, submitted_at=application.submitted_at.isoformat(),
        version=application.version, answers=application.answers,
        attachments=list(application.attachments.values("material_id", "sha256", "sm3", "size")),
        commitment_signer=application.commitment_signer,
    )  # fmt: skip


@transaction.atomic
def application_save(
    *,
    actor,
    application: Application,
    answers: dict[str, Any],
    summary: dict[str, Any],
    expected_version: int,
    autosave: bool = False,
) -> Application:
    """Save a draft if nobody saved in between (optimistic version); invalid values are not stored,
    the view keeps showing what was typed."""
    read, application = application, lock_application_for_save(application.pk)
    application.forms = read.forms  # frozen when the application was made: the caller's copy is the row's
    if not permissions.can_edit_application(actor, application):
        if application.status not in EDITABLE_STATES and application.enterprise_id == actor.organisation_id:
            raise ValidationError(NOT_EDITABLE.format(status=application.get_status_display()))
        raise PermissionDenied
    if application.version != expected_version:
        raise ValidationError(VERSION_CONFLICT.format(current=application.version, expected=expected_version))
    application.answers = answers
    for key in SUMMARY_FIELDS:
        if key in summary:  # already cleaned by the view's form: Decimal or None, text or ""
            setattr(application, key, summary[key])
    application.version += 1
    application.full_clean(exclude=["forms", "answers", "enterprise", "jurisdiction", "pack", "item", "created_by"])
    # Only what a save changes: not the frozen forms (about 50 kB of JSON, encoded and compressed again on every
    # autosave otherwise) nor the columns the workflow owns.
    application.save(update_fields=["answers", *SUMMARY_FIELDS, "version", "updated_at"])
    kind = ApplicationRevision.Kind.AUTOSAVE if autosave else ApplicationRevision.Kind.SAVE
    collapsed = autosave and _autosave_revision_collapse(application=application, actor=actor, answers=answers)
    if not collapsed:
        ApplicationRevision.objects.create(
            application=application, version=application.version, kind=kind, answers=answers,
            summary=_summary(application), created_by=actor,
        )  # fmt: skip
    audit_event_record(
        actor=actor, verb=AuditVerb.APPLICATION_SAVED, target=application,
        data={"version": application.version, "autosave": autosave},
    )  # fmt: skip
    return application


def _autosave_revision_collapse(*, application: Application, actor, answers: dict[str, Any]) -> bool:
    """Autosaves by one person within APPLICATION_AUTOSAVE_COLLAPSE_SECONDS of the autosave revision they
    opened are one revision: it takes the newest version and answers instead of a full copy being added
    each time (issue 16 §7: five autosaves added 21 MB). An explicit save, another person or an older
    revision starts a new one. True when the latest revision took the save."""
    # One UPDATE whose conditions are the rule (the row is locked, so the latest revision cannot change meanwhile):
    # the latest revision's answers are replaced without being read.
    window = dt.timedelta(seconds=settings.APPLICATION_AUTOSAVE_COLLAPSE_SECONDS)
    latest = application.revisions.order_by("-version").values("pk")[:1]
    taken = ApplicationRevision.objects.filter(
        pk=Subquery(latest),
        kind=ApplicationRevision.Kind.AUTOSAVE,
        created_by=actor,
        created_at__gte=timezone.now() - window,
    ).update(version=application.version, answers=answers, summary=_summary(application))
    return taken == 1


@transaction.atomic
def application_sign_commitment(*, actor, application: Application, signer: str, date: dt.date) -> Application:
    """The legal representative's name and the date confirm the 真实性承诺书 shown in full."""
    application = lock_application_for_edit(application.pk)
    if not permissions.can_edit_application(actor, application):
        raise PermissionDenied
    profile = EnterpriseProfile.objects.get(organisation=application.enterprise)
    legal = (profile.data.get("legal_representative_name") or "").strip()
    if not legal:
        raise ValidationError({"signer": COMMITMENT_NO_LEGAL_REP})
    if signer.strip() != legal:
        raise ValidationError({"signer": COMMITMENT_NAME.format(name=legal)})
    application.commitment_signer = legal
    application.commitment_date = date
    application.commitment_confirmed_at = timezone.now()
    application.save(update_fields=["commitment_signer", "commitment_date", "commitment_confirmed_at", "updated_at"])
    audit_event_record(actor=actor, verb=AuditVerb.COMMITMENT_SIGNED, target=application, data={"date": str(date)})
    return application


def _eligibility(application: Application, profile: EnterpriseProfile):
    pack, items = pack_models(application.pack)
    item = next(i for i in items if i.number == application.item.number)
    subtype = next((s for s in item.subtypes if s.code == application.subtype_code), None)
    return evaluate_item(pack, item, profile_facts(profile), frozenset(), subtype)


def _next_receipt(application: Application) -> str:
    sequence, _ = ReceiptSequence.objects.select_for_update().get_or_create(pack=application.pack)
    sequence.last_number += 1
    sequence.save(update_fields=["last_number"])
    year = application.pack.year
    return (
        f"HY{year}-{application.enterprise.jurisdiction.code}-{application.item.number:02d}-{sequence.last_number:05d}"
    )


def _lock_own_application(application: Application, *, actor, transition: str, refusal: str = "") -> Application:
    """Lock the enterprise's own application (another's is refused) and check that `transition` is open to it
    now: if not, refused with `refusal`, or else with the workflow table's reason."""
    application = lock_application_for_edit(application.pk)
    if application.enterprise_id != getattr(actor, "organisation_id", None):
        raise PermissionDenied
    allowed, reason = transition_allowed(transition, application.status, actor.role_set)
    if not allowed:
        raise ValidationError(refusal or reason)
    return application


@transaction.atomic
def application_submit(*, actor, application: Application, now: dt.datetime | None = None) -> Application:
    """Lock the enterprise, check every rule of the notice, then submit and issue a receipt number."""
    # The profile row is the per-enterprise lock: parallel submissions of one enterprise queue here.
    profile = EnterpriseProfile.objects.select_for_update().get(organisation_id=application.enterprise_id)
    application = _lock_own_application(application, actor=actor, transition="submit")
    if not profile.is_confirmed:
        raise ValidationError(NOT_CONFIRMED)
    _check_application_window(application, now)
    broken = application_rule_break(enterprise=application.enterprise, item=application.item, exclude=application)
    if broken is not None:
        raise ValidationError(broken.reason)
    missing = completeness_report(application)
    if missing:
        raise ValidationError(INCOMPLETE.format(count=len(missing)))
    mismatches = identity_mismatches(application, profile)
    if mismatches:  # each at its field (the view shows them there)
        raise ValidationError(mismatches)
    result = _eligibility(application, profile)
    if result.status == st.NOT_MET:
        reasons = "；".join(f"“{c.clause}”（{c.explanation}）" for c in result.conditions if c.status == st.NOT_MET)
        raise ValidationError(NOT_ELIGIBLE.format(reasons=reasons))
    application.status = TRANSITIONS["submit"].target
    application.submitted_at = now or timezone.now()
    if not application.receipt_number:
        application.receipt_number = _next_receipt(application)
    application.eligibility_snapshot = {
        "status": result.status,
        "conditions": [{"id": c.id, "status": c.status, "explanation": c.explanation} for c in result.conditions],
    }
    application.version += 1
    application.submission_digest = submission_digest(_submission_payload(application))
    application.save()
    ApplicationRevision.objects.create(
        application=application, version=application.version, kind=ApplicationRevision.Kind.SUBMIT,
        answers=application.answers, summary={**_summary(application), "digest": application.submission_digest,
                 "submitted_at": application.submitted_at.isoformat()},
        created_by=actor,
    )  # fmt: skip
    audit_event_record(
        actor=actor, verb=AuditVerb.APPLICATION_SUBMITTED, target=application,
        data={"receipt_number": application.receipt_number, "version": application.version,
              "digest": application.submission_digest},
    )  # fmt: skip
    transitioned("submit", [application], actor=actor)
    return application


@transaction.atomic
def application_withdraw(*, actor, application: Application) -> Application:
    application = _lock_own_application(application, actor=actor, transition="withdraw", refusal=NOT_WITHDRAWABLE)
    application.status = ApplicationStatus.WITHDRAWN
    application.save(update_fields=["status", "updated_at"])
    audit_event_record(actor=actor, verb=AuditVerb.APPLICATION_WITHDRAWN, target=application)
    transitioned("withdraw", [application], actor=actor)
    return application


@transaction.atomic
def submission_window_set(*, actor, pack, jurisdiction, kind: str, closes_on: dt.date, reason: str) -> SubmissionWindow:
    """A county sets an earlier deadline for itself; the city re-opens the window (recorded)."""
    if not permissions.can_set_submission_window(actor, kind=kind, jurisdiction=jurisdiction):
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError({"reason": "请填写理由。"})
    window = SubmissionWindow(
        pack=pack, jurisdiction=jurisdiction, kind=kind, closes_on=closes_on, reason=reason.strip(), created_by=actor
    )
    window.full_clean()
    window.save()
    audit_event_record(
        actor=actor, verb=AuditVerb.SUBMISSION_WINDOW_SET, target=pack,
        data={"kind": kind, "closes_on": str(closes_on), "jurisdiction": getattr(jurisdiction, "code", None)},
    )  # fmt: skip
    return window
