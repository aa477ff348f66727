"""Writes for applications: create, save (autosave), sign the commitment, attach, submit, withdraw.

Every function is atomic, takes the acting user, and records one audit event. Submission rules are
checked under a lock on the enterprise's profile row, so two parallel submissions of one enterprise
are serialised (PostgreSQL SELECT … FOR UPDATE) and cannot together break the notice's limits.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from applications import material_rules, permissions
from applications.digest import submission_digest, submission_payload
from applications.material_rules import QUERY_DATE_REQUIRED, QUERY_DATE_TOO_EARLY  # noqa: F401 - re-exported
from applications.models import Application, ApplicationRevision, Attachment, ReceiptSequence, SubmissionWindow
from applications.places import answer_places
from applications.rules import EXCLUSIVE, PROJECT_LIMIT, application_rule_break  # noqa: F401 - messages re-exported
from applications.selectors import submission_deadline
from applications.uploads import inspect_upload
from applications.workflow import EDITABLE_STATES, TRANSITIONS, ApplicationStatus, transition_allowed
from core.services import audit_event_record
from eligibility import statuses as st
from eligibility.engine import evaluate_item
from eligibility.facts import FACTS
from enterprises.models import EnterpriseProfile
from enterprises.selectors import prefill_source, profile_facts
from notifications.services import notify_transition
from policies.choices import PackStatus
from policies.formengine.form_rules import form_rule_errors
from policies.formengine.paths import path_to_anchor
from policies.formengine.prefill import prefill_answers
from policies.formengine.subtypes import subtype_answers, subtype_disagreements
from policies.formengine.validate import missing_required, raw_values, validate_answers
from policies.models import SupportItem
from policies.selectors import pack_models

# User-facing messages (tests import them).
ALREADY_APPLIED = "本企业已有“{item}”的申报（{status}），请在“我的申报”中继续办理。"
SUBTYPE_REQUIRED = "请选择申报类型。"
SUBTYPE_UNKNOWN = "申报类型不存在。"
DISAGREES_WITH_SUBTYPE = "{label}须与本申报的申报类型“{subtype}”一致（申报类型在创建申报时选定）"
PACK_NOT_PUBLISHED = "该申报通知尚未发布或已停用。"
WINDOW_CLOSED = "申报已于 {date:%Y年%m月%d日} 截止（{source}），逾期不予受理。"
VERSION_CONFLICT = "该草稿已在其他窗口或由其他经办人保存过（当前第 {current} 版，您编辑的是第 {expected} 版）。为避免覆盖，本次修改未保存：请复制您的修改，刷新页面后再编辑。"
NOT_EDITABLE = "当前状态为“{status}”，不能修改。"
NOT_CONFIRMED = "企业账号尚未经县级工信部门确认，暂不能提交申报。确认后即可提交，草稿会一直保留。"
INCOMPLETE = "还有 {count} 项未完成，请按完整性检查逐项补全后再提交。"
NOT_ELIGIBLE = "根据企业档案，本事项有申报条件不符合：{reasons}。请核对企业档案；如确实不符合，请选择其他事项。"
COMMITMENT_NAME = "签字人须为企业档案中登记的法定代表人（{name}）。"
COMMITMENT_NO_LEGAL_REP = "请先在企业档案中填写法定代表人姓名。"
MATERIAL_UNKNOWN = "该事项没有这项材料。"
NOT_WITHDRAWABLE = "只有“已提交”且县级尚未开始审核的申报可以撤回。"

FACT_LABELS = {name: fact.label for name, fact in FACTS.items()}

SUMMARY_FIELDS = ("project_name", "total_investment", "requested_amount", "contact_name", "contact_phone")


def _forms_for(item: SupportItem, subtype: dict | None) -> list[dict]:
    pack_data = item.pack.data
    form_ids = list((subtype or {}).get("forms") or item.data["forms"])
    performance = pack_data["pack"]["performance_form"]
    if performance not in form_ids:
        form_ids.append(performance)
    return [pack_data["forms"][form_id] for form_id in form_ids]


def subtype_names(item: SupportItem) -> list[str]:
    """The names of the item's sub-types (申报类型), in the pack's order."""
    return [s["name"] for s in item.data.get("subtypes", [])]


def _subtype(item: SupportItem, code: str) -> dict | None:
    if not code:
        return None
    return next((s for s in item.data.get("subtypes", []) if s["code"] == code), None)


def item_materials(application: Application) -> list[dict]:
    """The checklist of the application's item, then its subtype's extra materials."""
    subtype = _subtype(application.item, application.subtype_code) or {}
    return list(application.item.data.get("materials", [])) + list(subtype.get("materials", []))


def _today(now: dt.datetime | None) -> dt.date:
    return timezone.localdate(now or timezone.now())


def _check_window(application_or_pack, jurisdiction, now) -> None:
    pack = application_or_pack
    deadline = submission_deadline(pack=pack, jurisdiction=jurisdiction)
    if not deadline.is_open(_today(now)):
        raise ValidationError(WINDOW_CLOSED.format(date=deadline.closes_on, source=deadline.source))


@transaction.atomic
def application_create(
    *, actor, enterprise, item: SupportItem, subtype_code: str = "", now: dt.datetime | None = None
) -> Application:
    if not permissions.can_create_application(actor, enterprise):
        raise PermissionDenied
    if item.pack.status != PackStatus.PUBLISHED:
        raise ValidationError(PACK_NOT_PUBLISHED)
    subtype = _subtype(item, subtype_code)
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
        actor=actor, verb="application_created", target=application,
        data={"item": item.number, "subtype": application.subtype_code},
    )  # fmt: skip
    return application


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


def _lock(application: Application) -> Application:
    # of=("self",): lock the application row only, not the joined enterprise and pack rows (which
    # would queue every submission of the city behind one another).
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("item__pack", "enterprise")
        .get(pk=application.pk)
    )


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
    application = _lock(application)
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
    application.full_clean(exclude=["forms", "answers", "enterprise", "pack", "item", "created_by"])
    application.save()
    kind = ApplicationRevision.Kind.AUTOSAVE if autosave else ApplicationRevision.Kind.SAVE
    ApplicationRevision.objects.create(
        application=application, version=application.version, kind=kind, answers=answers,
        summary=_summary(application), created_by=actor,
    )  # fmt: skip
    audit_event_record(
        actor=actor, verb="application_saved", target=application,
        data={"version": application.version, "autosave": autosave},
    )  # fmt: skip
    return application


@transaction.atomic
def application_sign_commitment(*, actor, application: Application, signer: str, date: dt.date) -> Application:
    """The legal representative's name and the date confirm the 真实性承诺书 shown in full."""
    application = _lock(application)
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
    audit_event_record(actor=actor, verb="commitment_signed", target=application, data={"date": str(date)})
    return application


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
    application = _lock(application)
    if not permissions.can_edit_application(actor, application):
        raise PermissionDenied
    material = next((m for m in item_materials(application) if m["id"] == material_id), None)
    if material is None:
        raise ValidationError({"material": MATERIAL_UNKNOWN})
    check = inspect_upload(upload.name, upload, upload.size, material.get("accept") or ["pdf", "jpg", "png"])
    if not check.ok:
        raise ValidationError({"file": check.message})
    date_rules = material_rules.date_rules(material)
    if date_rules:
        if query_date is None:
            raise ValidationError({"query_date": QUERY_DATE_REQUIRED})
        error = material_rules.query_date_error(date_rules, query_date, _date_window(application, now))
        if error:
            raise ValidationError({"query_date": error})
    attachment = Attachment(
        application=application, material_id=material_id, original_name=upload.name[:255], kind=check.kind,
        size=check.size, sha256=check.sha256, sm3=check.sm3, query_date=query_date, uploaded_by=actor,
    )  # fmt: skip
    attachment.file.save(f"{check.sha256[:16]}.{check.kind}", upload, save=False)
    attachment.save()
    audit_event_record(
        actor=actor, verb="attachment_added", target=application,
        data={"material": material_id, "name": attachment.original_name, "sha256": check.sha256},
    )  # fmt: skip
    return attachment


