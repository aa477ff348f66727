"""Names, paths and anchors: how one value slot is named in the POST, in errors and in the page."""

from __future__ import annotations

import re


def field_name(form_id: str, field_id: str, *parts: object) -> str:
    """The HTML input name: "f-2-2__project_name", "f-3__quantity__row-a1b2__indicator"."""
    return f"f-{form_id}__" + "__".join([field_id, *(str(p) for p in parts)])


def path_to_anchor(path: str) -> str:
    """A valid HTML id for a path; for a value outside tables it equals the input's name."""
    return "f-" + re.sub(r"\[(\d+)\]", r"__\1", path).replace(".", "__")


def row_key_name(form_id: str, field_id: str) -> str:
    """The name of a table's hidden row-key inputs, whose order is the order of the rows."""
    return field_name(form_id, field_id, "row")
