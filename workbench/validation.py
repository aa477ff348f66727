"""Whether a draft's data is a valid pack: the loader's own validation (policies.pack.loader.load_pack_files), with
each error placed at its path in the data dict so that a form can show it at the field."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from policies.pack.diff import loaded_pack_data
from policies.pack.loader import PackError, PackInvalid, load_pack_files


@dataclass(frozen=True)
class Problem:
    path: tuple  # in the data dict: ("forms", "2-1", "sections", 0, "fields", 3, "label"); () for the whole pack
    message: str

    def __str__(self) -> str:
        return self.message


def item_file(item: dict[str, Any]) -> str:
    number = item.get("number")
    return f"items/{number:02d}.yaml" if isinstance(number, int) else f"items/{number}.yaml"


def data_files(data: dict[str, Any]) -> dict[str, Any]:
    """The draft's data as the files of a pack folder (relative path -> parsed YAML), as export writes them."""
    files: dict[str, Any] = {"pack.yaml": data.get("pack")}
    for item in data.get("items") or []:
        files[item_file(item)] = item
    for form_id, form in (data.get("forms") or {}).items():
        files[f"forms/{form_id}.yaml"] = form
    if data.get("cases"):
        files["cases.yaml"] = data["cases"]
    return files


_STEP = re.compile(r"\[(\d+)\]|([^.\[\]]+)")


def _path_parts(path: str) -> tuple:
    return tuple(int(index) if index else name for index, name in _STEP.findall(path))


def _by_index(path: tuple, data: dict[str, Any]) -> tuple:
    """The loader names some list entries by id (materials.loan_documents.form): the index in the data instead."""
    out, node = [], data
    for part in path:
        if isinstance(node, list) and isinstance(part, str):
            index = next((k for k, e in enumerate(node) if isinstance(e, dict) and e.get("id") == part), None)
            if index is None:
                return tuple(out) + path[len(out) :]
            part = index
        out.append(part)
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return tuple(out) + path[len(out) :]
    return tuple(out)


def _problem(error: PackError, data: dict[str, Any]) -> Problem:
    problem = _problem_at(error, data)
    return Problem(_by_index(problem.path, data), problem.message)


def _problem_at(error: PackError, data: dict[str, Any]) -> Problem:
    file, rest = error.file, _path_parts(error.path)
    if file == "pack.yaml":
        return Problem(("pack", *rest), error.message)
    if file == "cases.yaml":
        return Problem(("cases", *rest), error.message)
    if file.startswith("forms/") and file.endswith(".yaml"):
        return Problem(("forms", file.removeprefix("forms/").removesuffix(".yaml"), *rest), error.message)
    if file.startswith("items/") and file.endswith(".yaml"):
        for index, item in enumerate(data.get("items") or []):
            if item_file(item) == file:
                return Problem(("items", index, *rest), error.message)
        return Problem(("items",), error.message)
    return Problem((), error.message)


def draft_checked(data: dict[str, Any]) -> tuple[dict[str, Any] | None, list[Problem]]:
    """(the data as the loader stores it, []) for a valid pack: every default written out, items in number
    order, exactly what pack_load would store as PolicyPack.data; (None, every problem) otherwise."""
    errors: list[PackError] = []
    files = data_files(data)
    items = [item_file(i) for i in data.get("items") or []]
    for name in sorted({f for f in items if items.count(f) > 1}):
        errors.append(PackError("items/", "", f"两个支持事项使用同一序号（{name}）"))
    try:
        loaded = load_pack_files(files, directory=Path("."), digest="", errors=errors)
    except PackInvalid as exc:
        problems = [_problem(error, data) for error in exc.errors]
    else:
        return loaded_pack_data(loaded), []
    # A form with an error of its own is left out of the cross-checks, which then find every reference to it
    # missing: those follow from the form's error and would only hide it.
    broken = {p.path[1] for p in problems if p.path[:1] == ("forms",) and len(p.path) > 1}
    echoes = {f"引用了不存在的表单 {form_id}" for form_id in broken}
    return None, [p for p in problems if p.message not in echoes]


def draft_problems(data: dict[str, Any]) -> list[Problem]:
    """Every reason the data is not a valid pack (empty if it is), in Chinese, each with its place in the data."""
    return draft_checked(data)[1]
