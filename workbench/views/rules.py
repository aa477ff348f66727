"""The 申报限制规则 page of a draft: the project limit (申报项目数合计不得超过…), the quota rules (各县市区、市直园区
限报…) and the exclusion rules (同一法人企业不能同时申报…), each a table with its add/change/remove pages. Rules have
no id in the schema: a quota or exclusion rule is addressed by its index in its list."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth.decorators import login_required
from django.forms import BaseForm
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from workbench.edits.rules import (
    EXCLUSION_KEYS,
    QUOTA_KEYS,
    exclusion_add,
    exclusion_remove,
    exclusion_update,
    project_limit_update,
    quota_add,
    quota_remove,
    quota_update,
)
from workbench.models import PackDraft
from workbench.rule_forms import (
    ExclusionForm,
    ProjectLimitForm,
    QuotaForm,
    item_choices,
    project_limit_field_paths,
    project_limit_initial,
    rule_field_paths,
    rule_initial,
)
from workbench.views.editing import draft_for_editing_or_404, draft_save_from_button, draft_save_from_form

QUOTAS, EXCLUSIONS = "quotas", "exclusions"


def _rules(draft: PackDraft, key: str) -> list[dict]:
    return draft.data["pack"].get(key) or []


def _rule_or_404(draft: PackDraft, key: str, index: int) -> dict:
    rules = _rules(draft, key)
    if index >= len(rules):
        raise Http404
    return rules[index]


def _names(draft: PackDraft) -> dict[int, str]:
    return {item["number"]: item["name"] for item in draft.data.get("items") or []}


def _rows(draft: PackDraft, key: str) -> list[dict]:
    names = _names(draft)
    return [
        {"index": k, "rule": rule, "items": [(n, names.get(n, "")) for n in rule["items"]]}
        for k, rule in enumerate(_rules(draft, key))
    ]


def _list_url(draft: PackDraft, panel: str) -> str:
    return reverse("workbench:rules", args=[draft.pk]) + f"#{panel}"


def _taken(draft: PackDraft, index: int | None) -> dict[int, str]:
    """Items already in a quota rule other than rule `index`, with that rule's clause."""
    return {n: rule["clause"] for k, rule in enumerate(_rules(draft, QUOTAS)) if k != index for n in rule["items"]}


@require_GET
@login_required
def rules(request, pk: int):
    draft = draft_for_editing_or_404(request.user, pk)
    limit = draft.data["pack"]["project_limit"]
    names = _names(draft)
    context = {
        "draft": draft,
        "limit": limit,
        "excluded": [(n, names.get(n, "")) for n in limit.get("excluded_items") or []],
        "quotas": _rows(draft, QUOTAS),
        "exclusions": _rows(draft, EXCLUSIONS),
    }
    return render(request, "workbench/rules.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def project_limit_edit(request, pk: int):
    draft = draft_for_editing_or_404(request.user, pk)
    limit = draft.data["pack"]["project_limit"]
    form = ProjectLimitForm(
        request.POST or None, initial=project_limit_initial(limit), data_items=item_choices(draft.data)
    )
    if request.method == "POST" and form.is_valid():
        data = project_limit_update(draft.data, form.cleaned_data)
        fields = project_limit_field_paths()
        if draft_save_from_form(request, draft=draft, form=form, data=data, what="修改项目数上限规则", fields=fields):
            return redirect(_list_url(draft, "project-limit"))
    context = {"draft": draft, "form": form}
    return render(request, "workbench/rules_project_limit.html", context, status=400 if form.errors else 200)


@dataclass(frozen=True)
class RuleKind:
    """A list of rules the page edits the same way: its pack key (also the list page's panel), its name in the
    audit text, its page, its form and its pure edits."""

    key: str
    name: str
    template: str
    form: Callable[..., BaseForm]  # (request, draft, index or None, initial)
    add: Callable[[dict, dict], dict]
    update: Callable[[dict, int, dict], dict]
    remove: Callable[[dict, int], dict]
    field_keys: tuple[str, ...]
    new_initial: dict = field(default_factory=dict)


def _quota_form(request, draft: PackDraft, index: int | None, initial: dict) -> QuotaForm:
    return QuotaForm(
        request.POST or None, initial=initial, data_items=item_choices(draft.data), taken=_taken(draft, index)
    )


def _exclusion_form(request, draft: PackDraft, index: int | None, initial: dict) -> ExclusionForm:
    return ExclusionForm(request.POST or None, initial=initial, data_items=item_choices(draft.data))


KINDS = {
    QUOTAS: RuleKind(
        QUOTAS, "限报规则", "workbench/quota_edit.html", _quota_form, quota_add, quota_update, quota_remove,
        ("items", *QUOTA_KEYS), {"clause": "各县市区、市直园区限报1个。", "per_jurisdiction": 1},
    ),
    EXCLUSIONS: RuleKind(
        EXCLUSIONS, "互斥规则", "workbench/exclusion_edit.html", _exclusion_form, exclusion_add, exclusion_update,
        exclusion_remove, ("items", *EXCLUSION_KEYS),
    ),
}  # fmt: skip


def _kind_or_404(kind: str) -> RuleKind:
    if kind not in KINDS:
        raise Http404
    return KINDS[kind]


@require_http_methods(["GET", "POST"])
@login_required
def rule_new(request, pk: int, kind: str):
    draft = draft_for_editing_or_404(request.user, pk)
    rules_of = _kind_or_404(kind)
    form = rules_of.form(request, draft, None, rules_of.new_initial)
    if request.method == "POST" and form.is_valid():
        data = rules_of.add(draft.data, form.cleaned_data)
        fields = rule_field_paths(kind, len(_rules(draft, kind)), rules_of.field_keys)
        what = f"新增{rules_of.name}"
        if draft_save_from_form(request, draft=draft, form=form, data=data, what=what, fields=fields):
            return redirect(_list_url(draft, kind))
    context = {"draft": draft, "rule": None, "form": form}
    return render(request, rules_of.template, context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@login_required
def rule_edit(request, pk: int, kind: str, index: int):
    draft = draft_for_editing_or_404(request.user, pk)
    rules_of = _kind_or_404(kind)
    rule = _rule_or_404(draft, kind, index)
    form = rules_of.form(request, draft, index, rule_initial(rule))
    if request.method == "POST" and form.is_valid():
        data = rules_of.update(draft.data, index, form.cleaned_data)
        fields = rule_field_paths(kind, index, rules_of.field_keys)
        what = f"修改{rules_of.name}“{rule['clause'][:20]}”"
        if draft_save_from_form(request, draft=draft, form=form, data=data, what=what, fields=fields):
            return redirect(_list_url(draft, kind))
    context = {"draft": draft, "rule": rule, "index": index, "form": form}
    return render(request, rules_of.template, context, status=400 if form.errors else 200)


@require_POST
@login_required
def rule_delete(request, pk: int, kind: str, index: int):
    draft = draft_for_editing_or_404(request.user, pk)
    rules_of = _kind_or_404(kind)
    rule = _rule_or_404(draft, kind, index)
    what = f"删除{rules_of.name}“{rule['clause'][:20]}”"
    _remove(request, draft, rules_of.remove(draft.data, index), what)
    return redirect(_list_url(draft, kind))


def _remove(request, draft: PackDraft, data: dict, what: str) -> None:
    draft_save_from_button(
        request, draft=draft, data=data, what=what, done=f"已保存：{what}。", refused="不能删除该规则："
    )
