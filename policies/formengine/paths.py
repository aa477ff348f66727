"""Names, paths and anchors: how one value slot is named in the POST, in errors and in the page."""

from __future__ import annotations

import functools
import re


def field_name(form_id: str, field_id: str, *parts: object) -> str:
    """The HTML input name: "f-2-2__project_name", "f-3__quantity__row-a1b2__indicator"."""
    return f"f-{form_id}__" + "__".join([field_id, *(str(p) for p in parts)])


@functools.lru_cache(maxsize=16384)
def path_to_anchor(path: str) -> str:
    """A valid HTML id for a path; for a value outside tables it equals the input's name. Kept per process: the
    application page asks for about 300 of them, the same paths on every visit, and the substitution's template
    expansion was a tenth of drawing the form (bench/form_render)."""
    return "f-" + re.sub(r"\[(\d+)\]", r"__\1", path).replace(".", "__")


def row_key_name(form_id: str, field_id: str) -> str:
    """The name of a table's hidden row-key inputs, whose order is the order of the rows."""
    return field_name(form_id, field_id, "row")


_PATH = re.compile(r"^(?P<form>[^.]+)\.(?P<field>[^.\[]+)(?:\[(?P<row>\d+)\])?(?:\.(?P<column>[^.]+))?")


def page_order(forms: list[dict]):
    """A sort key for answer paths ("2-2.project_name", "3.cost_economic[1].score") in the order the page
    shows them: form, then field, then row, then column. A path the forms do not know goes last."""
    fields: dict[tuple[str, str], tuple[int, int]] = {}
    columns: dict[tuple[str, str, str], int] = {}
    for form_index, form in enumerate(forms):
        position = 0
        for section in form.get("sections") or []:
            for field in section.get("fields") or []:
                fields[(form["id"], field["id"])] = (form_index, position)
                position += 1
                for column_index, column in enumerate(field.get("columns") or []):
                    columns[(form["id"], field["id"], column["id"])] = column_index

    def key(path: str) -> tuple[int, int, int, int]:
        match = _PATH.match(path)
        if match is None:
            return (len(forms), 0, 0, 0)
        form, field = match["form"], match["field"]
        form_index, position = fields.get((form, field), (len(forms), 0))
        return (form_index, position, int(match["row"] or 0), columns.get((form, field, match["column"] or ""), 0))

    return key
