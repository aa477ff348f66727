"""The role home pages and the auditor's audit log: the top floor, which may read every app."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from accounts import permissions
from core.forms import AuditFilterForm
from core.selectors import audit_events_filtered
from dashboard.selectors import work_waiting_for
from enterprises import permissions as enterprise_permissions


@require_GET
def index(request):
    if request.user.is_authenticated:
        return redirect("dashboard:home")
    return redirect("policies:catalogue")


@require_GET
@login_required
def home(request):
    user = request.user
    if not user.role_set:
        return render(request, "dashboard/home_no_role.html", status=403)
    if permissions.is_enterprise_user(user):
        return redirect("applications:mine")
    # One card per thing the person may do; a person with several roles sees several cards.
    cards = {
        "county": permissions.is_county_reviewer(user),
        "pending": enterprise_permissions.can_confirm_enterprises(user),
        "section": permissions.is_city_section_reviewer(user),
        "summary": permissions.is_city_sme_coordinator(user),
        "cosign": permissions.is_city_finance_reviewer(user),
        "sysadmin": permissions.can_administer_platform(user),
        "security": permissions.is_security_admin(user),
        "audit": permissions.can_read_audit_log(user),
    }
    context = {"cards": cards, "waiting": work_waiting_for(user)}
    if permissions.is_county_reviewer(user) or permissions.is_city_official(user):
        context["enterprise_count"] = permissions.enterprises_visible_to(user).count()
    if cards["pending"]:
        from enterprises.selectors import profiles_pending_for_county

        context["pending_count"] = profiles_pending_for_county(
            jurisdiction_id=user.organisation.jurisdiction_id
        ).count()
    if cards["section"] or cards["summary"]:
        from policies.selectors import items_for_section

        context["section_items"] = items_for_section(section_code=user.organisation.section_code)
    return render(request, "dashboard/home.html", context)


@require_GET
@login_required
def audit_log(request):
    if not permissions.can_read_audit_log(request.user):
        raise Http404
    form = AuditFilterForm(request.GET or None)
    events = audit_events_filtered(form.cleaned_data if form.is_valid() else {})
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    rows = [{"event": e, "verb": e.get_verb_display()} for e in page]
    template = "dashboard/audit_log.html#results" if request.htmx else "dashboard/audit_log.html"
    return render(request, template, {"form": form, "page": page, "rows": rows})
