"""The 数据看板 pages: the city's (中小企业科, 财政局企业科, sections) and a county's (工信, 财政)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from core.workdays import working_days_left
from dashboard import charts, permissions
from dashboard.selectors import board_data
from policies.selectors import pack_current


def _board(user):
    pack = pack_current()
    return board_data(
        user=user,
        pack=pack,
        items=permissions.dashboard_items_for(user, pack),
        jurisdictions=permissions.dashboard_jurisdictions_for(user),
        statuses=permissions.dashboard_statuses_for(user),
    )


@require_GET
@login_required
def city(request):
    if not permissions.can_view_city_dashboard(request.user):
        raise Http404
    data = _board(request.user)
    today = timezone.localdate()
    board = [
        charts.status_by_item(data, county_filter=True),
        charts.status_by_county(data, county_filter=True),
        charts.amounts_by_item(data),
        charts.county_progress(data, today=today, county_filter=True),
        charts.stage_times(data),
        charts.quota_use(data, county_filter=True),
    ]
    context = {
        "pack": data.pack,
        "charts": [c for c in board if c is not None],
        "today": today,
        "section_scope": permissions.dashboard_is_section_scope(request.user),
    }
    return render(request, "dashboard/city_board.html", context)


@require_GET
@login_required
def county(request):
    if not permissions.can_view_county_dashboard(request.user):
        raise Http404
    data = _board(request.user)
    today = timezone.localdate()
    board = [
        charts.status_by_item(data, county_filter=False),
        charts.county_progress(data, today=today, county_filter=False),
        charts.quota_use(data, county_filter=False),
        charts.stage_times(data),
    ]
    jurisdiction = data.jurisdictions[0] if data.jurisdictions else None
    deadline = data.deadlines.get(jurisdiction.pk) if jurisdiction else None
    context = {
        "pack": data.pack,
        "charts": [c for c in board if c is not None],
        "today": today,
        "jurisdiction": jurisdiction,
        "deadline": deadline,
        "days_left": working_days_left(today, deadline) if deadline else None,
    }
    return render(request, "dashboard/county_board.html", context)
