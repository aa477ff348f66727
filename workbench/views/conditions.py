"""The 申报条件 pages of a draft's item: the list with a form for a new condition, one condition's page, removal."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from policies.pack.diff import rule_text
from workbench import services
from workbench.condition_forms import ConditionForm, condition_field_paths, condition_initial
from workbench.edits.conditions import condition_add, condition_remove, condition_update, rule_is_simple
from workbench.views.editing import draft_for_editing_or_404, draft_save_from_form
from workbench.views.items import item_or_404

RULE_KEYS = ("kind", "fact", "wording", "value", "unit")


def _rows(item: dict) -> list[dict]:
    return [
        {"condition": c, "rule": rule_text(c.get("rule")) if c.get("rule") else ""} for c in item.get("conditions", [])
    ]


@require_http_methods(["GET", "POST"])
@login_required
def conditions(request, pk: int, number: int):
    draft = draft_for_editing_or_404(request.user, pk)
    index, item = item_or_404(draft, number)
    form = ConditionForm(
        request.POST or None, initial={"kind": "computable", "strictness": "hard", "source": f"附件1 第{number}项 申报条件"},
        year=draft.year, materials=item.get("materials", []),
    )  # fmt: skip
    if request.method == "POST" and form.is_valid():
        data, _ = condition_add(draft.data, number, form.cleaned_data)
        fields = condition_field_paths(index, len(item.get("conditions", [])))
        if draft_save_from_form(
            request, draft=draft, form=form, data=data, what=f"新增第{number}项申报条件", fields=fields
        ):
            return redirect("workbench:conditions", pk=draft.pk, number=number)
    context = {"draft": draft, "item": item, "rows": _rows(item), "form": form}
    return render(request, "workbench/conditions.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@login_required
def condition_edit(request, pk: int, number: int, condition_id: str):
    draft = draft_for_editing_or_404(request.user, pk)
    index, item = item_or_404(draft, number)
    k, condition = next(
        ((k, c) for k, c in enumerate(item.get("conditions", [])) if c["id"] == condition_id), (0, None)
    )
    if condition is None:
        raise Http404
    simple = rule_is_simple(condition.get("rule"))
    form = ConditionForm(
        request.POST or None, initial=condition_initial(condition), year=draft.year,
        materials=item.get("materials", []), rule_editable=simple,
    )  # fmt: skip
    if request.method == "POST" and form.is_valid():
        values = form.cleaned_data if simple else {k: v for k, v in form.cleaned_data.items() if k not in RULE_KEYS}
        data = condition_update(draft.data, number, condition_id, values)
        what = f"修改第{number}项申报条件“{condition['clause'][:20]}”"
        if draft_save_from_form(
            request, draft=draft, form=form, data=data, what=what, fields=condition_field_paths(index, k)
        ):
            return redirect("workbench:conditions", pk=draft.pk, number=number)
    context = {"draft": draft, "item": item, "condition": condition, "rule": rule_text(condition.get("rule")),
               "simple": simple, "form": form}  # fmt: skip
    return render(request, "workbench/condition_edit.html", context, status=400 if form.errors else 200)


@require_POST
@login_required
def condition_delete(request, pk: int, number: int, condition_id: str):
    draft = draft_for_editing_or_404(request.user, pk)
    _, item = item_or_404(draft, number)
    if not any(c["id"] == condition_id for c in item.get("conditions", [])):
        raise Http404
    try:
        services.draft_data_save(
            actor=request.user, draft=draft, data=condition_remove(draft.data, number, condition_id),
            what=f"删除第{number}项申报条件",
        )  # fmt: skip
    except services.DraftInvalid as exc:
        messages.error(request, "不能删除该条件：" + "；".join(p.message for p in exc.problems))
    else:
        messages.success(request, "已删除该申报条件。")
    return redirect("workbench:conditions", pk=draft.pk, number=number)
