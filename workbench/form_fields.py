"""Pure edits of one form template in a draft's data (data["forms"][form_id]): add, remove, move, relabel a
field, change its unit, make it required or optional. Each edit returns a NEW data dict; the stored one is
never touched (only the edited form is copied; every other part of the data is shared with the original).

What the whole pack must satisfy (a money field's unit, a table a form rule names, a material a field points
to) is checked afterwards by workbench.validation via draft_data_save, with the same schema as `pack check`;
here only what an edit cannot do at all is refused (an unknown form, section or field, a move past the end).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from policies.pack.schema.forms import FIELD_KIND_LABELS, VALUE_KINDS, FormField

# Kinds a person may add in the workbench, in the order the menu lists them. Tables, year tables, material
# slots, industry codes and signature blocks carry structure (rows, years, slots, levels) that a one-line form
# cannot express; they stay as the template has them and may still be moved, relabelled or removed.
ADDABLE_KINDS = {
    kind: FIELD_KIND_LABELS[kind]
    for kind in ("text", "long_text", "integer", "number", "money", "percentage", "date", "year_month", "year",
                 "phone", "email", "boolean", "single_choice", "multiple_choice", "heading")
}  # fmt: skip
KIND_LABELS = FIELD_KIND_LABELS
CHOICE_KINDS = frozenset({"single_choice", "multiple_choice"})
NOT_REQUIRABLE_KINDS = frozenset({"heading", "guidance", "signature"})
NEW_FIELD_PREFIX = "field_"
# Every key a stored field has: PolicyPack.data is the schema's model_dump, so a field added here has the same
# shape as one loaded from YAML, and exporting then loading the draft gives back the same data.
FIELD_DEFAULTS = {name: info.get_default() for name, info in FormField.model_fields.items() if not info.is_required()}

FORM_MISSING = "申报材料模板 {form_id} 不存在"
SECTION_MISSING = "该模板没有这一部分（{section_id}）"
FIELD_MISSING = "该模板没有字段 {field_id}"
KIND_NOT_ADDABLE = "不能在此添加该类型的字段"
ALREADY_FIRST = "该字段已是本部分的第一个"
ALREADY_LAST = "该字段已是本部分的最后一个"
NOT_REQUIRABLE = "{kind}不能设为必填"
LABEL_EMPTY = "请填写字段名称"


class FieldEditError(ValueError):
    """An edit that cannot be made; `field` names the input it concerns ("" for the request as a whole)."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass(frozen=True)
class NewField:
    kind: str
    label: str
    unit: str | None = None
    required: bool = False
    help: str | None = None
    options: tuple[str, ...] = ()  # choice labels, in order


@dataclass(frozen=True)
class FieldPlace:
    section_index: int
    field_index: int


def _form(data: dict[str, Any], form_id: str) -> dict[str, Any]:
    form = (data.get("forms") or {}).get(form_id)
    if form is None:
        raise FieldEditError(FORM_MISSING.format(form_id=form_id))
    return form


