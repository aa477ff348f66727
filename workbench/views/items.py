"""The support item pages of a draft: an item's details, a new item, removing an item."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from workbench.edits.items import item_add, item_index, item_remove, item_update, part_at, part_path
from workbench.item_forms import ItemForm, item_field_paths, item_initial
from workbench.models import PackDraft
from workbench.views.editing import draft_for_editing_or_404, draft_save_from_button, draft_save_from_form


def item_or_404(draft: PackDraft, number: int) -> tuple[int, dict]:
    try:
        index = item_index(draft.data, number)
    except KeyError:
        raise Http404 from None
    return index, draft.data["items"][index]


def part_or_404(draft: PackDraft, number: int, subtype: str | None) -> tuple[tuple, dict, dict]:
    """(where, the item, the item or its sub-type `subtype`) whose conditions and materials a page edits."""
    try:
        path = part_path(draft.data, number, subtype)
    except KeyError:
        raise Http404 from None
    return path, draft.data["items"][path[1]], part_at(draft.data, path)


def with_subtype(url: str, subtype: str | None) -> str:
    return f"{url}?{urlencode({'type': subtype})}" if subtype else url


def _values(form: ItemForm) -> dict:
    return {**form.cleaned_data, "forms": form.cleaned_data["form_ids"]}


@require_http_methods(["GET", "POST"])
@login_required
def item_edit(request, pk: int, number: int):
    draft = draft_for_editing_or_404(request.user, pk)
    index, item = item_or_404(draft, number)
    sections = draft.data["pack"]["city_sections"]
    form = ItemForm(request.POST or None, initial=item_initial(item), sections=sections)
    if request.method == "POST" and form.is_valid():
        data = item_update(draft.data, number, _values(form))
        what = f"修改第{number}项支持事项"
        if draft_save_from_form(request, draft=draft, form=form, data=data, what=what, fields=item_field_paths(index)):
            return redirect("workbench:draft", pk=draft.pk)
    context = {"draft": draft, "item": item, "form": form}
    return render(request, "workbench/item_edit.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@login_required
def item_new(request, pk: int):
    draft = draft_for_editing_or_404(request.user, pk)
    sections = draft.data["pack"]["city_sections"]
    initial = {"support_method": "award", "counts_toward_project_limit": True}
    form = ItemForm(request.POST or None, initial=initial, sections=sections, new=True)
    if request.method == "POST" and form.is_valid():
        data, number = item_add(draft.data, _values(form))
        fields = item_field_paths(len(data["items"]) - 1)
        if draft_save_from_form(
            request, draft=draft, form=form, data=data, what=f"新增第{number}项支持事项", fields=fields
        ):
            return redirect("workbench:conditions", pk=draft.pk, number=number)
    context = {"draft": draft, "item": None, "form": form}
    return render(request, "workbench/item_edit.html", context, status=400 if form.errors else 200)


@require_POST
@login_required
def item_delete(request, pk: int, number: int):
    draft = draft_for_editing_or_404(request.user, pk)
    _, item = item_or_404(draft, number)
    draft_save_from_button(
        request, draft=draft, data=item_remove(draft.data, number), what=f"删除第{number}项支持事项",
        done=f"已删除第{number}项“{item['name']}”。", refused=f"不能删除第{number}项：",
    )  # fmt: skip
    return redirect("workbench:draft", pk=draft.pk)