@transaction.atomic
def attachment_remove(*, actor, attachment: Attachment) -> None:
    application = _lock(attachment.application)
    if not permissions.can_edit_application(actor, application):
        raise PermissionDenied
    name, material = attachment.original_name, attachment.material_id
    stored = attachment.file.name
    storage = attachment.file.storage
    attachment.delete()
    transaction.on_commit(lambda: storage.delete(stored))
    audit_event_record(
        actor=actor, verb="attachment_removed", target=application, data={"material": material, "name": name}
    )


@dataclass(frozen=True)
class CompletenessItem:
    kind: str  # field, material, commitment, summary
    label: str
    anchor: str
    where: str


def completeness_report(application: Application) -> list[CompletenessItem]:
    """Everything still missing before submission, each with the anchor of its place on the page."""
    items: list[CompletenessItem] = []
    labels = {
        "project_name": "项目名称",
        "requested_amount": "申请金额（万元）",
        "contact_name": "联系人",
        "contact_phone": "联系电话",
    }
    for key, label in labels.items():
        if getattr(application, key) in (None, ""):
            items.append(CompletenessItem("summary", label, f"summary-{key}", "申报概要"))
    missing = missing_required(application.forms, application.answers)
    errors = validate_answers(application.forms, application.answers, complete=False)
    subtypes, chosen = subtype_names(application.item), application.subtype_name
    disagreements = subtype_disagreements(application.forms, application.answers, subtypes, chosen)
    # Each entry names the form, the section and the field as the page shows them (never a path).
    places = answer_places(
        application.forms,
        [m.path for m in missing] + list(errors) + [path for path, _ in disagreements],
        raw_values(application.answers),
    )

    def place(path: str, fallback_label: str) -> tuple[str, str]:
        found = places.get(path)
        return (found.label, found.where) if found else (fallback_label, "申报书")

    for entry in missing:
        label, where = place(entry.path, entry.label)
        items.append(CompletenessItem("field", label, entry.anchor, where))
    for path, message in errors.items():
        label, where = place(path, "")
        items.append(CompletenessItem("field", f"{label}：填写有误，{message}", path_anchor(path), where))
    for path, label in disagreements:
        message = DISAGREES_WITH_SUBTYPE.format(label=label, subtype=chosen)
        items.append(CompletenessItem("field", message, path_anchor(path), place(path, label)[1]))
    uploads = list(application.attachments.values_list("material_id", "query_date"))
    uploaded = {material_id for material_id, _ in uploads}
    materials = item_materials(application)
    needs = material_needs(application, materials)
    for material in materials:
        need = needs[material["id"]]
        if need.required and not material.get("form") and material["id"] not in uploaded:
            label = material_rules.missing_label(material, need, FACT_LABELS)
            items.append(CompletenessItem("material", label, f"material-{material['id']}", "申报材料"))
    # Rules across fields: a form's own (附件3: an indicator under every 一级指标), the material rules that
    # name a form field (查询时间, purchase-list dates), and a 查询时间 typed in the form that differs from
    # the one given with the upload. Each at its field, with the rule's own message.
    rule_errors = [
        *form_rule_errors(application.forms, application.answers).items(),
        *_field_rule_errors(application, application.answers, materials, needs, complete=True).items(),
        *material_rules.query_date_disagreements(materials, application.forms, application.answers, uploads),
    ]
    rule_places = answer_places(application.forms, [path for path, _ in rule_errors])
    for path, message in rule_errors:
        found = rule_places.get(path)
        items.append(CompletenessItem("field", message, path_anchor(path), found.where if found else "申报书"))
    if not application.commitment_confirmed_at:
        items.append(CompletenessItem("commitment", "真实性承诺书（法定代表人签字确认）", "commitment", "真实性承诺"))
    return items