def _with_form(data: dict[str, Any], form_id: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """(new data, its own deep copy of the form) so that the edit never reaches the stored dict."""
    form = copy.deepcopy(_form(data, form_id))
    return {**data, "forms": {**data["forms"], form_id: form}}, form


def field_place(form: dict[str, Any], field_id: str) -> FieldPlace:
    for s, section in enumerate(form["sections"]):
        for f, field in enumerate(section.get("fields") or []):
            if field["id"] == field_id:
                return FieldPlace(s, f)
    raise FieldEditError(FIELD_MISSING.format(field_id=field_id))


def field_path(data: dict[str, Any], form_id: str, field_id: str) -> tuple:
    """The field's location in the data, as workbench.validation's Problem paths give it."""
    place = field_place(_form(data, form_id), field_id)
    return ("forms", form_id, "sections", place.section_index, "fields", place.field_index)


def new_field_id(form: dict[str, Any]) -> str:
    """field_1, field_2 …: the first not yet used in the form. Answers are stored by field id, so an id is
    never reused for another meaning within the form (existing ids keep their names)."""
    used = {f["id"] for s in form["sections"] for f in s.get("fields") or []}
    n = 1
    while f"{NEW_FIELD_PREFIX}{n}" in used:
        n += 1
    return f"{NEW_FIELD_PREFIX}{n}"


def _options(labels: tuple[str, ...]) -> list[dict[str, Any]]:
    return [{"value": f"option_{n}", "label": label, "other": False} for n, label in enumerate(labels, start=1)]


def field_dict(new: NewField, field_id: str) -> dict[str, Any]:
    """The stored dict of a new field, shaped as the loader stores one (FIELD_DEFAULTS)."""
    if new.kind not in ADDABLE_KINDS:
        raise FieldEditError(KIND_NOT_ADDABLE, "kind")
    label = new.label.strip()
    if not label:
        raise FieldEditError(LABEL_EMPTY, "label")
    if new.required and new.kind in NOT_REQUIRABLE_KINDS:
        raise FieldEditError(NOT_REQUIRABLE.format(kind=KIND_LABELS[new.kind]), "required")
    field: dict[str, Any] = {"id": field_id, "label": label, "kind": new.kind, **copy.deepcopy(FIELD_DEFAULTS)}
    field["required"] = new.required
    field["unit"] = new.unit or None
    field["help"] = (new.help or "").strip() or None
    if new.kind in CHOICE_KINDS or new.options:
        field["options"] = _options(new.options)
    return field


def field_add(
    data: dict[str, Any], *, form_id: str, section_id: str, new: NewField, position: int | None = None
) -> tuple[dict[str, Any], str]:
    """Add a field to a section (at its end, or before `position`); returns (new data, the new field's id)."""
    data, form = _with_form(data, form_id)
    section = next((s for s in form["sections"] if s["id"] == section_id), None)
    if section is None:
        raise FieldEditError(SECTION_MISSING.format(section_id=section_id), "section")
    field_id = new_field_id(form)
    fields = section.setdefault("fields", [])
    index = len(fields) if position is None else max(0, min(position, len(fields)))
    fields.insert(index, field_dict(new, field_id))
    return data, field_id


def field_remove(data: dict[str, Any], *, form_id: str, field_id: str) -> dict[str, Any]:
    data, form = _with_form(data, form_id)
    place = field_place(form, field_id)
    del form["sections"][place.section_index]["fields"][place.field_index]
    return data


def field_move(data: dict[str, Any], *, form_id: str, field_id: str, offset: int) -> dict[str, Any]:
    """Move a field up (offset -1) or down (+1) within its section."""
    data, form = _with_form(data, form_id)
    place = field_place(form, field_id)
    fields = form["sections"][place.section_index]["fields"]
    target = place.field_index + offset
    if target < 0:
        raise FieldEditError(ALREADY_FIRST)
    if target >= len(fields):
        raise FieldEditError(ALREADY_LAST)
    fields.insert(target, fields.pop(place.field_index))
    return data


def field_required_set(data: dict[str, Any], *, form_id: str, field_id: str, required: bool) -> dict[str, Any]:
    data, form = _with_form(data, form_id)
    place = field_place(form, field_id)
    field = form["sections"][place.section_index]["fields"][place.field_index]
    if required and field["kind"] in NOT_REQUIRABLE_KINDS:
        raise FieldEditError(NOT_REQUIRABLE.format(kind=KIND_LABELS[field["kind"]]), "required")
    field["required"] = required
    return data


def field_change(data: dict[str, Any], *, form_id: str, field_id: str, label: str, unit: str | None) -> dict[str, Any]:
    """Change a field's label and unit (None or "" removes the unit)."""
    data, form = _with_form(data, form_id)
    place = field_place(form, field_id)
    field = form["sections"][place.section_index]["fields"][place.field_index]
    label = label.strip()
    if not label:
        raise FieldEditError(LABEL_EMPTY, "label")
    field["label"] = label
    field["unit"] = unit or None
    return data


def takes_unit(kind: str) -> bool:
    """Whether the field shows a unit beside its box (numbers only; text has none)."""
    return kind in {"integer", "number", "money", "percentage"}


def is_value_kind(kind: str) -> bool:
    return kind in VALUE_KINDS
