"""Test utility: answers that fill every field of some forms with a valid value of its kind."""

from __future__ import annotations

from typing import Any

VALID = {
    "text": "演示内容",
    "long_text": "演示说明文字。",
    "phone": "13907340000",
    "email": "demo@example.cn",
    "uscc": "91430405MA4L00017Q",
    "date": "2023-08-01",
    "year_month": "2023-08",
}


def value_for(field: dict) -> Any:
    kind = field["kind"]
    if kind == "id_number":
        from applications.formschema import id_number_check_character

        return "43040519900101123" + id_number_check_character("43040519900101123")
    if kind == "uscc":
        from enterprises.uscc import compose_uscc

        return compose_uscc(division="430405", organisation_body="MA4L0001")
    if kind in VALID:
        text = VALID[kind]
        return text[: field["max_chars"]] if field.get("max_chars") else text
    if kind == "industry":
        return "35" if field.get("level") == "大类" else "351"
    if kind in ("integer", "year"):
        low = int(field.get("min_value") or 0)
        high = field.get("max_value")
        value = 2023 if kind == "year" else max(low, 10)
        return int(min(value, high)) if high is not None else value
    if kind in ("number", "money", "percentage"):
        high = field.get("max_value")
        value = 12.5 if high is None else min(12.5, high)
        return str(value).rstrip("0").rstrip(".") if "." in str(value) else str(value)
    if kind == "boolean":
        return True
    if kind == "single_choice":
        return {"value": field["options"][0]["value"], "other": ""}
    if kind == "multiple_choice":
        return {"values": [field["options"][0]["value"]], "other": ""}
    if kind == "year_table":
        return {row["id"]: {str(y): value_for(row) for y in field["years"]} for row in field["rows"]}
    if kind == "table":
        rows = max(field.get("min_rows") or 0, 2)
        if field.get("max_rows"):
            rows = min(rows, field["max_rows"])
        return [{c["id"]: value_for(c) for c in field["columns"]} for _ in range(rows)]
    return None


def fill_answers(forms: list[dict]) -> dict[str, dict[str, Any]]:
    answers: dict[str, dict[str, Any]] = {}
    for form in forms:
        values = {}
        for section in form["sections"]:
            for field in section["fields"]:
                value = value_for(field)
                if value is not None:
                    values[field["id"]] = value
        answers[form["id"]] = values
    return answers
