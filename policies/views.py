"""Public catalogue (no login): the notice, its items, and one page per item, for any published pack.

The pack is chosen with `?pack=<reference>` ('hengyang-2023-gxj51' or '…@2'); without it, the default pack
(policies.selectors.pack_current), so the links of before keep working. Pages pass the reference on in their
links (`pack_ref`, empty for the default pack)."""

from __future__ import annotations

from collections.abc import Callable

from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.views.decorators.http import require_GET

from core.memo import memo_put
from policies import selectors
from policies.presenters import item_view, rules_for_item

# What the catalogue and item pages draw from the stored pack alone, by the pack's pk and content digest (a stored
# pack never changes under them, so nothing here goes stale), once per process: drawing it was about half of the
# item page's CPU and a fifth of the catalogue's (issue 17). Bounded as core.memo bounds every such memo.
_DRAWN: dict[tuple, dict] = {}
_DRAWN_SIZE = 128  # the 14 items and the catalogue of a few packs


def _drawn(key: tuple, draw: Callable[[], dict]) -> dict:
    parts = _DRAWN.get(key)
    return parts if parts is not None else memo_put(_DRAWN, key, draw(), size=_DRAWN_SIZE)


def catalogue_parts(pack, pack_ref: str) -> dict:
    """The catalogue's items and its table's rows, whose links carry `pack_ref` (and the site's URL prefix)."""

    def draw() -> dict:
        items = [item_view(i.data) for i in selectors.items_of_pack(pack=pack)]
        context = {"items": items, "pack_ref": pack_ref}
        return {"items": items, "item_rows": render_to_string("policies/catalogue.html#item-rows", context)}

    return _drawn(("catalogue", pack.pk, pack.digest, pack_ref, get_script_prefix()), draw)


def item_page_parts(pack, number: int) -> dict:
    """An item page's item and forms (its head) and its body (policies/_item_body.html), drawn; 404 for a number
    the pack does not have."""

    def draw() -> dict:
        item = selectors.item_of_pack_or_404(pack=pack, number=number)
        parts = {
            "item": item_view(item.data),
            "rules": rules_for_item(pack.data, item.number),
            "forms": [f.schema for f in selectors.forms_of_item(item=item)],
            "global_conditions": pack.data["pack"]["global_conditions"],
        }
        return parts | {"item_body": render_to_string("policies/_item_body.html", parts)}

    return _drawn(("item", pack.pk, pack.digest, number), draw)


def _pack_context(request) -> dict:
    choice = selectors.pack_choice_or_404(request.GET.get("pack"))
    return {"pack": choice.pack, "notice": choice.pack.notice, "pack_ref": choice.ref, "offered": choice.offered}


@require_GET
def catalogue(request):
    try:
        context = _pack_context(request)
    except selectors.NoPackPublished:
        return render(request, "policies/no_pack.html", status=404)
    context |= catalogue_parts(context["pack"], context["pack_ref"])
    return render(request, "policies/catalogue.html", context)


@require_GET
def notice(request):
    context = _pack_context(request)
    context["rules"] = context["pack"].data["pack"]
    return render(request, "policies/notice.html", context)


@require_GET
def item_detail(request, number: int):
    context = _pack_context(request)
    context |= item_page_parts(context["pack"], number)
    return render(request, "policies/item_detail.html", context)
