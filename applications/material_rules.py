"""The rules a pack states about an item's materials, enforced where their values are given: the
查询时间 of a query screenshot (at the upload and at its form field, which must agree), the period of a
purchase list (at each row's date), and materials only some enterprises must provide (required_when).

Pure functions over the stored pack dicts, the answers and dates; services.py supplies the dates and
the enterprise's facts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from eligibility.rules import evaluate_rule
from policies.pack.schema import DATE_RULE_CODES, MaterialRequirement

# Messages the user sees (tests import them).
QUERY_DATE_REQUIRED = "请填写“信用湖南”网站的查询时间。"
QUERY_DATE_TOO_EARLY = "查询时间（{date:%Y年%m月%d日}）早于申报通知发布日期（{issued:%Y年%m月%d日}）。通知要求“查询时间不得早于申报通知发布日期”，请重新查询并截图。"
QUERY_DATE_AFTER_DEADLINE = "查询时间（{date:%Y年%m月%d日}）晚于申报截止日期（{deadline:%Y年%m月%d日}）。通知要求提供“申报人截止时间前的查询结果”，请核对查询时间。"
QUERY_DATE_IN_FUTURE = (
    "查询时间（{date:%Y年%m月%d日}）晚于今天（{today:%Y年%m月%d日}），请填写网页截图上显示的实际查询时间。"
)
QUERY_DATE_DISAGREES = (
    "{label}（{typed:%Y年%m月%d日}）与上传“{material}”时填写的查询时间（{uploaded}）不一致，请核对截图后改正其中一处。"
)
OUTSIDE_PERIOD = (
    "{label}（{date:%Y年%m月%d日}）不在{year}年1月1日至{year}年12月31日之间。通知要求“{text}”的采购清单及发票。"
)
PERIOD_LIST_EMPTY = "请在“{label}”中逐张填写采购发票（{material}须为“{text}”的采购）。"
REQUIRED_WHEN_APPLIES = "{name}（{clause}）"
REQUIRED_WHEN_UNDECIDED = "{name}（{clause}。企业档案尚未填写{facts}，暂按须提供处理；补填企业档案后据实判定）"


@dataclass(frozen=True)
class DateWindow:
    """The dates a query date is checked against: the notice's issue date, the applicant's deadline
    (the notice's, or a county's earlier one, or the city's re-opening) and today."""

    issued: dt.date
    deadline: dt.date
    today: dt.date


def _date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def date_rules(material: dict) -> list[dict]:
    return [r for r in material.get("rules", []) if r["code"] in DATE_RULE_CODES]


def query_date_error(rules: list[dict], date: dt.date, window: DateWindow) -> str | None:
    """The first bound the date breaks, of the material's date rules ("查询时间不得早于申报通知发布日期";
    "申报人截止时间前的查询结果", and a query cannot have been made after today)."""
    codes = {r["code"] for r in rules}
    if "query_date_not_before_issue_date" in codes and date < window.issued:
        return QUERY_DATE_TOO_EARLY.format(date=date, issued=window.issued)
    if "query_date_not_after_deadline" in codes:
        if date > window.today:
            return QUERY_DATE_IN_FUTURE.format(date=date, today=window.today)
        if date > window.deadline:
            return QUERY_DATE_AFTER_DEADLINE.format(date=date, deadline=window.deadline)
    return None


def _form_field(forms: list[dict], form_id: str, field_id: str) -> dict | None:
    form = next((f for f in forms if f["id"] == form_id), None)
    if form is None:
        return None
    return next((f for s in form["sections"] for f in s["fields"] if f["id"] == field_id), None)


def field_rule_errors(
    materials: list[dict], forms: list[dict], answers: dict, window: DateWindow, *, required: set[str]
) -> dict[str, str]:
    """path -> message for the form fields that material rules name. `required` holds the ids of the
    materials the application must provide: an empty purchase list is reported only for those."""
    errors: dict[str, str] = {}
    for material in materials:
        for rule in material.get("rules", []):
            if not rule.get("form"):
                continue
            field = _form_field(forms, rule["form"], rule["field"])
            if field is None:  # a form of another sub-type, or an older frozen form
                continue
            path = f"{rule['form']}.{rule['field']}"
            value = (answers.get(rule["form"]) or {}).get(rule["field"])
            if rule["code"] in DATE_RULE_CODES:
                date = _date(value)
                error = date and query_date_error(date_rules(material), date, window)
                if error:
                    errors.setdefault(path, error)
            elif rule["code"] == "period_within_year":
                rows = [r for r in value if isinstance(r, dict)] if isinstance(value, list) else []
                column = next(c for c in field["columns"] if c["id"] == rule["column"])
                for index, row in enumerate(rows):
                    date = _date(row.get(rule["column"]))
                    if date is not None and date.year != rule["year"]:
                        errors[f"{path}[{index}].{rule['column']}"] = OUTSIDE_PERIOD.format(
                            label=column["label"], date=date, year=rule["year"], text=rule["text"]
                        )
                table_demands_rows = field.get("required") or field.get("min_rows")
                if not rows and material["id"] in required and not table_demands_rows:
                    errors[path] = PERIOD_LIST_EMPTY.format(
                        label=field["label"], material=material["name"], text=rule["text"]
                    )
    return errors


def query_date_disagreements(
    materials: list[dict], forms: list[dict], answers: dict, uploaded: list[tuple[str, dt.date | None]]
) -> list[tuple[str, str]]:
    """(path, message) where the date typed in the form differs from a date given with an upload of the
    same material. A blank form field is left to the required-field check."""
    out = []
    for material in materials:
        rule = next((r for r in date_rules(material) if r.get("form")), None)
        if rule is None:
            continue
        field = _form_field(forms, rule["form"], rule["field"])
        typed = _date((answers.get(rule["form"]) or {}).get(rule["field"]))
        if field is None or typed is None:
            continue
        dates = sorted({d for material_id, d in uploaded if material_id == material["id"] and d is not None})
        if any(d != typed for d in dates):
            text = "、".join(f"{d:%Y年%m月%d日}" for d in dates)
            message = QUERY_DATE_DISAGREES.format(
                label=field["label"], typed=typed, material=material["name"], uploaded=text
            )
            out.append((f"{rule['form']}.{rule['field']}", message))
    return out


@dataclass(frozen=True)
class MaterialNeed:
    """Whether the application must provide a material, and the clause to show when that depends on
    the enterprise. `undecided`: a fact the clause reads is unknown, so it is asked for (a missing fact
    must not waive a 须) and the profile can settle it."""

    required: bool
    clause: str = ""
    undecided: bool = False
    missing_facts: tuple[str, ...] = ()


def material_need(material: dict, facts: dict[str, Any]) -> MaterialNeed:
    requirement = material.get("required_when")
    if not requirement:
        return MaterialNeed(required=material.get("required", True))
    parsed = MaterialRequirement.model_validate(requirement)
    outcome = evaluate_rule(parsed.rule, facts)
    holds = _decided(outcome.truth)
    if holds is None:
        return MaterialNeed(True, parsed.clause, undecided=True, missing_facts=tuple(outcome.missing))
    return MaterialNeed(holds, parsed.clause)


def _decided(truth: Any) -> bool | None:
    """True or False when the facts decide the rule; None when they cannot (a fact unknown, or a case
    the engine leaves to the section). Reads the engine's truth by name (Truth.TRUE/FALSE/UNKNOWN/REVIEW)
    or as a plain True/False/None."""
    if truth is None or isinstance(truth, bool):
        return truth
    return {"TRUE": True, "FALSE": False}.get(getattr(truth, "name", ""))


def needs_facts(materials: list[dict]) -> bool:
    return any(m.get("required_when") for m in materials)


def missing_label(material: dict, need: MaterialNeed, fact_labels: dict[str, str]) -> str:
    """The completeness list's line for a required material that is not uploaded."""
    if need.undecided:
        facts = "、".join(fact_labels.get(f, f) for f in need.missing_facts)
        return REQUIRED_WHEN_UNDECIDED.format(name=material["name"], clause=need.clause, facts=facts)
    if need.clause:
        return REQUIRED_WHEN_APPLIES.format(name=material["name"], clause=need.clause)
    return material["name"]