def _date_window(application: Application, now: dt.datetime | None) -> material_rules.DateWindow:
    notice = application.pack.data["pack"]["notice"]
    deadline = submission_deadline(pack=application.pack, jurisdiction=application.enterprise.jurisdiction)
    return material_rules.DateWindow(
        issued=dt.date.fromisoformat(notice["issue_date"]), deadline=deadline.closes_on, today=_today(now)
    )


def material_needs(application: Application, materials: list[dict]) -> dict[str, material_rules.MaterialNeed]:
    """material id -> whether the application must provide it; a `required_when` reads the enterprise's
    profile facts (the profile is read only when a material needs it)."""
    facts: dict[str, Any] = {}
    if material_rules.needs_facts(materials):
        profile = EnterpriseProfile.objects.filter(organisation_id=application.enterprise_id).first()
        facts = profile_facts(profile) if profile else {}
    return {m["id"]: material_rules.material_need(m, facts) for m in materials}


def material_need_view(need: material_rules.MaterialNeed) -> dict[str, Any]:
    """What the checklist shows of a material's requirement: 选报 or not, the clause it depends on, and
    the profile facts still missing to decide it."""
    missing = "、".join(FACT_LABELS.get(f, f) for f in need.missing_facts)
    return {"required": need.required, "required_clause": need.clause, "required_missing": missing}


