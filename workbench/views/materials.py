"""The 申报材料 pages of a draft's item, or of one of its sub-types (申报类型, `?type=<code>`): the checklist with a
form for a new material, one material's page, removal and reordering."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from workbench.edits.materials import material_add, material_move, material_remove, material_update
from workbench.material_forms import MaterialForm, material_field_paths, material_initial
from workbench.views.editing import draft_for_editing_or_404, draft_save_from_button, draft_save_from_form
from workbench.views.items import part_or_404, with_subtype


def _material_or_404(part: dict, material_id: str) -> tuple[int, dict]:
    for k, material in enumerate(part.get("materials", [])):
        if material["id"] == material_id:
            return k, material
    raise Http404


def _list_url(draft, number: int, subtype: str | None) -> str:
    return with_subtype(reverse("workbench:materials", args=[draft.pk, number]), subtype)


@require_http_methods(["GET", "POST"])
@login_required
def materials(request, pk: int, number: int):
    draft = draft_for_editing_or_404(request.user, pk)
    subtype = request.GET.get("type") or None
    path, item, part = part_or_404(draft, number, subtype)
    initial = {"required": True, "accept": ["pdf", "jpg", "png"]}
    form = MaterialForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data, _ = material_add(draft.data, number, form.cleaned_data, subtype=subtype)
        fields = material_field_paths(path, len(part.get("materials", [])))
        if draft_save_from_form(
            request, draft=draft, form=form, data=data, what=f"新增第{number}项申报材料", fields=fields
        ):
            return redirect(_list_url(draft, number, subtype))
    context = {"draft": draft, "item": item, "part": part, "subtype": subtype, "form": form}
    return render(request, "workbench/materials.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@login_required
def material_edit(request, pk: int, number: int, material_id: str):
    draft = draft_for_editing_or_404(request.user, pk)
    subtype = request.GET.get("type") or None
    path, item, part = part_or_404(draft, number, subtype)
    k, material = _material_or_404(part, material_id)
    form = MaterialForm(request.POST or None, initial=material_initial(material))
    if request.method == "POST" and form.is_valid():
        data = material_update(draft.data, number, material_id, form.cleaned_data, subtype=subtype)
        what = f"修改第{number}项申报材料“{material['name'][:20]}”"
        if draft_save_from_form(
            request, draft=draft, form=form, data=data, what=what, fields=material_field_paths(path, k)
        ):
            return redirect(_list_url(draft, number, subtype))
    context = {"draft": draft, "item": item, "part": part, "subtype": subtype, "material": material, "form": form}
    return render(request, "workbench/material_edit.html", context, status=400 if form.errors else 200)


def _save_or_message(request, draft, data, what: str, done: str) -> None:
    draft_save_from_button(request, draft=draft, data=data, what=what, done=done, refused="未保存：")


@require_POST
@login_required
def material_delete(request, pk: int, number: int, material_id: str):
    draft = draft_for_editing_or_404(request.user, pk)
    subtype = request.GET.get("type") or None
    _, _, part = part_or_404(draft, number, subtype)
    _, material = _material_or_404(part, material_id)
    data = material_remove(draft.data, number, material_id, subtype=subtype)
    _save_or_message(request, draft, data, f"删除第{number}项申报材料", f"已删除“{material['name']}”。")
    return redirect(_list_url(draft, number, subtype))


@require_POST
@login_required
def material_reorder(request, pk: int, number: int, material_id: str):
    draft = draft_for_editing_or_404(request.user, pk)
    subtype = request.GET.get("type") or None
    _, _, part = part_or_404(draft, number, subtype)
    _, material = _material_or_404(part, material_id)
    step = {"up": -1, "down": 1}.get(request.POST.get("direction", ""))
    if step is None:
        raise Http404
    data = material_move(draft.data, number, material_id, step, subtype=subtype)
    _save_or_message(request, draft, data, f"调整第{number}项申报材料顺序", f"已移动“{material['name']}”。")
    return redirect(_list_url(draft, number, subtype))
