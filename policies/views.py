"""Public catalogue (no login): the notice, its items, and one page per item, for any published pack.

The pack is chosen with `?pack=<reference>` ('hengyang-2023-gxj51' or '…@2'); without it, the default pack
(policies.selectors.pack_current), so the links of before keep working. Pages pass the reference on in their
links (`pack_ref`, empty for the default pack)."""

from __future__ import annotations

from django.shortcuts import render
from django.views.decorators.http import require_GET

from policies import selectors
from policies.presenters import item_view, rules_for_item


def _pack_context(request) -> dict:
    choice = selectors.pack_choice_or_404(request.GET.get("pack"))
    return {"pack": choice.pack, "notice": choice.pack.notice, "pack_ref": choice.ref, "offered": choice.offered}


@require_GET
def catalogue(request):
    try:
        context = _pack_context(request)
    except selectors.NoPackPublished:
        return render(request, "policies/no_pack.html", status=404)
    context["items"] = [item_view(i.data) for i in selectors.items_of_pack(pack=context["pack"])]
    return render(request, "policies/catalogue.html", context)


@require_GET
def notice(request):
    context = _pack_context(request)
    context["rules"] = context["pack"].data["pack"]
    return render(request, "policies/notice.html", context)


@require_GET
def item_detail(request, number: int):
    context = _pack_context(request)
    pack = context["pack"]
    item = selectors.item_of_pack_or_404(pack=pack, number=number)
    forms = selectors.forms_of_item(item=item)
    context |= {
        "item": item_view(item.data),
        "rules": rules_for_item(pack.data, item.number),
        "forms": [f.schema for f in forms],
        "global_conditions": pack.data["pack"]["global_conditions"],
    }
    return render(request, "policies/item_detail.html", context)