def field_rule_errors(application: Application, answers: dict) -> dict[str, str]:
    """path -> message of the material rules that name a form field, for a draft being saved (the save
    view shows them at their fields); an empty purchase list is left to the completeness report."""
    materials = item_materials(application)
    return _field_rule_errors(application, answers, materials, {}, complete=False)


def _field_rule_errors(application, answers, materials, needs, *, complete: bool) -> dict[str, str]:
    if not any(rule.get("form") for m in materials for rule in m.get("rules", [])):
        return {}  # no rule reads a form field: the deadline's queries are not needed
    required = {m["id"] for m in materials if needs[m["id"]].required} if complete else set()
    window = _date_window(application, None)
    return material_rules.field_rule_errors(materials, application.forms, answers, window, required=required)


def path_anchor(path: str) -> str:
    return path_to_anchor(path)


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


@transaction.atomic
def application_submit(*, actor, application: Application, now: dt.datetime | None = None) -> Application:
    """Lock the enterprise, check every rule of the notice, then submit and issue a receipt number."""
    # The profile row is the per-enterprise lock: parallel submissions of one enterprise queue here.
    profile = EnterpriseProfile.objects.select_for_update().get(organisation_id=application.enterprise_id)
    application = _lock(application)
    if application.enterprise_id != getattr(actor, "organisation_id", None):
        raise PermissionDenied
    allowed, reason = transition_allowed("submit", application.status, actor.role_set)
    if not allowed:
        raise ValidationError(reason)
    if not profile.is_confirmed:
        raise ValidationError(NOT_CONFIRMED)
    _check_window(application.pack, application.enterprise.jurisdiction, now)
    broken = application_rule_break(enterprise=application.enterprise, item=application.item, exclude=application)
    if broken is not None:
        raise ValidationError(broken.reason)
    missing = completeness_report(application)
    if missing:
        raise ValidationError(INCOMPLETE.format(count=len(missing)))
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
        actor=actor, verb="application_submitted", target=application,
        data={"receipt_number": application.receipt_number, "version": application.version,
              "digest": application.submission_digest},
    )  # fmt: skip
    notify_transition(application=application, transition="submit", actor=actor)
    return application


@transaction.atomic
def application_withdraw(*, actor, application: Application) -> Application:
    application = _lock(application)
    if application.enterprise_id != getattr(actor, "organisation_id", None):
        raise PermissionDenied
    allowed, _ = transition_allowed("withdraw", application.status, actor.role_set)
    if not allowed:
        raise ValidationError(NOT_WITHDRAWABLE)
    application.status = ApplicationStatus.WITHDRAWN
    application.save(update_fields=["status", "updated_at"])
    audit_event_record(actor=actor, verb="application_withdrawn", target=application)
    notify_transition(application=application, transition="withdraw", actor=actor)
    return application


@transaction.atomic
def submission_window_set(*, actor, pack, jurisdiction, kind: str, closes_on: dt.date, reason: str) -> SubmissionWindow:
    """A county sets an earlier deadline for itself; the city re-opens the window (recorded)."""
    from accounts.choices import Role

    if kind == SubmissionWindow.Kind.COUNTY_EARLIER:
        if not (
            actor.has_role(Role.COUNTY_INDUSTRY_REVIEWER) and actor.organisation.jurisdiction_id == jurisdiction.pk
        ):
            raise PermissionDenied
    elif not actor.has_role(Role.CITY_SME_COORDINATOR):
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError({"reason": "请填写理由。"})
    window = SubmissionWindow(
        pack=pack, jurisdiction=jurisdiction, kind=kind, closes_on=closes_on, reason=reason.strip(), created_by=actor
    )
    window.full_clean()
    window.save()
    audit_event_record(
        actor=actor, verb="submission_window_set", target=pack,
        data={"kind": kind, "closes_on": str(closes_on), "jurisdiction": getattr(jurisdiction, "code", None)},
    )  # fmt: skip
    return window
