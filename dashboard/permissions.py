"""Who sees which 数据看板, and over what: deny by default. The numbers themselves are always counted over
applications_visible_to, so a dashboard never shows more than the person's work list would."""

from __future__ import annotations

from django.db.models import QuerySet

from accounts import permissions as base
from accounts.models import Jurisdiction
from dashboard.selectors import CITY_STATUSES, COUNTY_STATUSES
from policies.models import PolicyPack, SupportItem


def can_view_city_dashboard(user) -> bool:
    """The 中小企业科, the 财政局企业科 and the sections (the latter over their own items)."""
    return (
        base.is_city_sme_coordinator(user) or base.is_city_finance_reviewer(user) or base.is_city_section_reviewer(user)
    )


def can_view_county_dashboard(user) -> bool:
    """A county's 工信 and 财政 reviewers, over their own jurisdiction."""
    return base.is_county_reviewer(user)


def dashboard_items_for(user, pack: PolicyPack | None) -> list[SupportItem]:
    """The pack's items the person's dashboard counts: a section only its own, nobody else's."""
    if pack is None:
        return []
    items: QuerySet[SupportItem] = pack.items.defer("data").order_by("number")
    if dashboard_is_section_scope(user):
        return list(items.filter(section_code=user.organisation.section_code))
    if can_view_city_dashboard(user) or base.is_county_reviewer(user):
        return list(items)
    return []


def dashboard_is_section_scope(user) -> bool:
    """A section's dashboard counts its own items only (the page says so)."""
    return base.is_city_section_reviewer(user) and not (
        base.is_city_sme_coordinator(user) or base.is_city_finance_reviewer(user)
    )


def dashboard_jurisdictions_for(user) -> list[Jurisdiction]:
    """A county official's own jurisdiction; every active one for the city."""
    if can_view_city_dashboard(user):
        return list(Jurisdiction.objects.filter(is_active=True).order_by("sort_order", "code"))
    if base.is_county_reviewer(user):
        return list(Jurisdiction.objects.filter(pk=user.organisation.jurisdiction_id))
    return []


def dashboard_statuses_for(user) -> tuple[str, ...]:
    """The statuses the person's work list can show: the city's from the recommendation on."""
    if can_view_city_dashboard(user):
        return CITY_STATUSES
    if base.is_county_reviewer(user):
        return COUNTY_STATUSES
    return ()
