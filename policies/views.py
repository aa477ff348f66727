"""Public catalogue (no login): the notice, the 14 items, and one page per item."""

from __future__ import annotations

import datetime as dt

from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from policies import selectors
from policies.presenters import deadline_status, item_view, rules_for_item


@require_GET
def catalogue(request):
    pack = selectors.pack_current()
    if pack is None:
        return render(request, "policies/no_pack.html", status=404)
    items = [item_view(i.data) for i in selectors.items_of_pack(pack=pack)]
    context = {"pack": pack, "notice": pack.notice, "items": items, "deadline": _deadline(request, pack)}
    return render(request, "policies/catalogue.html", context)


@require_GET
def notice(request):
    pack = selectors.pack_current_or_404()
    context = {"pack": pack, "notice": pack.notice, "rules": pack.data["pack"], "deadline": _deadline(request, pack)}
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
        "deadline": _deadline(request, pack),
    }
    return render(request, "policies/item_detail.html", context)


def _deadline(request, pack) -> dict:
    """The window that applies to the reader: an enterprise's own jurisdiction's (a county may close
    earlier, the city may re-open), for everyone else the window open today, "已截止" only when none is."""
    from accounts.permissions import is_enterprise_user
    from applications.selectors import public_deadline, submission_deadline

    today: dt.date = timezone.localdate()
    if is_enterprise_user(request.user):
        window = submission_deadline(pack=pack, jurisdiction=request.user.organisation.jurisdiction)
    else:
        window = public_deadline(pack=pack, today=today)
    if window is None:
        return deadline_status(deadline=dt.date.fromisoformat(pack.notice["deadline"]), today=today)
    return deadline_status(deadline=window.closes_on, today=today, source=window.source)
