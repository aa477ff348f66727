"""资金下达: the city finance section drafts the allocation of a final award list and confirms it in its own name;
the 中小企业科 co-signs it, which issues the money to the counties (each award 待下达 → 已下达)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone

from awards.choices import AwardListStatus
from awards.models import AwardList
from core.choices import AuditVerb
from core.services import audit_event_record
from funds import permissions
from funds.choices import AllocationStatus
from funds.models import YUAN_PER_WAN, Allocation, AllocationLine, AwardFund
from funds.services.common import county_finance_users, transition_check, wan_text
from funds.workflow import TRANSITIONS
from notifications.choices import NotificationVerb
from notifications.services import notify_users
from review.signoff import SignOffFacts, real_name_check, sign_off_check

# User-facing messages (tests import them).
LIST_NOT_FINAL = "奖补名单尚未定稿，不能办理资金下达。"
LIST_ALREADY_ALLOCATED = "该奖补名单已办理资金下达（{number}），不能重复下达。"
NOTHING_AWARDED = "该奖补名单没有予以奖补的项目，无需下达资金。"
DOCUMENT_NUMBER_TAKEN = "文号“{number}”已被其他资金下达使用，请核对后重新填写。"
DOCUMENT_NUMBER_REQUIRED = "请填写资金下达文号。"
NO_JURISDICTION = "“{enterprise}”未登记所属县市区（园区），无法计算下达金额。"
WRONG_ALLOCATION_STATUS = "资金下达当前为“{status}”，不能{action}。"


def allocation_sign_off_facts(allocation: Allocation) -> SignOffFacts:
    """What the confirmation and the co-signature are checked against: 文号, number of awards, total (万元)."""
    totals = allocation.lines.aggregate(count=Sum("award_count"), total=Sum("amount"))
    return SignOffFacts(
        document=allocation.document_number, count=totals["count"] or 0,
        total=(totals["total"] or Decimal(0)) / YUAN_PER_WAN, total_label="下达金额合计",
    )  # fmt: skip


@transaction.atomic
def allocation_create(
    *, actor, award_list: AwardList, document_number: str, issued_on: dt.date, budget_subject: str | None = None
) -> Allocation:
    """The city finance section drafts the allocation of a final list: one fund account per award (not
    excluded) and one line per county or park, whose amount is the sum of its enterprises' awards."""
    if not permissions.can_create_allocation(actor):
        raise PermissionDenied(permissions.NOT_CITY_FINANCE)
    award_list = AwardList.objects.select_for_update().select_related("pack").get(pk=award_list.pk)
    if award_list.status != AwardListStatus.FINAL:
        raise ValidationError(LIST_NOT_FINAL)
    existing = Allocation.objects.filter(award_list=award_list).first()
    if existing:
        raise ValidationError(LIST_ALREADY_ALLOCATED.format(number=existing.document_number))
    document_number = (document_number or "").strip()
    if not document_number:
        raise ValidationError({"document_number": DOCUMENT_NUMBER_REQUIRED})
    if Allocation.objects.filter(document_number=document_number).exists():
        raise ValidationError({"document_number": DOCUMENT_NUMBER_TAKEN.format(number=document_number)})
    entries = list(award_list.entries.filter(excluded=False).select_related("application__enterprise"))
    if not entries:
        raise ValidationError(NOTHING_AWARDED)
    for entry in entries:
        if entry.application.enterprise.jurisdiction_id is None:
            raise ValidationError(NO_JURISDICTION.format(enterprise=entry.application.enterprise))
    if budget_subject is None:
        data = award_list.pack.data if isinstance(award_list.pack.data, dict) else {}
        budget_subject = str(data.get("budget_subject") or "")
    allocation = Allocation(
        award_list=award_list, document_number=document_number, issued_on=issued_on,
        budget_subject=budget_subject.strip(), created_by=actor,
    )  # fmt: skip
    allocation.full_clean()
    allocation.save()
    AwardFund.objects.bulk_create(
        AwardFund(entry=entry, application=entry.application, allocation=allocation,
                  awarded=entry.amount * YUAN_PER_WAN)
        for entry in entries
    )  # fmt: skip
    # The lines are summed by the database from the accounts just written, so they equal the awards.
    lines = [
        AllocationLine(
            allocation=allocation, jurisdiction_id=row["application__enterprise__jurisdiction_id"],
            awarded=row["total"], amount=row["total"], award_count=row["count"],
        )
        for row in allocation.funds.values("application__enterprise__jurisdiction_id")
        .annotate(total=Sum("awarded"), count=Count("pk")).order_by("application__enterprise__jurisdiction_id")
    ]  # fmt: skip
    AllocationLine.objects.bulk_create(lines)
    facts = allocation_sign_off_facts(allocation)
    audit_event_record(
        actor=actor, verb=AuditVerb.ALLOCATION_CREATED, target=allocation,
        data={"award_list": award_list.pk, "awards": facts.count, "total_wan": wan_text(facts.total * YUAN_PER_WAN),
              "lines": {str(line.jurisdiction_id): str(line.amount) for line in lines}},
    )  # fmt: skip
    return allocation


