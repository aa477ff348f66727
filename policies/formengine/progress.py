"""How complete each section of a rendered form is (the section navigator, core/guide.py): the value slots
of the views applications/form_fields.html draws, counted as the page shows them. Pure."""

from __future__ import annotations

from collections.abc import Iterator

from core.guide import GuideSection, Slot, is_filled, section_progress
from policies.formengine.layout import FieldView, FormView

VALUE_PARTIALS = frozenset({"text", "long_text", "number", "date"})
CHOICE_PARTIALS = frozenset({"boolean", "single_choice", "multiple_choice"})


def field_slots(view: FieldView) -> Iterator[Slot]:
    """The slots of one field view: itself, or the cells of its year table or table (the blank template
    row of a table is not on the page until a row is added, so it is not counted)."""
    if view.readonly:
        return
    if view.partial in VALUE_PARTIALS:
        yield Slot(view.anchor, view.required, is_filled(view.value))
    elif view.partial in CHOICE_PARTIALS:
        yield Slot(view.anchor, view.required, any(o.checked for o in view.options) or is_filled(view.other_value))
    elif view.partial == "year_table":
        for row in view.year_rows:
            for cell in row.cells:
                yield from field_slots(cell)
    elif view.partial == "table":
        for row in view.rows:
            for cell in row.cells:
                yield from field_slots(cell)


def forms_progress(forms: list[FormView]) -> list[GuideSection]:
    """One navigator entry per section of the rendered forms; with several forms each entry names its form."""
    several = len(forms) > 1
    return [
        section_progress(
            section.anchor,
            section.title,
            (slot for field in section.fields for slot in field_slots(field)),
            group=form.title if several else "",
        )
        for form in forms
        for section in form.sections
    ]
