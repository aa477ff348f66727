"""Pages of 政策推送: the county's 可能符合但尚未申报 list with its notify form, and the enterprise's own probable
items with the mute switch."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from outreach import permissions, selectors, services
from outreach.forms import ItemFilterForm, MuteForm, PushForm
from policies import selectors as policy_selectors

PAGE_SIZE = 20


def _county_list_context(request, pack, data, form_errors=None):
    jurisdiction = request.user.organisation.jurisdiction
    items = list(pack.items.order_by("number").values_list("number", "name"))
    form = ItemFilterForm(data, items=items)
    item_number = form.cleaned_data.get("item") if form.is_valid() else None
    is_open, deadline = selectors.pack_open_for(pack=pack, jurisdiction=jurisdiction)
    results = selectors.candidates_for_county(pack=pack, jurisdiction_id=jurisdiction.pk, item_number=item_number)
    page = Paginator(selectors.candidate_enterprises(results), PAGE_SIZE).get_page(data.get("page"))
    return {
        "pack": pack, "jurisdiction": jurisdiction, "form": form, "item_number": item_number, "page": page,
        "rows": selectors.candidate_rows(pack=pack, results=results, enterprises=list(page), names=dict(items)),
        "is_open": is_open, "deadline": deadline, "push_errors": form_errors or [],
        "repeat_days": services.PUSH_REPEAT_DAYS, "pack_ref": data.get("pack", ""), "ticked": set(),
    }  # fmt: skip


def _pack_or_404(reference):
    return policy_selectors.pack_offered_or_404(reference)


@require_GET
@login_required
def county_list(request):
    """可能符合但尚未申报: the county's own enterprises only; anyone else gets 404."""
    if not permissions.can_push_to_enterprises(request.user):
        raise Http404
    pack = _pack_or_404(request.GET.get("pack"))
    return render(request, "outreach/county_list.html", _county_list_context(request, pack, request.GET))


@require_POST
@login_required
def county_push(request):
    """One POST notifies the ticked enterprises (or all of the filtered list); then back to the list, with a
    message saying how many were notified and how many skipped. A refusal shows on the list, ticks kept."""
    if not permissions.can_push_to_enterprises(request.user):
        raise Http404
    pack = _pack_or_404(request.POST.get("pack"))
    items = list(pack.items.values_list("number", "name"))
    form = PushForm(request.POST, items=items)
    if form.is_valid():
        ids = None if form.cleaned_data["scope"] == PushForm.SCOPE_ALL else form.cleaned_data["enterprise"]
        try:
            outcome = services.push_notify(
                actor=request.user, pack=pack, enterprise_ids=ids, item_number=form.cleaned_data["item"]
            )
        except PermissionDenied as exc:
            form.add_error(None, str(exc) or services.PUSH_CLOSED)
        else:
            messages.success(request, outcome.message)
            return redirect(f"{reverse('outreach:county_list')}{_list_query(request.POST)}")
    context = _county_list_context(request, pack, request.POST, form.non_field_errors())
    context["ticked"] = set(request.POST.getlist("enterprise"))
    return render(request, "outreach/county_list.html", context, status=400)


def _list_query(data) -> str:
    """Back to the list as it was: its pack, item filter and page."""
    params = {key: data[key] for key in ("pack", "item", "page") if data.get(key)}
    return f"?{urlencode(params)}" if params else ""


@require_GET
@login_required
def my_items(request):
    """The enterprise's probable items from its stored results, with links to apply and the mute switch."""
    enterprise = request.user.organisation
    if not permissions.can_mute_pushes(request.user, enterprise):
        raise Http404
    choice = policy_selectors.pack_choice_or_404(request.GET.get("pack"))
    items, evaluated_at = selectors.items_for_enterprise(enterprise_id=enterprise.pk, pack=choice.pack)
    context = {
        "pack": choice.pack, "pack_ref": choice.ref, "items": items, "evaluated_at": evaluated_at,
        "muted": selectors.enterprise_is_muted(enterprise.pk),
    }  # fmt: skip
    return render(request, "outreach/my_items.html", context)


@require_http_methods(["POST"])
@login_required
def mute(request):
    enterprise = request.user.organisation
    if not permissions.can_mute_pushes(request.user, enterprise):
        raise Http404
    form = MuteForm(request.POST)
    if form.is_valid():
        muted = form.cleaned_data["muted"]
        services.push_mute_set(actor=request.user, enterprise=enterprise, muted=muted)
        messages.success(request, services.MUTED_MESSAGE if muted else services.UNMUTED_MESSAGE)
    return redirect("outreach:my_items")
