"""Writes of the 绩效目标 stage: the 目标表 stored at submission and frozen with the award (both from the
application workflow's signal, performance/receivers.py), 目标审核 by the county and the city section, the
enterprise's correction of returned targets (目标调整 after the freeze: services/adjustments.py). Each takes its transition of
performance/workflow.py under a row lock and records its audit event on the application, so that the
application's 办理记录 tells the targets' history too. A return, an adjustment asked and its decision reach the
inbox of whoever acts next, in the same transaction."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from applications.digest import submission_digest, submission_payload
from applications.models import Application, ApplicationRevision
from applications.services import SUMMARY_FIELDS
from core.choices import AuditVerb
from core.services import AuditRecord, audit_event_record, audit_events_record_many
from notifications.choices import NotificationVerb
from performance import permissions
from performance.models import PerformanceIndicator, PerformanceTargetSheet, TargetReview
from performance.selectors.targets import target_answer_errors, target_checklist, target_form
from performance.services.common import actor_label, application_name, tell_enterprise
from performance.workflow import TARGET_TRANSITIONS, TargetStatus, transition_allowed
from policies.formengine.indicators import indicators_from_answers

# User-facing messages (tests import them).
CHECK_MISSING = "请对审核要点“{text}”选择“是”或“否”。"
CHECK_REMARK_REQUIRED = "审核要点“{text}”为“否”，请在备注中说明。"
CANNOT_ACCEPT = "审核要点“{text}”为“否”，不能审核通过；请退回企业修改绩效目标。"
RETURN_REASON_REQUIRED = "退回绩效目标须填写退回理由。"
TARGETS_INVALID = "绩效目标表还有 {count} 处填写有误，已在对应位置标出，请更正后再提交。"
TARGETS_NOT_FREEZABLE = "“{application}”的绩效目标正在退回修改，须重新提交并经审核后才能随奖补锁定。"

# Inbox wording.
TARGETS_RETURNED_TITLE = "绩效目标退回修改：{name}"
TARGETS_RETURNED_BODY = (
    "{by}将绩效目标退回修改，申报本身继续审核。\n退回理由：{reason}\n请按意见修改绩效目标表（附件3）后重新提交。"
)

# The indicator's fields copied from the parsed 附件3 row (policies.formengine.indicators.Indicator).
CENT, TARGET_PLACES = Decimal("0.01"), Decimal("0.0001")
_COPIED = ("level1", "level2", "name", "value_type", "direction", "target", "standard", "unit", "weight")


def _lock_sheet(application: Application) -> PerformanceTargetSheet | None:
    return PerformanceTargetSheet.objects.select_for_update().filter(application_id=application.pk).first()


def _indicator_rows(application: Application) -> tuple[list[PerformanceIndicator], int]:
    """Unsaved indicators from the application's 附件3 answers, and how many rows were left out.

    A row with a problem (no number for a 定量 target, no 分值 …) is left out: the completeness check
    refuses such a submission, so this only happens to an application submitted before that check. The
    written 指标值 is kept as text; its number and the 分值 are stored to the precision of their columns."""
    form, _total = target_form(application)
    if form is None:
        return [], 0
    parsed, problems = indicators_from_answers(form, application.answers.get(form["id"]) or {})
    broken = {f"{p.table}:{p.row}" for p in problems}
    rows: list[PerformanceIndicator] = []
    for indicator in parsed:
        if indicator.id in broken:
            continue
        row = PerformanceIndicator(
            key=indicator.id, position=len(rows) + 1, scoring_standard=indicator.scoring_standard,
            **{name: getattr(indicator, name) for name in _COPIED},
        )  # fmt: skip
        try:
            row.weight = row.weight.quantize(CENT, rounding=ROUND_HALF_UP)
            if row.target is not None:
                row.target = row.target.quantize(TARGET_PLACES, rounding=ROUND_HALF_UP)
            row.full_clean(exclude=["sheet"], validate_constraints=False)
        except (ValidationError, InvalidOperation):
            broken.add(indicator.id)  # a cell longer, or a number larger, than the structured copy holds
            continue
        rows.append(row)
    return rows, len(broken)


def _signature(rows: Iterable[PerformanceIndicator]) -> list[tuple]:
    def number(value) -> Decimal | None:
        return None if value is None else Decimal(value).normalize()

    return [
        (r.key, r.level1, r.level2, r.name, r.value_type, r.direction, number(r.target), r.standard, r.unit,
         number(r.weight), r.scoring_standard)
        for r in rows
    ]  # fmt: skip


def _replace_indicators(sheet: PerformanceTargetSheet, rows: list[PerformanceIndicator]) -> None:
    sheet.indicators.all().delete()
    for row in rows:
        row.sheet = sheet
    PerformanceIndicator.objects.bulk_create(rows)


def _sheet_create(application: Application) -> tuple[PerformanceTargetSheet, int, int]:
    """A new 目标表 of the application's answers: (sheet, indicators stored, rows left out)."""
    rows, skipped = _indicator_rows(application)
    sheet = PerformanceTargetSheet(application=application, status=TargetStatus.SUBMITTED)
    sheet.full_clean(exclude=["application"], validate_unique=False)
    sheet.save()
    _replace_indicators(sheet, rows)
    return sheet, len(rows), skipped


