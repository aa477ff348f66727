"""The 申报条件 pages of a draft's item, or of one of its sub-types (申报类型, `?type=<code>`): the list with a
form for a new condition, one condition's page, removal."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from policies.pack.diff import rule_text
from workbench.condition_forms import ConditionForm, condition_field_paths, condition_initial
from workbench.edits.conditions import condition_add, condition_remove, condition_update, rule_is_simple
from workbench.views.editing import draft_for_editing_or_404, draft_save_from_button, draft_save_from_form
from workbench.views.items import part_or_404, with_subtype

RULE_KEYS = ("kind", "fact", "wording", "value", "unit")


def condition_rows(part: dict, key: str = "conditions") -> list[dict]:
    """The table rows of a conditions page: each condition of `part[key]` with its rule as it reads."""
    return [{"condition": c, "rule": rule_text(c.get("rule")) if c.get("rule") else ""} for c in part.get(key, [])]


def _evidence(item: dict, part: dict) -> list[dict]:
    """The materials a condition may name as evidence: the item's, and the sub-type's own."""
    return item.get("materials", []) + (part.get("materials", []) if part is not item else [])


def _list_url(draft, number: int, subtype: str | None) -> str:
    return with_subtype(reverse("workbench:conditions", args=[draft.pk, number]), subtype)


@require_http_methods(["GET", "POST"])
@login_required
def conditions(request, pk: int, number: int):
    draft = draft_for_editing_or_404(request.user, pk)
    subtype = request.GET.get("type") or None
    path, item, part = part_or_404(draft, number, subtype)
    form = ConditionForm(
        request.POST or None, initial={"kind": "computable", "strictness": "hard", "source": f"附件1 第{number}项 申报条件"},
        year=draft.year, materials=_evidence(item, part),
    )  # fmt: skip
    if request.method == "POST" and form.is_valid():
        data, _ = condition_add(draft.data, number, form.cleaned_data, subtype=subtype)
        fields = condition_field_paths(path, len(part.get("conditions", [])))
        if draft_save_from_form(
            request, draft=draft, form=form, data=data, what=f"新增第{number}项申报条件", fields=fields
        ):
            return redirect(_list_url(draft, number, subtype))
    context = {
        "draft": draft,
        "item": item,
        "part": part,
        "subtype": subtype,
        "rows": condition_rows(part),
        "form": form,
    }
    return render(request, "workbench/conditions.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@login_required
def condition_edit(request, pk: int, number: int, condition_id: str):
    draft = draft_for_editing_or_404(request.user, pk)
    subtype = request.GET.get("type") or None
    path, item, part = part_or_404(draft, number, subtype)
    k, condition = next(
        ((k, c) for k, c in enumerate(part.get("conditions", [])) if c["id"] == condition_id), (0, None)
    )
    if condition is None:
        raise Http404
    simple = rule_is_simple(condition.get("rule"))
    form = ConditionForm(
        request.POST or None, initial=condition_initial(condition), year=draft.year,
        materials=_evidence(item, part), rule_editable=simple,
    )  # fmt: skip
    if request.method == "POST" and form.is_valid():
        values = form.cleaned_data if simple else {k: v for k, v in form.cleaned_data.items() if k not in RULE_KEYS}
        data = condition_update(draft.data, number, condition_id, values, subtype=subtype)
        what = f"修改第{number}项申报条件“{condition['clause'][:20]}”"
        if draft_save_from_form(
            request, draft=draft, form=form, data=data, what=what, fields=condition_field_paths(path, k)
        ):
            return redirect(_list_url(draft, number, subtype))
    context = {"draft": draft, "item": item, "part": part, "subtype": subtype, "condition": condition,
               "rule": rule_text(condition.get("rule")), "simple": simple, "form": form}  # fmt: skip
    return render(request, "workbench/condition_edit.html", context, status=400 if form.errors else 200)


@require_POST
@login_required
def condition_delete(request, pk: int, number: int, condition_id: str):
    draft = draft_for_editing_or_404(request.user, pk)
    subtype = request.GET.get("type") or None
    _, _, part = part_or_404(draft, number, subtype)
    if not any(c["id"] == condition_id for c in part.get("conditions", [])):
        raise Http404
    draft_save_from_button(
        request, draft=draft, data=condition_remove(draft.data, number, condition_id, subtype=subtype),
        what=f"删除第{number}项申报条件", done="已删除该申报条件。", refused="不能删除该条件：",
    )  # fmt: skip
    return redirect(_list_url(draft, number, subtype))
