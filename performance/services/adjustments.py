"""目标调整: after the freeze with the award, the enterprise asks to change one indicator's 指标值 with a
reason, and the item's city section approves or refuses. Each step locks its row, records its audit event on
the application and tells whoever acts next, in the same transaction."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from core.choices import AuditVerb
from core.services import audit_event_record
from notifications.choices import NotificationVerb
from notifications.selectors import city_section_reviewers_of
from notifications.services import notify_users
from performance import permissions
from performance.models import PerformanceIndicator, TargetAdjustment
from performance.services.common import actor_label, application_name, tell_enterprise
from policies.formengine.indicators import QUANTITATIVE, parse_target
from policies.formengine.messages import TARGET_NO_STANDARD, TARGET_NOT_NUMERIC

# User-facing messages (tests import them).
ADJUSTMENT_REASON_REQUIRED = "请填写调整理由。"
ADJUSTMENT_UNCHANGED = "调整后的指标值与现指标值相同。"
ADJUSTMENT_TOO_LONG = "指标值不能超过 200 个字。"
ADJUSTMENT_PENDING = "该指标已有一项待审批的目标调整，请等待市工信局科室审批。"
ADJUSTMENT_DECIDED = "该目标调整已审批（{status}），不能重复审批。"
REFUSAL_REASON_REQUIRED = "不同意目标调整须填写理由。"

# Inbox wording.
ADJUSTMENT_REQUESTED_TITLE = "待审批目标调整：{enterprise}的“{name}”"
ADJUSTMENT_REQUESTED_BODY = "指标“{indicator}”：{old} → {new}\n调整理由：{reason}\n请及时审批。"
ADJUSTMENT_APPROVED_TITLE = "目标调整已同意：“{name}”的指标“{indicator}”"
ADJUSTMENT_APPROVED_BODY = "{by}同意调整：{old} → {new}，此后的绩效监控和评价按调整后的指标值进行。"
ADJUSTMENT_REFUSED_TITLE = "目标调整未获同意：“{name}”的指标“{indicator}”"
ADJUSTMENT_REFUSED_BODY = "{by}不同意调整（{old} → {new}），指标值仍为“{old}”。"


def standard_problem(indicator: PerformanceIndicator, text: str) -> str:
    """Why `text` cannot be the indicator's 指标值 ("" when it can): a number for 定量, words for 定性."""
    if len(text) > 200:
        return ADJUSTMENT_TOO_LONG
    if indicator.value_type == QUANTITATIVE:
        return "" if parse_target(text) else TARGET_NOT_NUMERIC
    return "" if text else TARGET_NO_STANDARD


@transaction.atomic
def target_adjustment_request(
    *, actor, indicator: PerformanceIndicator, new_standard: str, reason: str
) -> TargetAdjustment:
    """目标调整: the enterprise asks to change one frozen indicator's 指标值, with a reason; one pending
    request per indicator."""
    indicator = (
        PerformanceIndicator.objects.select_for_update(of=("self",))
        .select_related("sheet__application__enterprise", "sheet__application__item")
        .get(pk=indicator.pk)
    )
    application = indicator.sheet.application
    allowed, refusal = permissions.can_request_target_adjustment(actor, application, indicator.sheet)
    if refusal == permissions.NOT_THE_ENTERPRISE:
        raise PermissionDenied
    if not allowed:
        raise ValidationError(refusal)
    new_standard, reason = new_standard.strip(), reason.strip()
    problems = [p for p in (standard_problem(indicator, new_standard),) if p]
    if new_standard == indicator.standard:
        problems.append(ADJUSTMENT_UNCHANGED)
    if not reason:
        problems.append(ADJUSTMENT_REASON_REQUIRED)
    if indicator.adjustments.filter(status=TargetAdjustment.Status.PENDING).exists():
        problems.append(ADJUSTMENT_PENDING)
    if problems:
        raise ValidationError(problems)
    adjustment = TargetAdjustment(
        indicator=indicator, old_standard=indicator.standard, new_standard=new_standard, reason=reason,
        requested_by=actor,
    )  # fmt: skip
    adjustment.full_clean()
    adjustment.save()
    audit_event_record(
        actor=actor, verb=AuditVerb.TARGET_ADJUSTMENT_REQUESTED, target=application,
        data={"label": f"申请调整绩效目标“{indicator.name}”：{indicator.standard} → {new_standard}",
              "adjustment": adjustment.pk, "indicator": indicator.key, "old": indicator.standard,
              "new": new_standard, "reason": reason},
    )  # fmt: skip
    notify_users(
        actor=actor, recipients=city_section_reviewers_of([application])[application.pk], application=application,
        verb=NotificationVerb.ACTION_REQUIRED,
        title=ADJUSTMENT_REQUESTED_TITLE.format(
            enterprise=application.enterprise.name, name=application_name(application)
        ),
        body=ADJUSTMENT_REQUESTED_BODY.format(indicator=indicator.name, old=indicator.standard, new=new_standard,
                                              reason=reason),
        url=reverse("performance:targets", args=[application.pk]),
    )  # fmt: skip
    return adjustment


