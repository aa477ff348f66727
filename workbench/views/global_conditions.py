"""The 申报条件 every item shares (通知 二、申报条件; pack.yaml global_conditions) of a draft: the list with a form
for a new condition, one condition's page, removal. 评价结果应用 adds one here ("上一年度绩效评价为差的，不得申报")."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from policies.pack.diff import rule_text
from workbench.condition_forms import ConditionForm, condition_field_paths, condition_initial
from workbench.edits.conditions import (
    global_condition_add,
    global_condition_remove,
    global_condition_update,
    rule_is_simple,
)
from workbench.views.conditions import RULE_KEYS, condition_rows
from workbench.views.editing import draft_for_editing_or_404, draft_save_from_button, draft_save_from_form

FIELDS_AT = ("pack",)
KEY = "global_conditions"


def _conditions(draft) -> list[dict]:
    return draft.data["pack"].get(KEY, [])


def _list_url(draft) -> str:
    return reverse("workbench:global_conditions", args=[draft.pk])


@require_http_methods(["GET", "POST"])
@login_required
def global_conditions(request, pk: int):
    draft = draft_for_editing_or_404(request.user, pk)
    form = ConditionForm(
        request.POST or None, initial={"kind": "computable", "strictness": "hard", "source": "通知 二、申报条件"},
        year=draft.year, materials=[],
    )  # fmt: skip
    if request.method == "POST" and form.is_valid():
        data, _ = global_condition_add(draft.data, form.cleaned_data)
        fields = condition_field_paths(FIELDS_AT, len(_conditions(draft)), key=KEY)
        if draft_save_from_form(request, draft=draft, form=form, data=data, what="新增通用申报条件", fields=fields):
            return redirect(_list_url(draft))
    context = {"draft": draft, "rows": condition_rows(draft.data["pack"], KEY), "form": form}
    return render(request, "workbench/global_conditions.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@login_required
def global_condition_edit(request, pk: int, condition_id: str):
    draft = draft_for_editing_or_404(request.user, pk)
    k, condition = next(((k, c) for k, c in enumerate(_conditions(draft)) if c["id"] == condition_id), (0, None))
    if condition is None:
        raise Http404
    simple = rule_is_simple(condition.get("rule"))
    form = ConditionForm(
        request.POST or None, initial=condition_initial(condition), year=draft.year, materials=[],
        rule_editable=simple,
    )  # fmt: skip
    if request.method == "POST" and form.is_valid():
        values = form.cleaned_data if simple else {k: v for k, v in form.cleaned_data.items() if k not in RULE_KEYS}
        data = global_condition_update(draft.data, condition_id, values)
        what = f"修改通用申报条件“{condition['clause'][:20]}”"
        fields = condition_field_paths(FIELDS_AT, k, key=KEY)
        if draft_save_from_form(request, draft=draft, form=form, data=data, what=what, fields=fields):
            return redirect(_list_url(draft))
    context = {"draft": draft, "condition": condition, "rule": rule_text(condition.get("rule")), "simple": simple,
               "form": form}  # fmt: skip
    return render(request, "workbench/global_condition_edit.html", context, status=400 if form.errors else 200)


@require_POST
@login_required
def global_condition_delete(request, pk: int, condition_id: str):
    draft = draft_for_editing_or_404(request.user, pk)
    if not any(c["id"] == condition_id for c in _conditions(draft)):
        raise Http404
    draft_save_from_button(
        request, draft=draft, data=global_condition_remove(draft.data, condition_id), what="删除通用申报条件",
        done="已删除该通用申报条件。", refused="不能删除该条件：",
    )  # fmt: skip
    return redirect(_list_url(draft))
