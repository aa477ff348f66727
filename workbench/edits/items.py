"""Edits of the support items (附件1): an item's details, a new item (with a new application form if its form id
is new), and removing an item together with every reference the notice's rules make to it."""

from __future__ import annotations

import copy
from typing import Any

from policies.pack.schema import natural_form_key
from workbench.edits.rules import item_counts_toward_set, item_county_quota_set

ITEM_TEXT_KEYS = ("name", "direction", "conditions_text", "support_method", "commitment")


def item_index(data: dict[str, Any], number: int) -> int:
    """The index of item `number` in data["items"]; KeyError if there is none."""
    for index, item in enumerate(data.get("items") or []):
        if item.get("number") == number:
            return index
    raise KeyError(number)


def part_path(data: dict[str, Any], number: int, subtype: str | None = None) -> tuple:
    """Where the conditions and materials of item `number` live: the item, or its sub-type (申报类型) `subtype`:
    ("items", i) or ("items", i, "subtypes", k). KeyError if there is no such item or sub-type."""
    index = item_index(data, number)
    if not subtype:
        return ("items", index)
    for k, part in enumerate(data["items"][index].get("subtypes") or []):
        if part["code"] == subtype:
            return ("items", index, "subtypes", k)
    raise KeyError(subtype)


def part_at(data: dict[str, Any], path: tuple) -> dict[str, Any]:
    node: Any = data
    for step in path:
        node = node[step]
    return node


def section_name(data: dict[str, Any], code: str) -> str:
    return next((s["name"] for s in data["pack"].get("city_sections", []) if s["code"] == code), code)


def _subtypes(old: list[dict[str, Any]], lines: list[tuple[str, str]]) -> list[dict[str, Any]]:
    """The sub-types as listed (code, name), each keeping the conditions and materials it had under its code."""
    by_code = {s["code"]: s for s in old}
    return [{**copy.deepcopy(by_code.get(code, {})), "code": code, "name": name} for code, name in lines]


def _details(item: dict[str, Any], data: dict[str, Any], values: dict[str, Any]) -> None:
    for key in ITEM_TEXT_KEYS:
        if key in values:
            item[key] = values[key] if values[key] != "" or key != "commitment" else None
    if "section" in values:
        item["contact"] = {
            **item.get("contact", {}),
            "section": values["section"],
            "section_name": section_name(data, values["section"]),
            "person": values.get("person", item.get("contact", {}).get("person", "")),
            "phone": values.get("phone", item.get("contact", {}).get("phone", "")),
        }
    if "forms" in values:
        item["forms"] = list(values["forms"])
    if "subtypes" in values:
        item["subtypes"] = _subtypes(item.get("subtypes") or [], values["subtypes"])
        if not item["subtypes"]:
            item["subtype_required"] = False
            item["one_application_per"] = "item"


def item_update(data: dict[str, Any], number: int, values: dict[str, Any]) -> dict[str, Any]:
    """Item `number` with the details in `values` (name, direction, conditions_text, support_method, commitment,
    section/person/phone, forms, county_quota, counts_toward_project_limit, subtypes [(code, name)]); the quota
    and the project limit change in the notice's rules too (workbench.edits.rules)."""
    new = copy.deepcopy(data)
    _details(new["items"][item_index(new, number)], new, values)
    return _rules_of_item(new, number, values)


def _rules_of_item(data: dict[str, Any], number: int, values: dict[str, Any]) -> dict[str, Any]:
    """The item's quota and project-limit settings, in the item and in the notice's rules alike."""
    if "county_quota" in values:
        data = item_county_quota_set(data, number, values["county_quota"])
    if "counts_toward_project_limit" in values:
        data = item_counts_toward_set(data, number, bool(values["counts_toward_project_limit"]))
    return data


def new_form(form_id: str, title: str) -> dict[str, Any]:
    """An application form for a new item: a title and the applicant's basic facts, for the form-field editor
    to complete."""
    return {
        "id": form_id,
        "title": title,
        "source": f"附件{form_id}",
        "sections": [
            {
                "id": "basic",
                "title": "企业基本情况",
                "fields": [
                    {"id": "enterprise_name", "label": "企业名称", "kind": "text", "required": True},
                    {"id": "contact_person", "label": "联系人", "kind": "text", "required": True},
                    {"id": "contact_phone", "label": "联系电话", "kind": "text", "required": True},
                    {"id": "project_summary", "label": "项目简介", "kind": "long_text", "required": True},
                ],
            }
        ],
    }


def item_add(data: dict[str, Any], values: dict[str, Any]) -> tuple[dict[str, Any], int]:
    """A new item after the last one, (new data, its number). Its first form (`values["forms"][0]`) is created
    when the pack has no form of that id; the application form is its first material."""
    new = copy.deepcopy(data)
    number = max((i["number"] for i in new["items"]), default=0) + 1
    forms = list(values["forms"])
    item: dict[str, Any] = {
        "number": number,
        "code": values["code"],
        "name": values["name"],
        "direction": "",
        "conditions_text": values.get("conditions_text", ""),
        "support_method": values.get("support_method", "award"),
        "contact": {},
        "forms": forms,
        "materials": [],
        "conditions": [],
    }
    _details(item, new, values)
    for form_id in forms:
        if form_id not in new["forms"]:
            new["forms"][form_id] = new_form(form_id, f"{values['name']}申报书")
    new["forms"] = {k: new["forms"][k] for k in sorted(new["forms"], key=natural_form_key)}
    item["materials"] = [
        {"id": "application_form", "name": new["forms"][forms[0]]["title"], "source": f"附件{forms[0]}",
         "form": forms[0]}
    ]  # fmt: skip
    new["items"].append(item)
    return _rules_of_item(new, number, values), number


def _referenced_forms(data: dict[str, Any]) -> set[str]:
    used = {data["pack"].get("performance_form"), data["pack"].get("summary_form")}
    for item in data["items"]:
        parts = [item, *item.get("subtypes", [])]
        for part in parts:
            used |= set(part.get("forms") or [])
            used |= {m["form"] for m in part.get("materials") or [] if m.get("form")}
    parents = {f.get("parent") for f in data["forms"].values() if f.get("parent") in used}
    return used | parents


def item_remove(data: dict[str, Any], number: int) -> dict[str, Any]:
    """The pack without item `number`: gone from the project limit's exceptions, the exclusions (a rule left with
    one item goes) and the quotas (a rule left with none goes); forms no other item uses go with it."""
    new = copy.deepcopy(data)
    del new["items"][item_index(new, number)]
    pack = new["pack"]
    limit = pack["project_limit"]
    limit["excluded_items"] = [n for n in limit.get("excluded_items", []) if n != number]
    exclusions = [{**r, "items": [n for n in r["items"] if n != number]} for r in pack.get("exclusions", [])]
    pack["exclusions"] = [r for r in exclusions if len(r["items"]) >= 2]
    quotas = [{**r, "items": [n for n in r["items"] if n != number]} for r in pack.get("quotas", [])]
    pack["quotas"] = [r for r in quotas if r["items"]]
    used = _referenced_forms(new)
    old_used = _referenced_forms(data)
    new["forms"] = {k: f for k, f in new["forms"].items() if k in used or k not in old_used}
    return new
