"""Who may see which policy pack. Published packs are public (the catalogue, the calculator and its API need
no login); a draft only to those who prepare packs, and to everyone else it does not exist."""

from __future__ import annotations

from accounts import permissions as base
from policies import selectors
from policies.choices import PackStatus
from policies.models import PolicyPack


def can_view_draft_packs(user) -> bool:
    """The 中小企业科 prepares each year's notice (it collects the applications and is named as the contact of the
    notice), so it checks a new pack version before it is published. No other role may see a draft."""
    return base.is_city_sme_coordinator(user)


def pack_by_reference_for_user(user, reference: str) -> PolicyPack | None:
    """The pack a reference ('hengyang-2023-gxj51' or 'hengyang-2023-gxj51@2') names, if the user may see it;
    None otherwise, exactly as for a pack that does not exist."""
    pack = selectors.pack_by_reference(reference)
    if pack is None or (pack.status != PackStatus.PUBLISHED and not can_view_draft_packs(user)):
        return None
    return pack


def can_manage_work_calendar(user) -> bool:
    """The 中小企业科 sets each year's deadlines and 公示 periods, so it enters the holiday arrangement they are
    counted on (the 节假日安排 the State Council publishes late in the year before)."""
    return base.is_city_sme_coordinator(user)
