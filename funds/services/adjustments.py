"""调减 / 撤销: the 中小企业科 decides in its own name to reduce or revoke an allocated award, with its reason, its
legal basis and the clause of the 承诺书 broken (and, for a revocation, whether false reporting was found); the
city finance section co-signs in its own name, and the decision takes effect: the award in force falls to the
new figure (AwardFund.withdrawn; the list's figure stays as `awarded`, so the ledger's checks still hold), money
already paid above it becomes a recovery (funds/services/recovery.py), the enterprise is told, and its funds
facts are rewritten."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.choices import Role
from accounts.models import User
from core.choices import AuditVerb
from core.services import audit_event_record
from funds import permissions
from funds.choices import AdjustmentKind, AdjustmentStatus
from funds.models import YUAN_PER_WAN, AwardAdjustment, AwardFund
from funds.services.common import CENT, fund_locked, tell_enterprise, wan_text, yuan_text
from funds.services.recovery import funds_facts_record, money_clean, recovery_due_raise, recovery_url
from funds.workflow import ADJUSTMENT_LABELS, ADJUSTMENT_TRANSITIONS, NEW, FundStatus, step_allowed
from notifications.choices import NotificationVerb
from notifications.services import notify_users
from review.signoff import SignOffFacts, real_name_check, sign_off_check

# User-facing messages (tests import them).
NOT_ALLOCATED = "该项目的奖补资金尚未下达：下达前的调整请在奖补名单中办理。"
ALREADY_REVOKED = "该项目的奖补已撤销，不能再调整。"
ADJUSTMENT_PENDING = "该项目已有调减或撤销决定待财政局企业科会签，会签后才能再作决定。"
KIND_REQUIRED = "请选择调减或撤销。"
DOCUMENT_NUMBER_REQUIRED = "请填写决定文号。"
REASON_REQUIRED = "请写明调减或撤销的理由。"
LEGAL_BASIS_REQUIRED = "请写明依据（如管理办法条款、审计或核查结论）。"
NEW_AWARD_REQUIRED = "请填写调减后的奖补金额（元）。"
NEW_AWARD_NOT_LOWER = "调减后的奖补金额须大于 0 元且低于现有奖补金额 {wan} 万元（{yuan} 元）；减至 0 请选择撤销。"
FALSE_REPORTING_REVOKES = "认定虚假申报的，应撤销奖补。"
DUE_ON_REQUIRED = "已拨付的资金超过调整后的奖补金额，请填写追回期限。"


def adjustment_sign_off_facts(adjustment: AwardAdjustment) -> SignOffFacts:
    """What the co-signer checks: 决定文号, one award, the award after the decision (万元)."""
    total = (adjustment.new_award / YUAN_PER_WAN).quantize(CENT, rounding=ROUND_HALF_UP)
    return SignOffFacts(document=adjustment.document_number, count=1, total=total, total_label="调整后奖补金额")


def _step_check(name: str, status: str, actor) -> None:
    reason = step_allowed(ADJUSTMENT_TRANSITIONS, ADJUSTMENT_LABELS, name, status, actor.role_set)
    if reason:
        raise ValidationError(reason)


def _required(value: str, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message})
    return value


def _new_award(fund: AwardFund, kind: str, new_award) -> Decimal:
    if kind == AdjustmentKind.REVOKE:
        return Decimal("0.00")
    if new_award in (None, ""):
        raise ValidationError({"new_award": NEW_AWARD_REQUIRED})
    amount = money_clean(new_award, field="new_award")
    if amount >= fund.in_force:
        raise ValidationError(
            {"new_award": NEW_AWARD_NOT_LOWER.format(wan=wan_text(fund.in_force), yuan=yuan_text(fund.in_force))}
        )
    return amount


def _city_finance() -> list[User]:
    return list(
        User.objects.filter(is_active=True, roles__role=Role.CITY_FINANCE_REVIEWER, organisation__is_active=True)
        .distinct()
        .order_by("pk")
    )


@transaction.atomic
def adjustment_decide(
    *, actor, fund: AwardFund, kind: str, document_number: str, reason: str, legal_basis: str,
    commitment_clause: str = "", false_reporting: bool = False, new_award: Decimal | None = None,
    recovery_due_on: dt.date | None = None,
) -> AwardAdjustment:  # fmt: skip
    """The 中小企业科's real-name decision to reduce (`new_award`, 元) or revoke an allocated award; it takes
    effect when the city finance section co-signs it."""
    if not permissions.can_decide_adjustment(actor):
        raise PermissionDenied(permissions.NOT_SME_DECIDER)
    real_name_check(actor)
    fund = fund_locked(pk=fund.pk)
    if fund.status == FundStatus.PENDING:
        raise ValidationError(NOT_ALLOCATED)
    if fund.in_force <= 0:
        raise ValidationError(ALREADY_REVOKED)
    if fund.adjustments.filter(status=AdjustmentStatus.DECIDED).exists():
        raise ValidationError(ADJUSTMENT_PENDING)
    _step_check("adjustment_decide", NEW, actor)
    if kind not in AdjustmentKind.values:
        raise ValidationError({"kind": KIND_REQUIRED})
    if false_reporting and kind != AdjustmentKind.REVOKE:
        raise ValidationError({"false_reporting": FALSE_REPORTING_REVOKES})
    document_number = _required(document_number, "document_number", DOCUMENT_NUMBER_REQUIRED)
    reason = _required(reason, "reason", REASON_REQUIRED)
    legal_basis = _required(legal_basis, "legal_basis", LEGAL_BASIS_REQUIRED)
    amount = _new_award(fund, kind, new_award)
    if fund.paid > amount and recovery_due_on is None:
        raise ValidationError({"recovery_due_on": DUE_ON_REQUIRED})
    adjustment = AwardAdjustment(
        fund=fund, kind=kind, document_number=document_number, previous_award=fund.in_force, new_award=amount,
        reason=reason, legal_basis=legal_basis, commitment_clause=(commitment_clause or "").strip(),
        false_reporting=bool(false_reporting), recovery_due_on=recovery_due_on, decided_by=actor,
        decided_at=timezone.now(),
    )  # fmt: skip
    adjustment.full_clean(exclude=["fund", "decided_by"], validate_constraints=False)
    adjustment.save()
    audit_event_record(
        actor=actor, verb=AuditVerb.ADJUSTMENT_DECIDED, target=fund.application,
        data={"adjustment": adjustment.pk, "kind": kind, "document_number": document_number,
              "previous_award": str(adjustment.previous_award), "new_award": str(amount), "reason": reason,
              "legal_basis": legal_basis, "commitment_clause": adjustment.commitment_clause,
              "false_reporting": adjustment.false_reporting},
    )  # fmt: skip
    notify_users(
        actor=actor, recipients=_city_finance(), application=fund.application, verb=NotificationVerb.ACTION_REQUIRED,
        title=f"请会签{adjustment.get_kind_display()}奖补决定（{document_number}）",
        body=f"{fund.application.enterprise.name}：{reason}", url=reverse("funds:adjustment_cosign", args=[adjustment.pk]),
    )  # fmt: skip
    return adjustment


@transaction.atomic
def adjustment_cosign(*, actor, adjustment: AwardAdjustment, confirmed: SignOffFacts | None = None) -> AwardAdjustment:
    """The city finance section co-signs in its own name: the award in force falls to the decision's figure,
    money paid above it is to be recovered, the enterprise is told and its funds facts rewritten."""
    if not permissions.can_cosign_adjustment(actor):
        raise PermissionDenied(permissions.NOT_CITY_FINANCE_SIGNER)
    fund = fund_locked(pk=adjustment.fund_id)
    adjustment = AwardAdjustment.objects.select_for_update().get(pk=adjustment.pk)
    _step_check("adjustment_cosign", adjustment.status, actor)
    real_name_check(actor)
    sign_off_check(confirmed=confirmed, current=adjustment_sign_off_facts(adjustment))
    adjustment.status, adjustment.cosigned_by, adjustment.cosigned_at = AdjustmentStatus.IN_FORCE, actor, timezone.now()
    adjustment.save(update_fields=["status", "cosigned_by", "cosigned_at", "updated_at"])
    fund.withdrawn = fund.awarded - adjustment.new_award
    fund.save(update_fields=["withdrawn"])
    audit_event_record(
        actor=actor, verb=AuditVerb.ADJUSTMENT_COSIGNED, target=fund.application,
        data={"adjustment": adjustment.pk, "kind": adjustment.kind, "document_number": adjustment.document_number,
              "new_award": str(adjustment.new_award), "withdrawn": str(fund.withdrawn)},
    )  # fmt: skip
    recovery = recovery_due_raise(
        actor=actor, fund=fund, due=fund.paid - adjustment.new_award, due_on=adjustment.recovery_due_on,
        reason=f"{adjustment.get_kind_display()}奖补（{adjustment.document_number}）：{adjustment.reason}",
        adjustment=adjustment,
    )  # fmt: skip
    funds_facts_record([fund.application.enterprise_id], actor=actor)
    body = (
        f"决定文号 {adjustment.document_number}。理由：{adjustment.reason}。依据：{adjustment.legal_basis}"
        + (f"；违反承诺：{adjustment.commitment_clause}" if adjustment.commitment_clause else "")
        + f"。调整后奖补金额 {yuan_text(adjustment.new_award)} 元。"
        + (f"请于 {recovery.due_on:%Y年%m月%d日} 前缴回 {yuan_text(recovery.outstanding)} 元。" if recovery else "")
    )  # fmt: skip
    tell_enterprise(
        actor=actor, application=fund.application, title=f"奖补已{adjustment.get_kind_display()}", body=body,
        verb=NotificationVerb.ACTION_REQUIRED if recovery else NotificationVerb.STATUS_CHANGED, url=recovery_url(fund),
    )  # fmt: skip
    return adjustment
