"""Forms as templates: the stored form dicts as FormTemplate, and what a field says about its options,
its rows and its label."""

from __future__ import annotations

from core.fields import FrozenDict
from core.memo import memo_put
from policies.pack.schema import FormField, FormTemplate, Option

# The templates of the shared, read-only form dicts that core.fields.SharedJSONField hands every reader of the
# same stored forms (an application's frozen copy): one page asked for them about twenty times, and validating
# each form each time was a tenth of the page's CPU. Keyed by identity, holding the dict so that its id is not
# reused; both sides are immutable (FrozenDict refuses changes, the schema's models are frozen). Bounded: the
# field keeps 32 decoded texts of a few forms each, and a dict it has let go of leaves this cache at the next clear.
_SHARED: dict[int, tuple[FrozenDict, FormTemplate]] = {}
_SHARED_MAX = 256


def _template(form: dict | FormTemplate) -> FormTemplate:
    if isinstance(form, FormTemplate):
        return form
    if not isinstance(form, FrozenDict):
        return FormTemplate.model_validate(form)
    hit = _SHARED.get(id(form))
    if hit is not None and hit[0] is form:
        return hit[1]
    return memo_put(_SHARED, id(form), (form, FormTemplate.model_validate(form)), size=_SHARED_MAX)[1]


def as_templates(forms: list[dict] | list[FormTemplate]) -> list[FormTemplate]:
    return [_template(f) for f in forms]


def other_option(field: FormField) -> Option | None:
    """The choice's "其他（请注明）" option, if it has one."""
    return next((o for o in field.options or [] if o.other), None)


def row_required(table: FormField, row: FormField) -> bool:
    """A year-table cell is required when its row is; a required table whose rows say nothing (the
    single-row tables of 附件2-8 and 2-9) requires every cell."""
    if row.required:
        return True
    return table.required and not any(r.required for r in table.rows or [])


def group_text(field: FormField) -> str:
    """The field's group as the page shows it: "一、基本情况 › 联系人"."""
    return " › ".join(g.strip() for g in field.group.split(">")) if field.group else ""


def display_label(field: FormField) -> str:
    """The label with its group, as the completeness list names the field."""
    if not field.group:
        return field.label
    return f"{group_text(field)} › {field.label}"