@transaction.atomic
def target_sheet_store(*, actor, application: Application) -> PerformanceTargetSheet | None:
    """At submission (and resubmission) of the application: its 附件3 answers become the 目标表.

    A first submission creates the sheet. A resubmission after a return replaces the indicators (targets
    returned alone take targets_resubmit); targets already accepted that the enterprise changed start
    their 目标审核 over (targets_reset), as at a first submission, while unchanged ones keep their review.
    Frozen targets cannot change. None when the application has no 绩效目标表."""
    form, _total = target_form(application)
    if form is None:
        return None
    sheet = _lock_sheet(application)
    if sheet is None:
        sheet, count, skipped = _sheet_create(application)
        audit_event_record(
            actor=actor, verb=AuditVerb.TARGETS_SUBMITTED, target=application,
            data={"label": f"绩效目标随申报提交（{count} 项指标）", "sheet": sheet.pk, "indicators": count,
                  "skipped": skipped},
        )  # fmt: skip
        return sheet
    if sheet.status == TargetStatus.FROZEN:
        raise ValidationError(permissions.TARGETS_FROZEN)
    rows, skipped = _indicator_rows(application)
    changed = _signature(rows) != _signature(sheet.indicators.all())
    previous = sheet.status
    if previous != TargetStatus.RETURNED and not changed:
        return sheet  # the same targets: their 目标审核 stands
    name = "targets_resubmit" if previous == TargetStatus.RETURNED else "targets_reset"
    refusal = transition_allowed(TARGET_TRANSITIONS, name, previous, actor.role_set)
    if refusal:
        raise ValidationError(refusal)
    if changed:
        _replace_indicators(sheet, rows)
    sheet.status = TARGET_TRANSITIONS[name].target
    sheet.return_reason = ""
    sheet.save(update_fields=["status", "return_reason", "updated_at"])
    label = "绩效目标随申报重新提交" + (f"（{len(rows)} 项指标）" if changed else "（未修改）")
    audit_event_record(
        actor=actor, verb=AuditVerb.TARGETS_SUBMITTED, target=application,
        data={"label": label, "sheet": sheet.pk, "indicators": len(rows), "skipped": skipped,
              "replaced": changed, "previous_status": previous, "transition": name},
    )  # fmt: skip
    return sheet


