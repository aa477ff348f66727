"""Prefilled answers the enterprise changed, offered back to the profile (一企一档), and the answers that
must stay equal to it: the applicant's name and code."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from enterprises.profile_schema import profile_form
from enterprises.selectors import prefill_source
from policies.facts import FACTS
from policies.formengine.fields import as_templates
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


# Fields prefilled with the enterprise's name that name the applicant (企业名称, 申报单位, 单位名称…) must be its
# confirmed name; these two name something of its own (a factory, the unit carrying out the project).
OWN_NAME_LABELS = ("工厂名称", "项目实施单位")
IDENTITY_MISMATCH = "须与县级工信部门确认的{what}一致：{expected}"


def _identity_fields(forms):
    """(form id, field id, profile key) of each field naming the applicant."""
    for form in as_templates(forms):
        for field in form.value_fields():
            if field.prefill in ("enterprise_name", "uscc") and not any(n in field.label for n in OWN_NAME_LABELS):
                yield form.id, field.id, field.prefill


def identity_answers(forms, profile) -> dict[str, dict[str, str]]:
    """{form id: {field id: confirmed value}}: what the fields naming the applicant must hold."""
    confirmed = {"enterprise_name": profile.organisation.name, "uscc": profile.uscc}
    answers: dict[str, dict[str, str]] = {}
    for form_id, field_id, key in _identity_fields(forms):
        answers.setdefault(form_id, {})[field_id] = confirmed[key]
    return answers


def identity_mismatches(application, profile) -> dict[str, str]:
    """{path: message} for each answer naming the applicant (prefilled from `enterprise_name` or `uscc`) that
    is not the confirmed name or code (issue 16 §5: a 申报书 could name another enterprise). Blank answers are
    left to the completeness check."""
    what = {"enterprise_name": "企业名称", "uscc": "统一社会信用代码"}
    confirmed = {"enterprise_name": profile.organisation.name, "uscc": profile.uscc}
    mismatches = {}
    for form_id, field_id, key in _identity_fields(application.forms):
        value = (application.answers.get(form_id) or {}).get(field_id)
        if isinstance(value, str) and value.strip() and value.strip() != confirmed[key]:
            mismatches[f"{form_id}.{field_id}"] = IDENTITY_MISMATCH.format(what=what[key], expected=confirmed[key])
    return mismatches
