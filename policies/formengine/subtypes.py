"""The single-choice fields that ask again for the application's 申报类型 (sub-type), and whether their
answers agree with the sub-type chosen when the application was created."""

from __future__ import annotations

from policies.formengine.fields import as_templates
from policies.formengine.kinds import Answers
from policies.formengine.stored import is_blank
from policies.pack.schema import FormField


def subtype_fields(forms: list[dict], subtypes: list[str]) -> list[tuple[str, FormField]]:
    """(form id, field) of the single-choice fields that ask again for the application's 申报类型: their
    options are exactly the item's sub-types, by name (附件2-1's cover). Their answer follows the sub-type
    chosen when the application was created."""
    if len(subtypes) < 2:
        return []
    return [
        (form.id, field)
        for form in as_templates(forms)
        for field in form.value_fields()
        if field.kind == "single_choice" and sorted(o.label for o in field.options or []) == sorted(subtypes)
    ]


def subtype_answers(forms: list[dict], subtypes: list[str], chosen: str) -> Answers:
    """The answers of subtype_fields for the chosen sub-type (none when no sub-type is chosen)."""
    answers: Answers = {}
    for form_id, field in subtype_fields(forms, subtypes):
        for option in field.options or []:
            if option.label == chosen:
                answers.setdefault(form_id, {})[field.id] = {"value": option.value, "other": ""}
    return answers


def subtype_disagreements(
    forms: list[dict], answers: Answers, subtypes: list[str], chosen: str
) -> list[tuple[str, str]]:
    """(path, label) of answered subtype_fields that tick another sub-type than the chosen one. A blank
    answer is left to the required-field check."""
    out = []
    for form_id, field in subtype_fields(forms, subtypes):
        value = (answers.get(form_id) or {}).get(field.id)
        if is_blank(value):
            continue
        ticked = value.get("value") if isinstance(value, dict) else None
        if next((o.label for o in field.options or [] if o.value == ticked), None) != chosen:
            out.append((f"{form_id}.{field.id}", field.label))
    return out
