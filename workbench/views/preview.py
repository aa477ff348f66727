"""The preview (预览) of a draft pack for the 中小企业科: its catalogue, each item's page, the calculator and an
empty 申报书 (DOCX), drawn from the draft's data with the published pack's renderers (workbench.preview)."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods

from documents.exporters.base import DOCX
from eligibility.engine import evaluate_pack
from eligibility.forms import CalculatorForm, fact_groups
from eligibility.reports import cross_item_warnings
from workbench import permissions, preview
from workbench.tryout import pack_models_from_data


def _raw_item_or_404(draft, number: int) -> dict:
    item = next((i for i in draft.data.get("items") or [] if i["number"] == number), None)
    if item is None:
        raise Http404("支持事项不存在")
    return item


@require_GET
@login_required
def catalogue(request, pk: int):
    draft = permissions.get_draft_for_user_or_404(request.user, pk)
    context = {
        "draft": draft,
        "notice": draft.data["pack"]["notice"],
        "deadline": preview.notice_deadline(draft.data),
        "items": preview.preview_items(draft.data),
    }
    return render(request, "workbench/preview_catalogue.html", context)


@require_GET
@login_required
def item_detail(request, pk: int, number: int):
    draft = permissions.get_draft_for_user_or_404(request.user, pk)
    raw = _raw_item_or_404(draft, number)
    context = {
        "draft": draft,
        "notice": draft.data["pack"]["notice"],
        "deadline": preview.notice_deadline(draft.data),
        "item": preview.preview_item(draft.data, number),
        "rules": preview.item_rules(draft.data, number),
        "forms": preview.item_forms(draft.data, raw),
        "global_conditions": draft.data["pack"]["global_conditions"],
    }
    return render(request, "workbench/preview_item.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def calculator(request, pk: int):
    draft = permissions.get_draft_for_user_or_404(request.user, pk)
    models = pack_models_from_data(draft.data)
    form = CalculatorForm(
        request.POST if request.method == "POST" else None,
        groups=fact_groups(models.pack, models.items),
        notice_year=models.pack.year,
    )
    # The results partial offers a 申报 button for the statuses in `eligible`: none here, where nobody may apply
    # (the button would lead to the published pack's item); the banner says so once for the whole page.
    context = {"draft": draft, "form": form, "eligible": frozenset()}
    if request.method == "POST" and form.is_valid():
        results = evaluate_pack(models.pack, models.items, form.facts)
        context["results"] = results
        context["warnings"] = cross_item_warnings(models.pack, models.items, results)
    if request.htmx:
        return render(request, "eligibility/calculator.html#results", context)
    return render(request, "workbench/preview_calculator.html", context)


@require_GET
@login_required
def application_docx(request, pk: int, number: int):
    draft = permissions.get_draft_for_user_or_404(request.user, pk)
    raw = _raw_item_or_404(draft, number)
    filename, content = preview.empty_application_docx(draft.data, raw)
    response = HttpResponse(content, content_type=DOCX)
    response["Content-Disposition"] = f"attachment; filename=\"preview.docx\"; filename*=UTF-8''{quote(filename)}"
    return response
