"""The funds ledger (资金台账): for each role, the awards it may see with what was awarded, allocated, paid,
confirmed and is outstanding, filtered by item, county, list and status, with the totals of the same rows and
their totals per group. One page of rows at a time, so the page costs the same at 50 awards or 50,000."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_GET

from accounts.permissions import (
    is_city_finance_reviewer,
    is_city_official,
    is_city_sme_coordinator,
    is_county_reviewer,
    is_enterprise_user,
)
from core.actions import not_found_unless
from funds import permissions, selectors
from funds.forms import LedgerFilterForm

PAGE_SIZE = 50


def _scope_label(user) -> str:
    """Whose awards the page lists, as its lead sentence says (the rows are scoped by funds.permissions)."""
    if is_enterprise_user(user):
        return "本企业"
    if is_county_reviewer(user):
        return str(user.organisation.jurisdiction)
    if is_city_finance_reviewer(user) or is_city_sme_coordinator(user):
        return "全市"
    return "本科室负责事项"


@require_GET
@login_required
def ledger(request):
    user = request.user
    not_found_unless(permissions.can_view_ledger(user))
    city = is_city_official(user)
    form = LedgerFilterForm(request.GET or None, with_county=city)
    rows = selectors.ledger_rows(user, **form.filters())
    grouping = form.grouping("county" if city else "item")
    groups = selectors.ledger_totals_by(rows, grouping)
    names = selectors.ledger_group_names(grouping, [group["key"] for group in groups])
    for group in groups:
        group["name"] = names.get(group["key"], "—")
    page = Paginator(selectors.ledger_page_rows(rows), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form, "page": page, "total": selectors.ledger_total(rows), "groups": groups,
        "grouping_label": dict(form.fields["group"].choices)[grouping], "city": city, "scope": _scope_label(user),
        "can_allocate": permissions.can_view_allocations(user),
    }  # fmt: skip
    template = "funds/ledger.html#results" if request.htmx else "funds/ledger.html"
    return render(request, template, context)


urlpatterns = [path("", ledger, name="ledger")]