def _signed_locked(allocation: Allocation, *, actor, confirmed: SignOffFacts | None, status: str, action: str):
    """The allocation, locked, in `status`, signed by `actor` in a real name against the facts they were shown:
    (allocation, facts)."""
    allocation = Allocation.objects.select_for_update().get(pk=allocation.pk)
    if allocation.status != status:
        raise ValidationError(WRONG_ALLOCATION_STATUS.format(status=allocation.get_status_display(), action=action))
    real_name_check(actor)
    facts = allocation_sign_off_facts(allocation)
    sign_off_check(confirmed=confirmed, current=facts)
    return allocation, facts


def _sign_record(allocation: Allocation, *, actor, step: str, status: str, verb: AuditVerb, facts, **data) -> None:
    """The allocation moves to `status` with who signed and when (`<step>_by`, `<step>_at`), and its audit event."""
    allocation.status = status
    setattr(allocation, f"{step}_by", actor)
    setattr(allocation, f"{step}_at", timezone.now())
    allocation.save(update_fields=["status", f"{step}_by", f"{step}_at", "updated_at"])
    audit_event_record(
        actor=actor, verb=verb, target=allocation,
        data={**data, "awards": facts.count, "total_wan": wan_text(facts.total * YUAN_PER_WAN)},
    )  # fmt: skip


@transaction.atomic
def allocation_confirm(*, actor, allocation: Allocation, confirmed: SignOffFacts | None = None) -> Allocation:
    """The city finance section confirms the allocation in its own name, having checked 文号, count and total."""
    if not permissions.can_create_allocation(actor):
        raise PermissionDenied(permissions.NOT_CITY_FINANCE)
    allocation, facts = _signed_locked(
        allocation, actor=actor, confirmed=confirmed, status=AllocationStatus.DRAFT, action="确认"
    )
    _sign_record(allocation, actor=actor, step="confirmed", status=AllocationStatus.CONFIRMED,
                 verb=AuditVerb.ALLOCATION_CONFIRMED, facts=facts)  # fmt: skip
    return allocation


@transaction.atomic
def allocation_cosign(*, actor, allocation: Allocation, confirmed: SignOffFacts | None = None) -> Allocation:
    """The 中小企业科 co-signs in its own name: the allocation is issued, each award moves 待下达 → 已下达 and
    the county finance bureaus may pay."""
    if not permissions.can_cosign_allocation(actor):
        raise PermissionDenied(permissions.NOT_SME_COORDINATOR)
    allocation, facts = _signed_locked(
        allocation, actor=actor, confirmed=confirmed, status=AllocationStatus.CONFIRMED, action="会签"
    )
    funds = list(allocation.funds.select_for_update().order_by("pk"))
    for fund in funds:
        transition_check("allocate", fund, actor)
        fund.allocated, fund.status = fund.awarded, TRANSITIONS["allocate"].targets[0]
    AwardFund.objects.bulk_update(funds, ["allocated", "status"])
    _sign_record(allocation, actor=actor, step="cosigned", status=AllocationStatus.ISSUED,
                 verb=AuditVerb.ALLOCATION_COSIGNED, facts=facts, label=TRANSITIONS["allocate"].label)  # fmt: skip
    notify_users(
        actor=actor, recipients=county_finance_users(allocation.lines.values_list("jurisdiction_id", flat=True)),
        application=None, verb=NotificationVerb.ACTION_REQUIRED, title=f"奖补资金已下达（{allocation.document_number}）",
        body="请按下达金额向企业拨付资金，并登记拨付凭证。", url="",
    )  # fmt: skip
    return allocation
