"""The calculator form, generated from the facts vocabulary and grouped the way the notice reads."""

from __future__ import annotations

from django import forms

from eligibility.profile import validate_facts
from eligibility.rules import rule_facts
from policies.fact_types import Fact
from policies.pack.schema import Pack, SupportItem
from policies.vocabulary import facts_for_notice_year, profile_years, relative_label

BOOLEAN_CHOICES = [("", "未填写"), ("true", "是"), ("false", "否")]
INDUSTRY_CATEGORIES = [
    ("", "未填写"), ("B", "B 采矿业"), ("C", "C 制造业"), ("D", "D 电力、热力、燃气及水生产和供应业"),
    ("I", "I 信息传输、软件和信息技术服务业"), ("E", "E 建筑业"), ("F", "F 批发和零售业"), ("M", "M 科学研究和技术服务业"),
    ("O", "O 其他"),
]  # fmt: skip
BASIC_FACTS = ("industry_division", "industry_group", "is_above_designated_size")


def fact_groups(pack: Pack, items: list[SupportItem]) -> list[tuple[str, list[str]]]:
    """(title, fact names): 基本情况, 经营数据 by year (the notice's profile years), then each item's own facts."""
    used_by_global: list[str] = []
    for condition in pack.global_conditions:
        if condition.rule:
            used_by_global += rule_facts(condition.rule)
    basic = used_by_global + [n for n in BASIC_FACTS if n not in used_by_global]
    years = profile_years(pack.year)
    candidates = [f for f in facts_for_notice_year(pack.year).values() if f.year in years and f.unit == "万元"]
    # The families with a figure for every profile year (营业收入 …), not a single year's investment.
    families = {f.declaration for f in candidates}
    families = {d for d in families if sum(f.declaration == d for f in candidates) == len(years)}
    yearly = [f.name for f in candidates if f.declaration in families]
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


def _field(fact: Fact, notice_year: int) -> forms.Field:
    label = fact.label + (f"（{fact.unit}）" if fact.unit and fact.unit not in fact.label else "")
    if fact.type == "boolean":
        return forms.ChoiceField(
            label=label, choices=BOOLEAN_CHOICES, required=False, help_text=_as_notice_says(fact, notice_year)
        )
    if fact.name == "industry_category":
        return forms.ChoiceField(label=label, choices=INDUSTRY_CATEGORIES, required=False)
    if fact.type == "code":
        return forms.CharField(label=label, required=False, max_length=8, help_text=fact.description[:80])
    attrs = {"step": "1" if fact.type == "integer" else "any", "inputmode": "decimal"}
    return forms.DecimalField(
        label=label, required=False, widget=forms.NumberInput(attrs=attrs),
        error_messages={"invalid": "请输入数字。"}, help_text=_as_notice_says(fact, notice_year),
    )  # fmt: skip


def _as_notice_says(fact: Fact, notice_year: int) -> str:
    """ "通知称“上年度营业收入”" where the notice names the year relatively, else nothing."""
    wording = relative_label(fact, notice_year)
    return f"通知称“{wording}”" if wording != fact.label else ""


class CalculatorForm(forms.Form):
    """The facts of `groups`, as the vocabulary of the pack's notice year (`notice_year`) declares them."""

    def __init__(self, *args, groups: list[tuple[str, list[str]]], notice_year: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.groups = groups
        self.notice_year = notice_year
        self.vocabulary = facts_for_notice_year(notice_year)
        for _, names in groups:
            for name in names:
                self.fields[name] = _field(self.vocabulary[name], notice_year)

    def grouped(self):
        return [(title, [self[name] for name in names]) for title, names in self.groups]

    def clean(self):
        data = super().clean()
        raw = {}
        for name, value in data.items():
            if value in (None, ""):
                continue
            if self.vocabulary[name].type == "boolean":
                raw[name] = value == "true"
            elif self.vocabulary[name].type in ("number", "integer"):
                raw[name] = float(value)
            else:
                raw[name] = value
        facts, errors = validate_facts(raw, notice_year=self.notice_year)
        for error in errors:
            self.add_error(error.field, error.message)
        self.facts = facts
        return data
