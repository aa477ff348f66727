"""Who may see and act on the funds ledger. Deny by default; an object outside the user's scope is not found (404).

Scopes, as for applications: an enterprise sees its own awards; a county (industry or finance bureau) its
jurisdiction's; the city finance section and the 中小企业科 everything; a 市工信局 section the awards of its
items. The receiving account is shown in full to finance roles only."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.permissions import (
    is_city_finance_reviewer,
    is_city_official,
    is_city_section_reviewer,
    is_city_sme_coordinator,
    is_county_finance_reviewer,
    is_county_reviewer,
    is_enterprise_user,
)
from applications.models import Application
from awards.choices import AwardListStatus
from awards.models import AwardEntry
from core.masking import mask_bank_account
from funds.models import Allocation, AwardAdjustment, AwardFund, Disbursement, Recovery
from performance.models import Rectification

# User-facing refusals (tests import them).
NOT_CITY_FINANCE = "只有市财政局企业科可以办理资金下达。"
NOT_SME_COORDINATOR = "只有市工信局中小企业科可以会签资金下达。"
NOT_THE_COUNTY_FINANCE = "只有该企业所在县市区（园区）的财政部门可以登记或更正拨付。"
NOT_THE_ENTERPRISE = "只有获得奖补的企业可以确认到账或报告差异。"


def _application_scope(user, prefix: str) -> Q | None:
    """The filter, on the application found at `prefix`, of what `user` may see (None: everything)."""
    if is_city_finance_reviewer(user) or is_city_sme_coordinator(user):
        return None
    if is_city_section_reviewer(user):
        return Q(**{f"{prefix}item__section_code": user.organisation.section_code})
    if is_county_reviewer(user):
        return Q(**{f"{prefix}enterprise__jurisdiction_id": user.organisation.jurisdiction_id})
    if is_enterprise_user(user):
        return Q(**{f"{prefix}enterprise_id": user.organisation_id})
    return Q(pk__in=[])


def _scoped(queryset: QuerySet, user, prefix: str) -> QuerySet:
    scope = _application_scope(user, prefix)
    return queryset if scope is None else queryset.filter(scope)


def award_entries_visible_to(user) -> QuerySet[AwardEntry]:
    """Awarded entries of final lists (the ledger's rows, allocated or not) that the user may see."""
    entries = AwardEntry.objects.filter(award_list__status=AwardListStatus.FINAL, excluded=False)
    return _scoped(entries, user, "application__")


def funds_visible_to(user) -> QuerySet[AwardFund]:
    return _scoped(AwardFund.objects.all(), user, "application__")


def disbursements_visible_to(user) -> QuerySet[Disbursement]:
    return _scoped(Disbursement.objects.all(), user, "fund__application__")


def allocations_visible_to(user) -> QuerySet[Allocation]:
    """Allocations that carry at least one award the user may see (all of them for the city)."""
    if _application_scope(user, "") is None:
        return Allocation.objects.all()
    return Allocation.objects.filter(pk__in=funds_visible_to(user).values("allocation_id"))


def get_allocation_for_user_or_404(user, pk: int) -> Allocation:
    return get_object_or_404(allocations_visible_to(user), pk=pk)


def get_fund_for_user_or_404(user, pk: int) -> AwardFund:
    return get_object_or_404(funds_visible_to(user).select_related("application__enterprise"), pk=pk)


def get_disbursement_for_user_or_404(user, pk: int) -> Disbursement:
    return get_object_or_404(disbursements_visible_to(user).select_related("fund__application"), pk=pk)


# Named predicates for the services.


def can_create_allocation(user) -> bool:
    return is_city_finance_reviewer(user)


def can_cosign_allocation(user) -> bool:
    return is_city_sme_coordinator(user)


def can_pay(user, application: Application) -> bool:
    """The county finance bureau of the enterprise's own jurisdiction."""
    return is_county_finance_reviewer(user) and user.organisation.jurisdiction_id == (
        application.enterprise.jurisdiction_id
    )


def can_confirm_receipt(user, application: Application) -> bool:
    return is_enterprise_user(user) and user.organisation_id == application.enterprise_id


def sees_full_account(user) -> bool:
    return is_county_finance_reviewer(user) or is_city_finance_reviewer(user)


def account_number_for(user, disbursement: Disbursement) -> str:
    """The receiving account number as this user may read it: in full for finance roles, else masked."""
    if sees_full_account(user):
        return disbursement.account_number
    return mask_bank_account(disbursement.account_number)


# Named predicates for the pages.


def can_view_ledger(user) -> bool:
    """The ledger (rows scoped by award_entries_visible_to): the enterprise, the counties and the city; not the
    auditor or the administrator, who have no awards in their scope."""
    return is_enterprise_user(user) or is_county_reviewer(user) or is_city_official(user)


def can_view_allocations(user) -> bool:
    """The 资金下达 documents: the city and the counties they are sent to, not the enterprises."""
    return is_county_reviewer(user) or is_city_official(user)


# 调减 / 撤销 and 追回: the 中小企业科 decides, the city finance section co-signs and opens a recovery from a 整改,
# the county finance bureau of the enterprise records repayments; the enterprise, its county and the city read.

NOT_SME_DECIDER = "只有市工信局中小企业科可以决定调减或撤销奖补。"
NOT_CITY_FINANCE_SIGNER = "只有市财政局企业科可以会签调减或撤销决定，或从整改启动追回。"
NOT_THE_COUNTY_FINANCE_RECOVERY = "只有该企业所在县市区（园区）的财政部门可以登记追回款。"


def can_decide_adjustment(user) -> bool:
    return is_city_sme_coordinator(user)


def can_cosign_adjustment(user) -> bool:
    return is_city_finance_reviewer(user)


def can_open_recovery(user) -> bool:
    return is_city_finance_reviewer(user)


def can_record_repayment(user, application: Application) -> bool:
    """The county finance bureau of the enterprise's own jurisdiction, which paid the award."""
    return can_pay(user, application)


def adjustments_visible_to(user) -> QuerySet[AwardAdjustment]:
    return _scoped(AwardAdjustment.objects.all(), user, "fund__application__")


def get_adjustment_for_user_or_404(user, pk: int) -> AwardAdjustment:
    return get_object_or_404(adjustments_visible_to(user).select_related("fund__application__enterprise"), pk=pk)


def get_rectification_for_recovery_or_404(user, pk: int) -> Rectification:
    """A 整改 with a recovery requested, for the city finance section to open the recovery from (404 for anyone
    else, or for a 整改 without the request)."""
    if not can_open_recovery(user):
        raise Http404
    queryset = Rectification.objects.filter(recovery_requested=True).select_related("application__enterprise")
    return get_object_or_404(queryset, pk=pk)


def recoveries_visible_to(user) -> QuerySet[Recovery]:
    return _scoped(Recovery.objects.all(), user, "fund__application__")


def get_recovery_for_user_or_404(user, pk: int) -> Recovery:
    return get_object_or_404(recoveries_visible_to(user).select_related("fund__application__enterprise"), pk=pk)
