"""Edits of an item's 申报材料 checklist: add, change, remove (and drop it from the conditions it evidenced),
move up or down."""

from __future__ import annotations

import copy
from typing import Any

from workbench.edits.items import item_index

MATERIAL_KEYS = ("name", "source", "required", "form", "accept", "note")


def material_id_new(item: dict[str, Any]) -> str:
    taken = {m["id"] for m in item.get("materials", [])}
    k = 1
    while f"material_{k}" in taken:
        k += 1
    return f"material_{k}"


def _set(material: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    for key in MATERIAL_KEYS:
        if key in values:
            material[key] = values[key] if values[key] not in ("", []) or key in ("required",) else None
    if material.get("accept") is None:
        material["accept"] = ["pdf", "jpg", "png"]
    if material.get("required"):
        material["required_when"] = None
    return material


def material_add(data: dict[str, Any], number: int, values: dict[str, Any]) -> tuple[dict[str, Any], str]:
    new = copy.deepcopy(data)
    item = new["items"][item_index(new, number)]
    material = _set({"id": material_id_new(item)}, values)
    item.setdefault("materials", []).append(material)
    return new, material["id"]


def material_update(data: dict[str, Any], number: int, material_id: str, values: dict[str, Any]) -> dict[str, Any]:
    new = copy.deepcopy(data)
    item = new["items"][item_index(new, number)]
    material = next(m for m in item["materials"] if m["id"] == material_id)
    _set(material, values)
    return new


def material_remove(data: dict[str, Any], number: int, material_id: str) -> dict[str, Any]:
    new = copy.deepcopy(data)
    item = new["items"][item_index(new, number)]
    item["materials"] = [m for m in item["materials"] if m["id"] != material_id]
    for condition in item.get("conditions", []):
        condition["evidence"] = [e for e in condition.get("evidence", []) if e != material_id]
    return new


def material_move(data: dict[str, Any], number: int, material_id: str, step: int) -> dict[str, Any]:
    """The material one place up (step -1) or down (+1); unchanged at either end."""
    new = copy.deepcopy(data)
    materials = new["items"][item_index(new, number)]["materials"]
    k = next(i for i, m in enumerate(materials) if m["id"] == material_id)
    j = k + step
    if 0 <= j < len(materials):
        materials[k], materials[j] = materials[j], materials[k]
    return new
