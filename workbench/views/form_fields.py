"""The form-field editor (申报材料模板): a draft's form templates, one template's fields, and adding, changing,
moving and removing a field. Each edit is a pure function of workbench.form_fields, saved by draft_data_save."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.actions import not_found_unless, run_action
from policies.pack.schema import natural_form_key
from workbench import form_fields as ff
from workbench import permissions
from workbench.field_forms import FieldAddForm, FieldChangeForm, problems_add
from workbench.services import DraftInvalid
from workbench.views.editing import draft_save_posted

MOVES = {"up": -1, "down": 1}


def _template_or_404(draft, form_id: str) -> dict:
    template = (draft.data.get("forms") or {}).get(form_id)
    if template is None:
        raise Http404("申报材料模板不存在")
    return template


def _editable_draft_or_404(request, pk: int):
    draft = permissions.get_draft_for_user_or_404(request.user, pk)
    not_found_unless(permissions.can_edit_draft(request.user, draft))
    return draft


def _form_url(draft, form_id: str, anchor: str = "") -> str:
    url = reverse("workbench:form_fields", args=[draft.pk, form_id])
    return f"{url}#{anchor}" if anchor else url


def _save(form, request, draft, data: dict, what: str, field_path: tuple | None) -> bool:
    """draft_data_save, its refusal on `form`: each problem at its input where it has one."""
    try:
        draft_save_posted(request, draft=draft, data=data, what=what)
    except DraftInvalid as exc:
        problems_add(form, exc.problems, field_path)
        return False
    except ValidationError as exc:
        form.add_error(None, exc)
        return False
    messages.success(request, f"已保存：{what}")
    return True


@require_GET
@login_required
def form_list(request, pk: int):
    draft = permissions.get_draft_for_user_or_404(request.user, pk)
    forms = draft.data.get("forms") or {}
    used_by: dict[str, list[int]] = {}
    for item in draft.data.get("items") or []:
        for form_id in item.get("forms") or []:
            used_by.setdefault(form_id, []).append(item["number"])
    rows = [
        {
            "id": form_id,
            "source": forms[form_id]["source"],
            "title": forms[form_id]["title"],
            "field_count": sum(len(s.get("fields") or []) for s in forms[form_id]["sections"]),
            "items": used_by.get(form_id, []),
        }
        for form_id in sorted(forms, key=natural_form_key)
    ]
    context = {"draft": draft, "rows": rows, "can_edit": permissions.can_edit_draft(request.user, draft)}
    return render(request, "workbench/form_fields_list.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def form_fields(request, pk: int, form_id: str):
    """One template's fields; its POST adds a field (the form comes back with the errors and all that was typed)."""
    draft = permissions.get_draft_for_user_or_404(request.user, pk)
    template = _template_or_404(draft, form_id)
    can_edit = permissions.can_edit_draft(request.user, draft)
    add_form = FieldAddForm(request.POST if request.method == "POST" else None, sections=template["sections"])
    if request.method == "POST":
        not_found_unless(can_edit)
        if add_form.is_valid():
            try:
                data, field_id = ff.field_add(
                    draft.data, form_id=form_id, section_id=add_form.cleaned_data["section"], new=add_form.new_field()
                )
            except ff.FieldEditError as exc:
                add_form.add_error(exc.field if exc.field in add_form.fields else None, exc.message)
            else:
                what = f"在{template['source']}添加字段“{add_form.cleaned_data['label']}”"
                path = ff.field_path(data, form_id, field_id)
                if _save(add_form, request, draft, data, what, path):
                    return redirect(_form_url(draft, form_id, f"field-{field_id}"))
    context = {
        "draft": draft,
        "template": template,
        "form_id": form_id,
        "kind_labels": ff.KIND_LABELS,
        "add_form": add_form,
        "can_edit": can_edit,
    }
    return render(request, "workbench/form_fields.html", context, status=400 if add_form.errors else 200)


@require_http_methods(["GET", "POST"])
@login_required
def field_edit(request, pk: int, form_id: str, field_id: str):
    draft = _editable_draft_or_404(request, pk)
    template = _template_or_404(draft, form_id)
    try:
        place = ff.field_place(template, field_id)
    except ff.FieldEditError:
        raise Http404("字段不存在") from None
    field = template["sections"][place.section_index]["fields"][place.field_index]
    initial = {"label": field["label"], "unit": field.get("unit") or "", "required": bool(field.get("required"))}
    form = FieldChangeForm(request.POST if request.method == "POST" else None, initial=initial, kind=field["kind"])
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        try:
            data = ff.field_change(
                draft.data, form_id=form_id, field_id=field_id, label=c["label"], unit=c.get("unit", field.get("unit"))
            )
            if "required" in form.fields:
                data = ff.field_required_set(data, form_id=form_id, field_id=field_id, required=c["required"])
        except ff.FieldEditError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            what = f"修改{template['source']}字段“{c['label']}”"
            if _save(form, request, draft, data, what, ff.field_path(data, form_id, field_id)):
                return redirect(_form_url(draft, form_id, f"field-{field_id}"))
    context = {
        "draft": draft,
        "template": template,
        "form_id": form_id,
        "field": field,
        "kind_label": ff.KIND_LABELS.get(field["kind"], field["kind"]),
        "form": form,
    }
    return render(request, "workbench/form_fields_edit.html", context, status=400 if form.errors else 200)


def _edit_and_save(request, draft, edit, what: str) -> None:
    try:
        data = edit()
    except ff.FieldEditError as exc:
        raise ValidationError(exc.message) from None
    draft_save_posted(request, draft=draft, data=data, what=what)


@require_POST
@login_required
def field_move(request, pk: int, form_id: str, field_id: str):
    draft = _editable_draft_or_404(request, pk)
    template = _template_or_404(draft, form_id)
    offset = MOVES.get(request.POST.get("direction", ""))
    if offset is None:
        raise Http404("移动方向无效")
    return run_action(
        request,
        lambda: _edit_and_save(
            request,
            draft,
            lambda: ff.field_move(draft.data, form_id=form_id, field_id=field_id, offset=offset),
            f"调整{template['source']}字段顺序",
        ),
        then=_form_url(draft, form_id, f"field-{field_id}"),
    )


@require_POST
@login_required
def field_remove(request, pk: int, form_id: str, field_id: str):
    draft = _editable_draft_or_404(request, pk)
    template = _template_or_404(draft, form_id)
    try:
        place = ff.field_place(template, field_id)
    except ff.FieldEditError:
        raise Http404("字段不存在") from None
    label = template["sections"][place.section_index]["fields"][place.field_index]["label"]
    return run_action(
        request,
        lambda: _edit_and_save(
            request,
            draft,
            lambda: ff.field_remove(draft.data, form_id=form_id, field_id=field_id),
            f"删除{template['source']}字段“{label}”",
        ),
        then=_form_url(draft, form_id, f"section-{template['sections'][place.section_index]['id']}"),
        done=f"已删除字段“{label}”",
    )