def _lock_pending(actor, adjustment: TargetAdjustment) -> TargetAdjustment:
    adjustment = (
        TargetAdjustment.objects.select_for_update(of=("self",))
        .select_related("indicator__sheet__application__item")
        .get(pk=adjustment.pk)
    )
    allowed, _refusal = permissions.can_decide_target_adjustment(actor, adjustment.indicator.sheet.application)
    if not allowed:
        raise PermissionDenied
    if adjustment.status != TargetAdjustment.Status.PENDING:
        raise ValidationError(ADJUSTMENT_DECIDED.format(status=adjustment.get_status_display()))
    return adjustment


def _decide(adjustment: TargetAdjustment, actor, status: str, reason: str) -> None:
    adjustment.status = status
    adjustment.decided_by = actor
    adjustment.decided_at = timezone.now()
    adjustment.decision_reason = reason
    adjustment.save(update_fields=["status", "decided_by", "decided_at", "decision_reason"])


def _tell_decision(adjustment: TargetAdjustment, actor, *, title: str, body: str) -> None:
    """The enterprise learns the section's decision on its 目标调整, with the section's reason."""
    indicator = adjustment.indicator
    application = indicator.sheet.application
    text = body.format(by=actor_label(actor), old=adjustment.old_standard, new=adjustment.new_standard)
    if adjustment.decision_reason:
        text += f"\n审批意见：{adjustment.decision_reason}"
    tell_enterprise(
        actor=actor, application=application, verb=NotificationVerb.STATUS_CHANGED,
        title=title.format(name=application_name(application), indicator=indicator.name), body=text,
        url=reverse("performance:targets", args=[application.pk]),
    )  # fmt: skip


@transaction.atomic
def target_adjustment_approve(*, actor, adjustment: TargetAdjustment, reason: str = "") -> TargetAdjustment:
    """The item's city section agrees: the indicator takes the new 指标值 (the old one stays on the
    adjustment) and the change is audited."""
    adjustment = _lock_pending(actor, adjustment)
    indicator = PerformanceIndicator.objects.select_for_update().get(pk=adjustment.indicator_id)
    old = indicator.standard
    indicator.standard = adjustment.new_standard
    if indicator.value_type == QUANTITATIVE:
        indicator.direction, indicator.target = parse_target(adjustment.new_standard)
    indicator.full_clean(validate_constraints=False)
    indicator.save(update_fields=["standard", "direction", "target"])
    _decide(adjustment, actor, TargetAdjustment.Status.APPROVED, reason.strip())
    audit_event_record(
        actor=actor, verb=AuditVerb.TARGET_ADJUSTMENT_APPROVED, target=adjustment.indicator.sheet.application,
        data={"label": f"同意调整绩效目标“{indicator.name}”：{old} → {indicator.standard}",
              "adjustment": adjustment.pk, "indicator": indicator.key, "old": old, "new": indicator.standard,
              "reason": adjustment.decision_reason},
    )  # fmt: skip
    _tell_decision(adjustment, actor, title=ADJUSTMENT_APPROVED_TITLE, body=ADJUSTMENT_APPROVED_BODY)
    return adjustment


@transaction.atomic
def target_adjustment_refuse(*, actor, adjustment: TargetAdjustment, reason: str) -> TargetAdjustment:
    """The item's city section refuses, with a reason; the indicator keeps its 指标值."""
    adjustment = _lock_pending(actor, adjustment)
    if not reason.strip():
        raise ValidationError(REFUSAL_REASON_REQUIRED)
    _decide(adjustment, actor, TargetAdjustment.Status.REFUSED, reason.strip())
    indicator = adjustment.indicator
    audit_event_record(
        actor=actor, verb=AuditVerb.TARGET_ADJUSTMENT_REFUSED, target=indicator.sheet.application,
        data={"label": f"不同意调整绩效目标“{indicator.name}”", "adjustment": adjustment.pk,
              "indicator": indicator.key, "old": adjustment.old_standard, "new": adjustment.new_standard,
              "reason": adjustment.decision_reason},
    )  # fmt: skip
    _tell_decision(adjustment, actor, title=ADJUSTMENT_REFUSED_TITLE, body=ADJUSTMENT_REFUSED_BODY)
    return adjustment
