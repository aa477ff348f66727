"""Writes of 评价结果应用 (通知 五): the confirmed results on the enterprise's record (一企一档), read by the
eligibility engine as the facts last_performance_grade and performance_rectification_open, and 整改: opened
for a confirmed grade of 差 or a finding of false reporting, with a request to recover the award recorded with
it or later, and closed when done. The 中小企业科 decides; the enterprise, its county and (for a recovery)
the city finance section are told."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.choices import Role
from accounts.models import User
from applications.models import Application
from applications.workflow import ApplicationStatus
from core.choices import AuditVerb
from core.services import audit_event_record
from enterprises.services import recorded_facts_write
from notifications.choices import NotificationVerb
from notifications.models import Notification
from notifications.selectors import county_reviewers
from notifications.services import notifications_store, users_notifications_build
from performance.models import PerformanceEvaluation, Rectification
from performance.selectors.evaluation import enterprise_performance_facts
from performance.selectors.monitoring import pack_performance_rules
from performance.services.common import application_name, enterprise_members, locked, sme_required
from performance.workflow import EvaluationStatus

# User-facing messages (tests import them).
REQUIREMENT_REQUIRED = "请写明整改要求。"
NOT_A_POOR_GRADE = "该项目的绩效评价结果不是“{grade}”，不能以此为由启动整改。"
NOT_AWARDED = "只有确定奖补的项目可以启动整改。"
RECTIFICATION_ALREADY_OPEN = "该项目已有同一原因的整改尚未完成。"
RECTIFICATION_CLOSED = "该整改已完成。"
RECOVERY_ALREADY_REQUESTED = "已建议追回奖补资金。"
RECTIFICATION_TITLE = "绩效整改通知：{name}"
RECOVERY_TITLE = "建议追回奖补资金：{enterprise}的“{name}”"
CAUSE_REQUIRED = "请选择整改原因。"


# --- the result on the enterprise's record ---


def enterprise_facts_record(enterprise_ids: Iterable[int], *, actor) -> None:
    """Write each enterprise's performance facts (last grade, open rectification) on its record (一企一档), from
    the evaluations and rectifications, through the one writer of recorded facts (recomputed, never incremented:
    the record always agrees with the performance records). Not an action of its own: the calling service
    audits the change that causes it."""
    recorded_facts_write(source="performance_record", facts=enterprise_performance_facts(enterprise_ids), actor=actor)


# --- 整改 and the recovery request ---


def _poorest_grade(application: Application) -> str:
    rules = pack_performance_rules(application.pack)
    return min(rules.grade_bands, key=lambda band: band.min).grade if rules else "差"


def _city_finance() -> Iterable[User]:
    return User.objects.filter(
        is_active=True, roles__role=Role.CITY_FINANCE_REVIEWER, organisation__is_active=True
    ).distinct()


@transaction.atomic
def rectification_open(
    *, actor, application: Application, cause: str, requirement: str, recovery_requested: bool = False
) -> Rectification:
    """整改 of an award: for a confirmed grade of 差 (the pack's lowest band) or a finding of false reporting;
    a recovery of the money can be requested with it or later. The enterprise and its county are told."""
    sme_required(actor)
    application = locked(application, "enterprise__jurisdiction", "item", "pack")
    if application.status != ApplicationStatus.AWARDED:
        raise ValidationError(NOT_AWARDED)
    if cause not in Rectification.Cause.values:
        raise ValidationError({"cause": CAUSE_REQUIRED})
    requirement = requirement.strip()
    if not requirement:
        raise ValidationError({"requirement": REQUIREMENT_REQUIRED})
    if cause == Rectification.Cause.POOR_GRADE:
        poorest = _poorest_grade(application)
        evaluation = PerformanceEvaluation.objects.filter(
            application=application, status=EvaluationStatus.CONFIRMED
        ).first()
        if evaluation is None or evaluation.grade != poorest:
            raise ValidationError({"cause": NOT_A_POOR_GRADE.format(grade=poorest)})
    if application.rectifications.filter(cause=cause, closed_at=None).exists():
        raise ValidationError(RECTIFICATION_ALREADY_OPEN)
    rectification = Rectification(
        application=application, cause=cause, requirement=requirement, recovery_requested=recovery_requested,
        opened_by=actor,
    )  # fmt: skip
    rectification.full_clean()
    rectification.save()
    audit_event_record(
        actor=actor, verb=AuditVerb.RECTIFICATION_OPENED, target=application,
        data={"rectification": rectification.pk, "cause": cause, "requirement": requirement,
              "recovery_requested": recovery_requested},
    )  # fmt: skip
    enterprise_facts_record([application.enterprise_id], actor=actor)
    body = f"{rectification.get_cause_display()}。整改要求：{requirement}"
    recipients = [*enterprise_members(application), *county_reviewers(application)]
    messages = users_notifications_build(
        actor=actor, recipients=recipients, application=application, verb=NotificationVerb.ACTION_REQUIRED,
        title=RECTIFICATION_TITLE.format(name=application_name(application)), body=body, url=_rectification_url(application),
    )  # fmt: skip
    if recovery_requested:
        messages += _recovery_messages(actor, application, rectification)
    notifications_store(messages)
    return rectification


def _rectification_url(application: Application) -> str:
    evaluation = PerformanceEvaluation.objects.filter(application=application).values_list("pk", flat=True).first()
    return reverse("performance:evaluation", args=[evaluation]) if evaluation else ""


def _recovery_messages(actor, application: Application, rectification: Rectification) -> list[Notification]:
    """The city finance section (财政局企业科), which handles the disbursement, is asked to recover it."""
    return users_notifications_build(
        actor=actor, recipients=_city_finance(), application=application, verb=NotificationVerb.ACTION_REQUIRED,
        title=RECOVERY_TITLE.format(enterprise=application.enterprise.name, name=application_name(application)),
        body=f"{rectification.get_cause_display()}：{rectification.requirement}", url=_rectification_url(application),
    )  # fmt: skip


def _lock_rectification(rectification: Rectification) -> Rectification:
    return locked(rectification, "application__enterprise", "application__item")


@transaction.atomic
def rectification_recovery_request(*, actor, rectification: Rectification) -> Rectification:
    """Record the decision to recover the award (追回资金) for an open rectification."""
    sme_required(actor)
    rectification = _lock_rectification(rectification)
    if rectification.closed_at:
        raise ValidationError(RECTIFICATION_CLOSED)
    if rectification.recovery_requested:
        raise ValidationError(RECOVERY_ALREADY_REQUESTED)
    rectification.recovery_requested = True
    rectification.save(update_fields=["recovery_requested"])
    application = rectification.application
    audit_event_record(
        actor=actor, verb=AuditVerb.RECOVERY_REQUESTED, target=application,
        data={"rectification": rectification.pk, "amount": str(application.award_amount)},
    )  # fmt: skip
    notifications_store(_recovery_messages(actor, application, rectification))
    return rectification


@transaction.atomic
def rectification_close(*, actor, rectification: Rectification, remark: str = "") -> Rectification:
    """The rectification is done: the enterprise's record no longer shows it open (unless another is)."""
    sme_required(actor)
    rectification = _lock_rectification(rectification)
    if rectification.closed_at:
        raise ValidationError(RECTIFICATION_CLOSED)
    rectification.closed_at = timezone.now()
    rectification.save(update_fields=["closed_at"])
    application = rectification.application
    audit_event_record(
        actor=actor, verb=AuditVerb.RECTIFICATION_CLOSED, target=application,
        data={"rectification": rectification.pk, "remark": remark.strip()},
    )  # fmt: skip
    enterprise_facts_record([application.enterprise_id], actor=actor)
    return rectification