@transaction.atomic
def target_sheets_freeze(*, actor, applications: Iterable[Application]) -> list[PerformanceTargetSheet]:
    """At the award: the targets that hold are frozen (targets_freeze), one audit event each, with the
    same number of queries however many applications the list has.

    An awarded application without a 目标表 (submitted before there was one) gets it from its answers
    first, so that monitoring and evaluation read the same indicators. Targets still returned for
    correction refuse the award: the 绩效目标 is a precondition of the budget (通知 五)."""
    applications = list(applications)
    sheets = {
        s.application_id: s
        for s in PerformanceTargetSheet.objects.select_for_update().filter(application__in=[a.pk for a in applications])
    }
    # Applications without a sheet, with what their 附件3 needs (pack, frozen forms, answers), in one query.
    missing = Application.objects.select_related("pack").filter(
        pk__in=[a.pk for a in applications if a.pk not in sheets]
    )
    built = (
        [(a, *_indicator_rows(a)) for a in missing if target_form(a)[0] is not None]
        if len(sheets) < len(applications)
        else []
    )
    created = {a.pk for a, _rows, _skipped in built}
    if built:
        new_sheets = [PerformanceTargetSheet(application=a, status=TargetStatus.SUBMITTED) for a, _r, _s in built]
        PerformanceTargetSheet.objects.bulk_create(new_sheets)
        for sheet, (application, rows, _skipped) in zip(new_sheets, built, strict=True):
            for row in rows:
                row.sheet = sheet
            sheets[application.pk] = sheet
        PerformanceIndicator.objects.bulk_create([row for _a, rows, _s in built for row in rows])
    now = timezone.now()
    freeze = TARGET_TRANSITIONS["targets_freeze"]
    frozen, records = [], []
    for application in applications:
        sheet = sheets.get(application.pk)
        if sheet is None or sheet.status == TargetStatus.FROZEN:
            continue
        if transition_allowed(TARGET_TRANSITIONS, "targets_freeze", sheet.status, frozenset()):
            raise ValidationError(TARGETS_NOT_FREEZABLE.format(application=application))
        previous = sheet.status
        sheet.status, sheet.frozen_at, sheet.updated_at = freeze.target, now, now
        frozen.append(sheet)
        records.append(AuditRecord(
            AuditVerb.TARGETS_FROZEN, application,
            {"label": freeze.label, "sheet": sheet.pk, "created": application.pk in created,
             "previous_status": previous},
        ))  # fmt: skip
    PerformanceTargetSheet.objects.bulk_update(frozen, ["status", "frozen_at", "updated_at"])
    audit_events_record_many(actor=actor, records=records)
    return frozen


def _review_problems(checklist, checks: dict[str, tuple[bool | None, str]], accepted: bool, reason: str) -> list[str]:
    problems = []
    for point in checklist:
        ok, remark = checks.get(point.code, (None, ""))
        if ok is None:
            problems.append(CHECK_MISSING.format(text=point.text))
        elif not ok and not remark.strip():
            problems.append(CHECK_REMARK_REQUIRED.format(text=point.text))
    refused = next((p for p in checklist if checks.get(p.code, (None, ""))[0] is False), None)
    if accepted and refused is not None:
        problems.append(CANNOT_ACCEPT.format(text=refused.text))
    if not accepted and not reason.strip():
        problems.append(RETURN_REASON_REQUIRED)
    return problems


@transaction.atomic
def target_review_record(
    *, actor, application: Application, checks: dict[str, tuple[bool | None, str]], accepted: bool, reason: str = ""
) -> TargetReview:
    """事前绩效评估: the county's 工信 reviewer, then the item's city section, answer the pack's checklist
    (code -> (是/否, 备注)) and accept the targets or return them alone for correction with a reason. The
    application itself does not move."""
    stage = permissions.target_review_stage(actor, application)
    if stage is None:
        raise PermissionDenied
    sheet = _lock_sheet(application)
    allowed, refusal = permissions.can_review_targets(actor, application, sheet)
    if not allowed:
        raise ValidationError(refusal)
    checklist = target_checklist(application)
    problems = _review_problems(checklist, checks, accepted, reason)
    if problems:
        raise ValidationError(problems)
    name = permissions.REVIEW_TRANSITIONS[stage] if accepted else "targets_return"
    refusal = transition_allowed(TARGET_TRANSITIONS, name, sheet.status, actor.role_set)
    if refusal:
        raise ValidationError(refusal)
    answers = {p.code: {"ok": checks[p.code][0], "remark": checks[p.code][1].strip()} for p in checklist}
    review = TargetReview(
        sheet=sheet, stage=stage, reviewer=actor, reviewer_name=actor.full_name or actor.username, answers=answers,
        accepted=accepted, reason=reason.strip(),
    )  # fmt: skip
    review.full_clean()
    review.save()
    previous = sheet.status
    sheet.status = TARGET_TRANSITIONS[name].target
    sheet.return_reason = "" if accepted else reason.strip()
    sheet.save(update_fields=["status", "return_reason", "updated_at"])
    audit_event_record(
        actor=actor, verb=AuditVerb.TARGETS_ACCEPTED if accepted else AuditVerb.TARGETS_RETURNED, target=application,
        data={"label": TARGET_TRANSITIONS[name].label, "stage": stage, "reason": review.reason, "checks": answers,
              "sheet": sheet.pk, "review": review.pk, "previous_status": previous},
    )  # fmt: skip
    if not accepted:
        tell_enterprise(
            actor=actor, application=application, verb=NotificationVerb.ACTION_REQUIRED,
            title=TARGETS_RETURNED_TITLE.format(name=application_name(application)),
            body=TARGETS_RETURNED_BODY.format(by=actor_label(actor), reason=review.reason),
            url=reverse("applications:edit", args=[application.pk]),
        )  # fmt: skip
    return review


