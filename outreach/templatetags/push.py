"""`{% probable_items_card %}`: the enterprise's probable items (符合 and 需佐证, not applied for) from its stored
results, as a card for its home page, with 尚未评估 when it has none yet. Nothing for anyone else."""

from __future__ import annotations

from django import template

from outreach import permissions, selectors
from policies.selectors import pack_current

register = template.Library()
CARD_ITEMS = 5


@register.inclusion_tag("outreach/_probable_items.html", takes_context=True)
def probable_items_card(context) -> dict:
    request = context.get("request")
    user = getattr(request, "user", None)
    enterprise = getattr(user, "organisation", None)
    pack = pack_current()
    if pack is None or not permissions.can_mute_pushes(user, enterprise):
        return {"show": False}
    items, evaluated_at = selectors.items_for_enterprise(enterprise_id=enterprise.pk, pack=pack)
    probable = [i for i in items if i.probable and not i.applied]
    return {"show": True, "pack": pack, "items": probable[:CARD_ITEMS], "more": len(probable) - CARD_ITEMS,
            "evaluated_at": evaluated_at}  # fmt: skip
