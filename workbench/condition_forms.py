"""The condition form of a draft's item: the clause quoted, and for a computable condition the fact (from the
vocabulary of the draft's notice year), the notice's own comparison word, the value and its unit."""

from __future__ import annotations

from typing import Any

from django import forms

from policies.fact_types import Fact
from policies.pack.schema.base import UNITS
from policies.pack.wording import WORDING_OPERATORS
from policies.vocabulary import facts_for_notice_year, relative_label
from workbench.edits.conditions import EQUALS, ONE_OF, WORDINGS, codes_split, rule_words

REQUIRED = {"required": "请填写此项。"}
KIND_CHOICES = [
    ("computable", "由系统按企业档案判断"),
    ("attestation", "企业声明并提供佐证材料"),
    ("judgement", "审核时由科室判断"),
]
STRICTNESS_CHOICES = [
    ("hard", "不符合即不能申报"),
    ("soft", "原则上（不符合时提示需佐证，不拦截）"),
    ("reviewer", "由科室审核判断（系统结果仅供参考）"),
]
FACT_NEEDED = "由系统判断的条件须选择判断依据的指标。"
WORDING_NEEDED = "请选择比较用语。"
VALUE_NEEDED = "请填写比较的数值或内容。"


def fact_choices(year: int) -> tuple[dict[str, Fact], list[tuple[str, str]]]:
    facts = facts_for_notice_year(year)
    choices = [("", "—— 请选择 ——")]
    for fact in facts.values():
        unit = f"（{fact.unit}）" if fact.unit else ""
        choices.append((fact.name, f"{relative_label(fact, year)}{unit}"))
    return facts, choices


class ConditionForm(forms.Form):
    clause = forms.CharField(
        label="条件原文", widget=forms.Textarea(attrs={"rows": 3}), error_messages=REQUIRED,
        help_text="照录通知原文，如“2023年度主营业务收入在2亿元以上”。",
    )  # fmt: skip
    source = forms.CharField(label="出处", error_messages=REQUIRED, help_text="如“附件1 第15项 申报条件1”。")
    kind = forms.ChoiceField(label="判断方式", choices=KIND_CHOICES)
    fact = forms.ChoiceField(label="判断依据的指标", required=False)
    wording = forms.ChoiceField(
        label="比较用语（通知原文）", required=False, choices=[("", "—— 请选择 ——"), *[(w, w) for w in WORDINGS]],
        help_text="以上、不少于、不低于含本数；超过、不满、低于不含本数（民法典第一千二百五十九条）。是/否类指标用“等于”，代码类用“属于”。",
    )  # fmt: skip
    value = forms.CharField(
        label="数值或内容", required=False, help_text="数值如 300；“等于”填 是 或 否；“属于”填代码，以顿号分隔。"
    )
    unit = forms.ChoiceField(label="单位", required=False, choices=[("", "与指标相同"), *[(u, u) for u in UNITS]])
    strictness = forms.ChoiceField(label="不符合时", choices=STRICTNESS_CHOICES, required=False)
    evidence = forms.MultipleChoiceField(
        label="佐证材料", required=False, widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "请选择本事项的申报材料。"},
    )  # fmt: skip
    note = forms.CharField(label="备注", widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, year: int, materials: list[dict[str, Any]], rule_editable: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.facts, self.fields["fact"].choices = fact_choices(year)
        if materials:
            self.fields["evidence"].choices = [(m["id"], m["name"]) for m in materials]
        else:  # 通用申报条件: no material to name as evidence
            del self.fields["evidence"]
        self.rule_editable = rule_editable
        if not rule_editable:
            for name in ("kind", "fact", "wording", "value", "unit"):
                self.fields[name].disabled = True

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not self.rule_editable or data.get("kind") != "computable":
            return data
        fact = self.facts.get(data.get("fact") or "")
        if fact is None:
            self.add_error("fact", FACT_NEEDED)
            return data
        wording, text = data.get("wording") or "", (data.get("value") or "").strip()
        if not wording:
            self.add_error("wording", WORDING_NEEDED)
        if not text:
            self.add_error("value", VALUE_NEEDED)
        if not wording or not text:
            return data
        if fact.type == "boolean":
            if wording != EQUALS:
                self.add_error("wording", f"“{fact.label}”是是/否类指标，比较用语应为“等于”。")
            elif text not in ("是", "否"):
                self.add_error("value", "请填写“是”或“否”。")
            else:
                data["value"] = text == "是"
        elif fact.type == "code":
            if wording not in (ONE_OF, EQUALS):
                self.add_error("wording", f"“{fact.label}”是代码类指标，比较用语应为“属于”或“等于”。")
            else:
                data["wording"], data["value"] = ONE_OF, codes_split(text)
        elif fact.type in ("number", "integer"):
            if wording not in WORDING_OPERATORS:
                self.add_error("wording", f"“{fact.label}”是数值指标，请选择以上、超过、不满等比较用语。")
            else:
                try:
                    data["value"] = float(text.replace(",", "").replace("，", ""))
                except ValueError:
                    self.add_error("value", "请填写数字，如 300 或 2.5。")
                data["unit"] = data.get("unit") or fact.unit
        else:
            self.add_error("fact", "该指标不能用于比较，请选择其他指标或改为“企业声明并提供佐证材料”。")
        return data


def condition_field_paths(part: tuple, condition_index: int, *, key: str = "conditions") -> dict[str, tuple]:
    """`part` is where the condition lives: ("items", i) or ("items", i, "subtypes", k), or ("pack",) with the key
    "global_conditions" for 二、申报条件."""
    at = (*part, key, condition_index)
    return {
        "clause": (*at, "clause"),
        "source": (*at, "source"),
        "kind": (*at, "kind"),
        # The loader places what it finds wrong with the fact (unknown in the year, not a number, another unit)
        # at the condition itself.
        "fact": at,
        "value": (*at, "rule", "value"),
        "unit": (*at, "rule", "unit"),
        "wording": (*at, "rule", "wording"),
        "strictness": (*at, "strictness"),
        "evidence": (*at, "evidence"),
        "note": (*at, "note"),
    }


def condition_initial(condition: dict[str, Any]) -> dict[str, Any]:
    initial = {k: condition.get(k) for k in ("clause", "source", "kind", "strictness", "evidence", "note")}
    return initial | rule_words(condition.get("rule"))
