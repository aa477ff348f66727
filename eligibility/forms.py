"""The calculator form, generated from the facts vocabulary and grouped the way the notice reads."""

from __future__ import annotations

from django import forms

from eligibility.profile import validate_facts
from eligibility.rules import rule_facts
from policies.facts import FACTS, PROFILE_YEARS
from policies.pack.schema import Pack, SupportItem

BOOLEAN_CHOICES = [("", "未填写"), ("true", "是"), ("false", "否")]
INDUSTRY_CATEGORIES = [
    ("", "未填写"), ("B", "B 采矿业"), ("C", "C 制造业"), ("D", "D 电力、热力、燃气及水生产和供应业"),
    ("I", "I 信息传输、软件和信息技术服务业"), ("E", "E 建筑业"), ("F", "F 批发和零售业"), ("M", "M 科学研究和技术服务业"),
    ("O", "O 其他"),
]  # fmt: skip
BASIC_FACTS = ("industry_division", "industry_group", "is_above_designated_size")


def fact_groups(pack: Pack, items: list[SupportItem]) -> list[tuple[str, list[str]]]:
    """(title, fact names): 基本情况, 经营数据 by year, then each item's own facts."""
    used_by_global: list[str] = []
    for condition in pack.global_conditions:
        if condition.rule:
            used_by_global += rule_facts(condition.rule)
    basic = used_by_global + [n for n in BASIC_FACTS if n not in used_by_global]
    yearly = [n for n, f in FACTS.items() if f.year in PROFILE_YEARS and f.unit == "万元" and n[-4:].isdigit()]
    yearly = [n for n in yearly if n.rsplit("_", 1)[0] in {y.rsplit("_", 1)[0] for y in yearly if y.endswith("2021")}]
    seen = set(basic) | set(yearly)
    groups = [("基本情况", basic), ("经营数据（万元）", yearly)]
    for item in items:
        names: list[str] = []
        for condition in [*item.conditions, *(c for s in item.subtypes for c in s.conditions)]:
            if condition.rule:
                names += [n for n in rule_facts(condition.rule) if n not in seen and n not in names]
        seen |= set(names)
        if names:
            groups.append((f"第{item.number}项 {item.name}", names))
    return groups


def _field(name: str) -> forms.Field:
    fact = FACTS[name]
    label = fact.label + (f"（{fact.unit}）" if fact.unit and fact.unit not in fact.label else "")
    if fact.type == "boolean":
        return forms.ChoiceField(label=label, choices=BOOLEAN_CHOICES, required=False)
    if name == "industry_category":
        return forms.ChoiceField(label=label, choices=INDUSTRY_CATEGORIES, required=False)
    if fact.type == "code":
        return forms.CharField(label=label, required=False, max_length=8, help_text=fact.description[:80])
    attrs = {"step": "1" if fact.type == "integer" else "any", "inputmode": "decimal"}
    return forms.DecimalField(
        label=label, required=False, widget=forms.NumberInput(attrs=attrs),
        error_messages={"invalid": "请输入数字。"},
    )  # fmt: skip


class CalculatorForm(forms.Form):
    def __init__(self, *args, groups: list[tuple[str, list[str]]], **kwargs):
        super().__init__(*args, **kwargs)
        self.groups = groups
        for _, names in groups:
            for name in names:
                self.fields[name] = _field(name)

    def grouped(self):
        return [(title, [self[name] for name in names]) for title, names in self.groups]

    def clean(self):
        data = super().clean()
        raw = {}
        for name, value in data.items():
            if value in (None, ""):
                continue
            if FACTS[name].type == "boolean":
                raw[name] = value == "true"
            elif FACTS[name].type in ("number", "integer"):
                raw[name] = float(value)
            else:
                raw[name] = value
        facts, errors = validate_facts(raw)
        for error in errors:
            self.add_error(error.field, error.message)
        self.facts = facts
        return data
