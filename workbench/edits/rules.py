"""Edits of the notice's cross-item rules (pack.yaml project_limit, quotas, exclusions), keeping each item's own
copy of them (county_quota, counts_toward_project_limit) equal to the rule, as the loader requires."""

from __future__ import annotations

import copy
from typing import Any

RULE_TEXT_KEYS = ("clause", "source")


def default_quota_rule(number: int, per_jurisdiction: int) -> dict[str, Any]:
    """The quota rule an item's form creates: the notice's usual wording, for the coordinator to reword."""
    return {
        "items": [number],
        "per_jurisdiction": per_jurisdiction,
        "clause": f"各县市区、市直园区限报{per_jurisdiction}个。",
        "source": f"附件1 第{number}项申报条件",
    }


def _items_by_number(data: dict[str, Any]) -> dict[int, dict[str, Any]]:
    return {item["number"]: item for item in data.get("items") or []}


def _set_county_quota(item: dict[str, Any], value: int | None) -> None:
    if value is not None or item.get("county_quota") is not None:
        item["county_quota"] = value


def _sync_county_quotas(data: dict[str, Any]) -> None:
    """Every item's county_quota from the quota rule naming it (none when no rule does); in place."""
    quota_of = {
        n: rule["per_jurisdiction"] for rule in reversed(data["pack"].get("quotas") or []) for n in rule["items"]
    }
    for number, item in _items_by_number(data).items():
        _set_county_quota(item, quota_of.get(number))


def _sync_counts_toward(data: dict[str, Any]) -> None:
    """Every item's counts_toward_project_limit from the project limit's excluded_items; in place."""
    excluded = set(data["pack"]["project_limit"].get("excluded_items") or [])
    for number, item in _items_by_number(data).items():
        item["counts_toward_project_limit"] = number not in excluded


def item_county_quota_set(data: dict[str, Any], number: int, value: int | None) -> dict[str, Any]:
    """Item `number` limited to `value` per county or park (None: no limit): its county_quota and its quota
    rule. Unchanged when its rule already says `value`; otherwise it leaves its rule (a rule left with no item
    goes) and joins the first rule of the same per_jurisdiction (whose source then cites the item's 申报条件 too),
    else a new rule in the notice's usual words."""
    new = copy.deepcopy(data)
    quotas = new["pack"].setdefault("quotas", [])
    current = next((rule for rule in quotas if number in rule["items"]), None)
    if current is not None and current["per_jurisdiction"] == value:
        _sync_county_quotas(new)
        return new
    for rule in quotas:
        rule["items"] = [n for n in rule["items"] if n != number]
    quotas[:] = [rule for rule in quotas if rule["items"]]
    if value is not None:
        same = next((rule for rule in quotas if rule["per_jurisdiction"] == value), None)
        if same is not None:
            same["items"] = sorted([*same["items"], number])
            cited = default_quota_rule(number, value)["source"]
            if f"第{number}项" not in same["source"]:  # the rule's source now names the item's clause too
                same["source"] = f"{same['source']}、{cited}"
        else:
            quotas.append(default_quota_rule(number, value))
    _sync_county_quotas(new)
    return new


def item_counts_toward_set(data: dict[str, Any], number: int, counts: bool) -> dict[str, Any]:
    """Item `number` counted, or not, toward 申报项目数合计: the item's flag and project_limit.excluded_items."""
    new = copy.deepcopy(data)
    limit = new["pack"]["project_limit"]
    excluded = [n for n in limit.get("excluded_items") or [] if n != number]
    limit["excluded_items"] = excluded if counts else sorted([*excluded, number])
    _sync_counts_toward(new)
    return new


def project_limit_update(data: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    """The project limit with `values` (max_projects, clause, source, excluded_items); each item's
    counts_toward_project_limit follows excluded_items."""
    new = copy.deepcopy(data)
    limit = new["pack"]["project_limit"]
    for key in ("max_projects", *RULE_TEXT_KEYS):
        if key in values:
            limit[key] = values[key]
    if "excluded_items" in values:
        limit["excluded_items"] = sorted(values["excluded_items"])
    _sync_counts_toward(new)
    return new


def _rule(values: dict[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
    return {"items": sorted(values["items"]), **{key: values[key] for key in keys}}


QUOTA_KEYS = ("per_jurisdiction", *RULE_TEXT_KEYS)
EXCLUSION_KEYS = RULE_TEXT_KEYS


def quota_add(data: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    """A new quota rule (items, per_jurisdiction, clause, source) after the others; its items' county_quota."""
    new = copy.deepcopy(data)
    new["pack"].setdefault("quotas", []).append(_rule(values, QUOTA_KEYS))
    _sync_county_quotas(new)
    return new


def quota_update(data: dict[str, Any], index: int, values: dict[str, Any]) -> dict[str, Any]:
    """Quota rule `index` with `values`; the items it names take its per_jurisdiction, the items it no longer
    names lose theirs. IndexError if there is no such rule."""
    new = copy.deepcopy(data)
    new["pack"]["quotas"][index] = _rule(values, QUOTA_KEYS)
    _sync_county_quotas(new)
    return new


def quota_remove(data: dict[str, Any], index: int) -> dict[str, Any]:
    """The pack without quota rule `index`: its items are no longer limited. IndexError if there is none."""
    new = copy.deepcopy(data)
    del new["pack"]["quotas"][index]
    _sync_county_quotas(new)
    return new


def exclusion_add(data: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    """A new exclusion rule (items, clause, source) after the others."""
    new = copy.deepcopy(data)
    new["pack"].setdefault("exclusions", []).append(_rule(values, EXCLUSION_KEYS))
    return new


def exclusion_update(data: dict[str, Any], index: int, values: dict[str, Any]) -> dict[str, Any]:
    """Exclusion rule `index` with `values`. IndexError if there is no such rule."""
    new = copy.deepcopy(data)
    new["pack"]["exclusions"][index] = _rule(values, EXCLUSION_KEYS)
    return new


def exclusion_remove(data: dict[str, Any], index: int) -> dict[str, Any]:
    """The pack without exclusion rule `index`. IndexError if there is none."""
    new = copy.deepcopy(data)
    del new["pack"]["exclusions"][index]
    return new
