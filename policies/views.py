"""Public catalogue (no login): the notice, the 14 items, and one page per item."""

from __future__ import annotations

from django.shortcuts import render
from django.views.decorators.http import require_GET

from policies import selectors
from policies.presenters import item_view, rules_for_item


@require_GET
def catalogue(request):
    pack = selectors.pack_current()
    if pack is None:
        return render(request, "policies/no_pack.html", status=404)
    items = [item_view(i.data) for i in selectors.items_of_pack(pack=pack)]
    context = {"pack": pack, "notice": pack.notice, "items": items}
    return render(request, "policies/catalogue.html", context)


@require_GET
def notice(request):
    pack = selectors.pack_current_or_404()
    context = {"pack": pack, "notice": pack.notice, "rules": pack.data["pack"]}
    return render(request, "policies/notice.html", context)


@require_GET
def item_detail(request, number: int):
    pack = selectors.pack_current_or_404()
    item = selectors.item_of_pack_or_404(pack=pack, number=number)
    forms = selectors.forms_of_item(item=item)
    context = {
        "pack": pack,
        "notice": pack.notice,
        "item": item_view(item.data),
        "rules": rules_for_item(pack.data, item.number),
        "forms": [f.schema for f in forms],
        "global_conditions": pack.data["pack"]["global_conditions"],
    }
    return render(request, "policies/item_detail.html", context)
