"""Edits of an item's 申报材料 checklist: add, change, remove (and drop it from the conditions it evidenced),
move up or down."""

from __future__ import annotations

import copy
from typing import Any

from workbench.edits.items import item_index, part_at, part_path

MATERIAL_KEYS = ("name", "source", "required", "form", "accept", "note")


def material_id_new(part: dict[str, Any]) -> str:
    taken = {m["id"] for m in part.get("materials", [])}
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


def material_add(
    data: dict[str, Any], number: int, values: dict[str, Any], *, subtype: str | None = None
) -> tuple[dict[str, Any], str]:
    """A new material at the end of the checklist of item `number` (or of its sub-type `subtype`)."""
    new = copy.deepcopy(data)
    part = part_at(new, part_path(new, number, subtype))
    material = _set({"id": material_id_new(part)}, values)
    part.setdefault("materials", []).append(material)
    return new, material["id"]


def material_update(
    data: dict[str, Any], number: int, material_id: str, values: dict[str, Any], *, subtype: str | None = None
) -> dict[str, Any]:
    new = copy.deepcopy(data)
    part = part_at(new, part_path(new, number, subtype))
    material = next(m for m in part["materials"] if m["id"] == material_id)
    _set(material, values)
    return new


def material_remove(
    data: dict[str, Any], number: int, material_id: str, *, subtype: str | None = None
) -> dict[str, Any]:
    """Without the material; the conditions that named it as evidence no longer do (an item's material may be
    evidence of its sub-types' conditions too)."""
    new = copy.deepcopy(data)
    part = part_at(new, part_path(new, number, subtype))
    part["materials"] = [m for m in part["materials"] if m["id"] != material_id]
    item = new["items"][item_index(new, number)]
    parts = [part] if subtype else [item, *item.get("subtypes", [])]
    for holder in parts:
        for condition in holder.get("conditions", []):
            condition["evidence"] = [e for e in condition.get("evidence", []) if e != material_id]
    return new


def material_move(
    data: dict[str, Any], number: int, material_id: str, step: int, *, subtype: str | None = None
) -> dict[str, Any]:
    """The material one place up (step -1) or down (+1); unchanged at either end."""
    new = copy.deepcopy(data)
    materials = part_at(new, part_path(new, number, subtype))["materials"]
    k = next(i for i, m in enumerate(materials) if m["id"] == material_id)
    j = k + step
    if 0 <= j < len(materials):
        materials[k], materials[j] = materials[j], materials[k]
    return new
