"""The calculator form, generated from the facts vocabulary and grouped the way the notice reads."""

from __future__ import annotations

from collections.abc import Collection
from functools import cached_property

from django import forms

from core.guide import Guide, Slot, is_filled, section_progress
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
    """Every fact the pack can use (the workbench's preview of a draft pack), as (title, fact names): 基本情况, 经营数据 by year (the notice's profile years), then each item's own facts."""
    used_by_global = general_facts(pack)
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
        names = [n for n in item_facts(item) if n not in seen]
        seen |= set(names)
        if names:
            groups.append((f"第{item.number}项 {item.name}", names))
    return groups


GENERAL_GROUP = "通用条件（各事项均须符合）"
SHARED_GROUP = "所选事项共用"
ALL_ITEMS = "all"


def item_facts(item: SupportItem) -> list[str]:
    """The facts the item's conditions (and its sub-types' conditions) read, in the order they first appear."""
    names: list[str] = []
    for condition in [*item.conditions, *(c for s in item.subtypes for c in s.conditions)]:
        if condition.rule:
            names += [n for n in rule_facts(condition.rule) if n not in names]
    return names


def general_facts(pack: Pack) -> list[str]:
    """The facts of the notice's 通用申报条件, which every item must meet."""
    names: list[str] = []
    for condition in pack.global_conditions:
        if condition.rule:
            names += [n for n in rule_facts(condition.rule) if n not in names]
    return names


def fact_uses(pack: Pack, items: list[SupportItem], chosen: Collection[int]) -> dict[str, list[int]]:
    """fact -> the numbers of the chosen items whose own conditions read it (not the 通用申报条件)."""
    general = set(general_facts(pack))
    uses: dict[str, list[int]] = {}
    for item in items:
        if item.number in chosen:
            for name in item_facts(item):
                if name not in general:
                    uses.setdefault(name, []).append(item.number)
    return uses


def chosen_fact_groups(pack: Pack, items: list[SupportItem], chosen: Collection[int]) -> list[tuple[str, list[str]]]:
    """(title, fact names) for the items an enterprise is interested in: only the facts their conditions read.
    通用申报条件 first; then the facts several chosen items read, once, in a group of their own (under the first
    item they would hide from the second, which then looks as if it needed less than it does); then each
    item's own facts. An item whose conditions read no fact (checked by people only) has no group."""
    uses = fact_uses(pack, items, chosen)
    groups = [(GENERAL_GROUP, general_facts(pack))] if chosen else []
    shared = [name for name, numbers in uses.items() if len(numbers) > 1]
    if shared:
        groups.append((SHARED_GROUP, shared))
    for item in items:
        own = [name for name, numbers in uses.items() if numbers == [item.number]]
        if item.number in chosen and own:
            groups.append((f"第{item.number}项 {item.name}", own))
    return [(title, names) for title, names in groups if names]


def chosen_items(values: Collection[str], items: list[SupportItem]) -> list[int]:
    """The numbers of the items chosen in the calculator's first step ("all": every item), in the pack's order;
    values that name no item of the pack are left out."""
    if ALL_ITEMS in values:
        return [item.number for item in items]
    return [item.number for item in items if str(item.number) in values]


def fact_as_text(fact: Fact, value) -> str:
    """A fact's value as the calculator's box shows it ("true", "350", "C")."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


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
    """The facts of `groups`, as the vocabulary of the pack's notice year (`notice_year`) declares them.
    `uses`: fact -> the chosen items that read it, said beside a fact several of them read. `profile`: the
    signed-in enterprise's facts as text; a box that holds its profile's value is marked 来自企业信息."""

    def __init__(
        self, *args, groups: list[tuple[str, list[str]]], notice_year: int,
        uses: dict[str, list[int]] | None = None, profile: dict[str, str] | None = None, **kwargs,
    ):  # fmt: skip
        super().__init__(*args, **kwargs)
        self.groups = groups
        self.notice_year = notice_year
        self.vocabulary = facts_for_notice_year(notice_year)
        self.profile = profile or {}
        for _, names in groups:
            for name in names:
                self.fields[name] = _field(self.vocabulary[name], notice_year)
                numbers = (uses or {}).get(name, [])
                if len(numbers) > 1:
                    used = "第" + "、".join(str(n) for n in numbers) + "项都用到"
                    help_text = self.fields[name].help_text
                    self.fields[name].help_text = f"{help_text}；{used}" if help_text else used

    def grouped(self):
        return [(title, [self[name] for name in names]) for title, names in self.groups]

    @cached_property
    def prefilled(self) -> set[str]:
        """The boxes that hold what the enterprise's profile says (pre-filled, or typed the same). Computed once
        per form: the template asks for every box (`field.name in form.prefilled`), and the set read every box's
        value each time, 60 × 60 reads when every item is chosen. The form's data never changes once bound."""
        return {
            name for name in self.fields if name in self.profile and str(self[name].value() or "") == self.profile[name]
        }

    def guide(self) -> Guide:
        """The navigator: one entry per group (anchors fact-group-1 …), every fact wanted for a verdict."""
        sections = []
        for index, (title, fields) in enumerate(self.grouped(), start=1):
            slots = [Slot(f"fact-{field.name}", False, is_filled(field.value())) for field in fields]
            sections.append(section_progress(f"fact-group-{index}", title, slots, every_slot_needed=True))
        return Guide(sections, every_slot_needed=True)

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
