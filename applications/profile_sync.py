"""Prefilled answers the enterprise changed, offered back to the profile (一企一档)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from enterprises.profile_schema import profile_form
from enterprises.selectors import prefill_source
from policies.facts import FACTS
from policies.formengine.prefill import profile_updates
from policies.formengine.values import format_decimal
from policies.pack.prefill import PROFILE_KEYS, YEARLY_METRICS


def _label(key: str) -> str:
    if key in PROFILE_KEYS:
        return PROFILE_KEYS[key]
    metric, _, year = key.rpartition("_")
    if metric in YEARLY_METRICS:
        return f"{year}年{YEARLY_METRICS[metric]}"
    return FACTS[key].label if key in FACTS else key


def _profile_field(key: str) -> dict | None:
    for section in profile_form()["sections"]:
        for field in section["fields"]:
            if field["id"] == key:
                return field
    return None


def _as_profile_value(key: str, value: Any) -> Any:
    """The profile's own representation: decimals as text, a choice as its option."""
    field = _profile_field(key)
    if isinstance(value, float | int) and not isinstance(value, bool):
        return format_decimal(Decimal(repr(value)))
    if field and field["kind"] == "single_choice":
        option = next((o for o in field["options"] if o["label"] == value or o["value"] == value), None)
        if option is not None and not option.get("other"):
            return {"value": option["value"], "other": ""}
        other = next((o for o in field["options"] if o.get("other")), None)
        return {"value": other["value"], "other": str(value)} if other else None
    return value


def profile_changes(application, profile) -> list[dict[str, Any]]:
    """[{key, label, old, new}] for prefilled answers that differ from the profile."""
    if profile is None:
        return []
    source = prefill_source(profile.data)
    changes = []
    for key, (_old, new) in profile_updates(application.forms, application.answers, source).items():
        value = _as_profile_value(key, new)
        if value is None:
            continue
        changes.append({"key": key, "label": _label(key), "old": source.get(key, ""), "new": value, "shown": new})
    return changes