def _summary(application: Application) -> dict[str, Any]:
    return {k: (str(v) if isinstance(v, Decimal) else v) for k in SUMMARY_FIELDS if (v := getattr(application, k))}


def _digest(application: Application) -> str:
    # The same payload as application_submit's, so that the verification page tells a print-out of the
    # targets before the correction as superseded (applications/digest.py).
    return submission_digest(submission_payload(
        receipt_number=application.receipt_number, item_number=application.item.number,
        subtype_code=application.subtype_code, submitted_at=application.submitted_at.isoformat(),
        version=application.version, answers=application.answers,
        attachments=list(application.attachments.values("material_id", "sha256", "sm3", "size")),
        commitment_signer=application.commitment_signer,
    ))  # fmt: skip


@transaction.atomic
def target_sheet_correct(*, actor, application: Application, form_answers: dict[str, Any]) -> PerformanceTargetSheet:
    """The enterprise corrects targets returned alone and submits them again (targets_resubmit).

    The corrected 附件3 answers replace application.answers[<附件3>] as a new submitted version (revision,
    digest) and the indicators are made again from them; the application keeps its place in the review."""
    application = (
        Application.objects.select_for_update(of=("self",)).select_related("item", "enterprise").get(pk=application.pk)
    )
    sheet = _lock_sheet(application)
    allowed, refusal = permissions.can_correct_targets(actor, application, sheet)
    if refusal == permissions.NOT_THE_ENTERPRISE:
        raise PermissionDenied
    if not allowed:
        raise ValidationError(refusal)
    form, _total = target_form(application)
    answers = {form["id"]: form_answers}
    errors = target_answer_errors(application, answers)
    if errors:
        raise ValidationError(TARGETS_INVALID.format(count=len(errors)))
    application.answers = {**application.answers, **answers}
    application.version += 1
    application.submission_digest = _digest(application)
    application.save(update_fields=["answers", "version", "submission_digest", "updated_at"])
    ApplicationRevision.objects.create(
        application=application, version=application.version, kind=ApplicationRevision.Kind.SUBMIT,
        answers=application.answers, created_by=actor,
        summary={**_summary(application), "digest": application.submission_digest,
                 "submitted_at": application.submitted_at.isoformat(), "targets_corrected": True},
    )  # fmt: skip
    rows, _skipped = _indicator_rows(application)
    _replace_indicators(sheet, rows)
    sheet.status = TARGET_TRANSITIONS["targets_resubmit"].target
    sheet.return_reason = ""
    sheet.save(update_fields=["status", "return_reason", "updated_at"])
    audit_event_record(
        actor=actor, verb=AuditVerb.TARGETS_RESUBMITTED, target=application,
        data={"label": f"{TARGET_TRANSITIONS['targets_resubmit'].label}（{len(rows)} 项指标）", "sheet": sheet.pk,
              "indicators": len(rows), "version": application.version, "digest": application.submission_digest},
    )  # fmt: skip
    return sheet
