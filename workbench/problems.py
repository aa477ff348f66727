"""A draft's problems shown where they belong: under the form field whose place in the data holds them, or at
the top of the form (with the part of the pack they concern) when no field of the page holds them."""

from __future__ import annotations

from typing import Any

from django.forms import BaseForm

from workbench.validation import Problem


def place_label(path: tuple, data: dict[str, Any]) -> str:
    """Where in the pack a problem is, in words: 第2项支持事项, 附件2-1, 通知."""
    if not path:
        return "政策包"
    if path[0] == "items" and len(path) > 1 and isinstance(path[1], int):
        items = data.get("items") or []
        number = items[path[1]].get("number") if path[1] < len(items) else path[1] + 1
        return f"第{number}项支持事项"
    if path[0] == "forms" and len(path) > 1:
        return f"附件{path[1]}"
    if path[0] == "cases":
        return "规则用例"
    return "通知"


def problems_on_form(form: BaseForm, problems: list[Problem], fields: dict[str, tuple], data: dict[str, Any]) -> None:
    """Add each problem to `form`: under the field whose data path (in `fields`) is the longest prefix of the
    problem's path; otherwise as a form error naming the part of the pack it is in."""
    for problem in problems:
        best, best_length = None, -1
        for name, path in fields.items():
            if problem.path[: len(path)] == path and len(path) > best_length:
                best, best_length = name, len(path)
        if best is not None and best in form.fields:
            form.add_error(best, problem.message)
        else:
            form.add_error(None, f"{place_label(problem.path, data)}：{problem.message}")
