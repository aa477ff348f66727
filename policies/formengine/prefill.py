"""Prefill from the enterprise profile (一企一档), and the profile updates a filled form implies."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from core.validators import nfkc
from policies.formengine.fields import as_templates, other_option
from policies.formengine.kinds import CHOICE_KINDS, DECIMAL_KINDS, RAW_KEY, Answers
from policies.formengine.stored import is_blank, kind_error
from policies.formengine.values import format_decimal, parse_text
from policies.pack.schema import VALUE_KINDS, FormField


def _choice_from_profile(field: FormField, value: Any) -> Any:
    """A profile text as a choice: the option with that value or label, else the "其他" option's text."""
    text = str(value).strip()
    option = next((o for o in field.options or [] if text in (o.value, o.label)), None)
    other = other_option(field)
    if option is not None:
        chosen, other_text = option.value, ""
    elif other is not None:
        chosen, other_text = other.value, text
    else:
        return None
    return (
        {"value": chosen, "other": other_text}
        if field.kind == "single_choice"
        else {"values": [chosen], "other": other_text}
    )


def from_profile(field: FormField, value: Any) -> tuple[Any, str | None]:
    """A profile value in the field's representation: (value, raw text when it is not one)."""
    if value is None or value == "" or isinstance(value, list | dict):
        return None, None
    kind = field.kind
    if kind == "boolean":
        if isinstance(value, bool):
            return value, None
        return {"true": True, "是": True, "false": False, "否": False}.get(str(value).strip()), None
    if kind in CHOICE_KINDS:
        return _choice_from_profile(field, value), None
    if isinstance(value, bool):
        return None, None
    if kind in DECIMAL_KINDS and isinstance(value, int | float):
        try:  # repr: the shortest text that reads back as the same float
            text = format_decimal(Decimal(repr(value)))
        except InvalidOperation:
            return None, None
    elif isinstance(value, dt.date):
        text = value.isoformat()
    else:
        text = str(value)
    if field.kind != "long_text":
        text = re.sub(r"[\r\n]+", " ", text)
    parsed, error, typed = parse_text(field, text)
    return (None, typed) if error else (parsed, None)


def prefill_answers(forms: list[dict], profile: dict) -> Answers:
    """Answers taken from the profile (一企一档) for every field that names a `prefill` key; year-table
    rows take `<metric>_<year>`. A profile value that is not valid for the field is kept as raw text, so
    the page shows it with its error rather than dropping it."""
    answers: Answers = {}
    for form in as_templates(forms):
        form_answers: dict[str, Any] = {}
        raw: dict[str, str] = {}
        for field in form.value_fields():
            path = f"{form.id}.{field.id}"
            if field.kind in VALUE_KINDS and field.prefill:
                value, typed = from_profile(field, profile.get(field.prefill))
                if value is not None:
                    form_answers[field.id] = value
                elif typed:
                    raw[path] = typed
            elif field.kind == "year_table":
                cells: dict[str, dict[str, Any]] = {}
                for row in field.rows or []:
                    if not row.prefill:
                        continue
                    for year in field.years or []:
                        value, typed = from_profile(row, profile.get(f"{row.prefill}_{year}"))
                        if value is not None:
                            cells.setdefault(row.id, {})[str(year)] = value
                        elif typed:
                            raw[f"{path}.{row.id}.{year}"] = typed
                if cells:
                    form_answers[field.id] = cells
        if raw:
            form_answers[RAW_KEY] = raw
        if form_answers:
            answers[form.id] = form_answers
    return answers


def to_profile(field: FormField, value: Any) -> Any:
    """An answer as the profile stores it: numbers as JSON numbers, a choice as its option value,
    an industry as its code."""
    kind = field.kind
    if kind in DECIMAL_KINDS:
        number = Decimal(str(value))
        return int(number) if number == number.to_integral_value() else float(number)
    if kind == "industry":
        match = re.match(r"[0-9]+", nfkc(value))
        return match.group(0) if match else value
    if kind == "single_choice":
        return value["value"]
    if kind == "multiple_choice":
        return list(value["values"])
    return value


def profile_updates(forms: list[dict], answers: Answers, profile: dict) -> dict[str, tuple[Any, Any]]:
    """profile key -> (profile value, answer as the profile would store it) for prefilled values the
    user changed, so the page can ask whether to update the profile too. Blank answers propose nothing;
    the first answer in page order wins when two fields share a key."""
    updates: dict[str, tuple[Any, Any]] = {}

    def consider(field: FormField, key: str, value: Any) -> None:
        if key in updates or is_blank(value) or kind_error(field, value):
            return
        current, _ = from_profile(field, profile.get(key))
        if field.kind == "industry" and current is not None:
            same = to_profile(field, current) == to_profile(field, value)
        elif field.kind in DECIMAL_KINDS and current is not None:
            same = Decimal(str(current)) == Decimal(str(value))
        else:
            same = current == value
        if not same:
            updates[key] = (profile.get(key), to_profile(field, value))

    for form in as_templates(forms):
        form_answers = answers.get(form.id) or {}
        for field in form.value_fields():
            value = form_answers.get(field.id)
            if field.kind in VALUE_KINDS and field.prefill:
                consider(field, field.prefill, value)
            elif field.kind == "year_table" and isinstance(value, dict):
                for row in field.rows or []:
                    row_values = value.get(row.id) if isinstance(value.get(row.id), dict) else {}
                    for year in (field.years or []) if row.prefill else []:
                        consider(row, f"{row.prefill}_{year}", row_values.get(str(year)))
    return updates
