"""Who may review applications and handle recommendation batches. Deny by default: every predicate answers
False unless a rule grants it.

Officials reach applications through `applications.permissions` (a county its own jurisdiction, a city section
its own items) and batches through `batches_visible_to` (a county its own; the city only those sent), so
another county's application or batch is simply not found (404). The predicates below say what a person may
do with what they can see; the services check again and are the authority."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from accounts import permissions as base
from applications.models import Application
from applications.workflow import ApplicationStatus, transition_allowed
from policies.models import SupportItem
from policies.selectors import items_of_current_pack
from review.models import RecommendationBatch, ReviewOpinion


def _workflow_allows(user, transition: str, application: Application) -> bool:
    """The workflow table's answer: the application's state and the user's roles allow the transition."""
    return transition_allowed(transition, application.status, user.role_set)[0]


def can_view_worklist(user) -> bool:
    """The work list and the batch list are the officials' pages: the county's two departments and the city's."""
    return base.is_county_reviewer(user) or base.is_city_official(user)


def county_department_of(user) -> str | None:
    """The county department in whose name the user gives opinions and signs (工信 or 财政), or None."""
    if base.is_county_industry_reviewer(user):
        return ReviewOpinion.Department.INDUSTRY
    if base.is_county_finance_reviewer(user):
        return ReviewOpinion.Department.FINANCE
    return None


def is_county_reviewer_of(user, application: Application) -> bool:
    """A reviewer of either county department of the applicant's jurisdiction."""
    return base.is_county_reviewer(user) and user.organisation.jurisdiction_id == application.enterprise.jurisdiction_id


def is_city_section_of(user, application: Application) -> bool:
    """A reviewer of the city section that the pack names for the application's item."""
    return base.is_city_section_reviewer(user) and user.organisation.section_code == application.item.section_code


def can_record_county_opinion(user, application: Application) -> bool:
    # Every county opinion (同意, 退回修改, 不予推荐) is open for as long as the county may return it.
    return is_county_reviewer_of(user, application) and _workflow_allows(user, "county_return", application)


def can_record_county_opinions_in_bulk(user) -> bool:
    """The work list's bulk actions (同意 / 退回修改 on a selection) are the county's."""
    return base.is_county_reviewer(user)


def can_reopen_for_county(user, application: Application) -> bool:
    """After the city returned it, the county reviews it again."""
    return is_county_reviewer_of(user, application) and _workflow_allows(user, "county_reopen", application)


def can_decide_as_city_section(user, application: Application) -> bool:
    # Every city decision (同意, 退回县级, 不予支持) is open for as long as the section may return it.
    return is_city_section_of(user, application) and _workflow_allows(user, "city_return", application)


# Recommendation batches (联合推荐)


def batches_visible_to(user) -> QuerySet[RecommendationBatch]:
    """A county sees its own batches, drafts included; the SME section and city finance see those sent."""
    batches = RecommendationBatch.objects.select_related("jurisdiction", "industry_signed_by", "finance_signed_by")
    if base.is_county_reviewer(user):
        return batches.filter(jurisdiction_id=user.organisation.jurisdiction_id)
    if base.is_city_sme_coordinator(user) or base.is_city_finance_reviewer(user):
        return batches.filter(status=RecommendationBatch.Status.SENT)
    return batches.none()


def get_batch_for_user_or_404(user, pk: int) -> RecommendationBatch:
    return get_object_or_404(batches_visible_to(user), pk=pk)


def can_create_batch(user) -> bool:
    """The county 工信 reviewer puts the joint recommendation together."""
    return base.is_county_industry_reviewer(user)


def batch_candidates_for(user) -> QuerySet[Application]:
    """What the user may put in a new batch: the jurisdiction's county-approved applications in no batch yet."""
    if not can_create_batch(user):
        return Application.objects.none()
    return Application.objects.filter(
        jurisdiction_id=user.organisation.jurisdiction_id,
        status=ApplicationStatus.COUNTY_APPROVED,
        batch__isnull=True,
    )


def can_sign_batch(user, batch: RecommendationBatch) -> bool:
    """Each county department signs its jurisdiction's batch in its own name (the page offers it on a draft)."""
    return county_department_of(user) is not None and user.organisation.jurisdiction_id == batch.jurisdiction_id


def can_send_batch(user, batch: RecommendationBatch) -> bool:
    """The county 工信 reviewer sends the jurisdiction's signed batch to the city (the page offers it on a draft)."""
    return base.is_county_industry_reviewer(user) and user.organisation.jurisdiction_id == batch.jurisdiction_id


# Item budgets (预算)


def can_set_item_budgets(user) -> bool:
    """The notice is issued jointly by the 市工信局 and the 市财政局: the 中小企业科, which organises the call,
    and the 财政局企业科, which holds the money, set each item's budget. The sections only draw on it."""
    return base.is_city_sme_coordinator(user) or base.is_city_finance_reviewer(user)


def budget_items_for(user) -> QuerySet[SupportItem]:
    """The items whose budget the user may set: those of the current published pack, for those who set budgets."""
    if not can_set_item_budgets(user):
        return SupportItem.objects.none()
    return items_of_current_pack().defer("data")


def get_budget_item_for_user_or_404(user, pk: int) -> SupportItem:
    return get_object_or_404(budget_items_for(user), pk=pk)
