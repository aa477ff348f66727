"""The forms of a draft's cross-item rules (申报限制规则): the project limit, a quota rule, an exclusion rule,
and where each field's value lives in the data."""

from __future__ import annotations

from typing import Any

from django import forms

REQUIRED = {"required": "请填写此项。"}
WHOLE_NUMBER = {"required": "请填写此项。", "invalid": "请填写整数。", "min_value": "至少为 1。"}
PICK_ONE = "请至少选择一个支持事项。"
PICK_TWO = "请至少选择两个支持事项。"


def item_choices(data: dict[str, Any]) -> list[tuple[str, str]]:
    return [(str(item["number"]), f"第{item['number']}项 {item['name']}") for item in data.get("items") or []]


class _RuleForm(forms.Form):
    items = forms.MultipleChoiceField(label="支持事项", widget=forms.CheckboxSelectMultiple)
    clause = forms.CharField(
        label="规则原文（照通知原文）", widget=forms.Textarea(attrs={"rows": 2}), error_messages=REQUIRED
    )
    source = forms.CharField(label="出处", help_text="如“附件1 第12项 申报条件”。", error_messages=REQUIRED)

    def __init__(self, *args, data_items: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["items"].choices = data_items
        self.fields["items"].error_messages["invalid_choice"] = "请选择本草稿中的支持事项。"

    def clean_items(self) -> list[int]:
        return sorted(int(n) for n in self.cleaned_data["items"])


class QuotaForm(_RuleForm):
    field_order = ("items", "per_jurisdiction", "clause", "source")
    per_jurisdiction = forms.IntegerField(label="每县市区/园区限报（个）", min_value=1, error_messages=WHOLE_NUMBER)

    def __init__(self, *args, taken: dict[int, str], **kwargs):
        """`taken`: item number -> the clause of the other quota rule that already names it."""
        super().__init__(*args, **kwargs)
        self.taken = taken
        self.fields["items"].error_messages["required"] = PICK_ONE
        self.fields["items"].help_text = "每个事项只能属于一条限报规则。保存后，所选事项的“每县市区/园区限报”随之改变。"

    def clean_items(self) -> list[int]:
        numbers = super().clean_items()
        clash = [n for n in numbers if n in self.taken]
        if clash:
            raise forms.ValidationError(
                "；".join(f"第{n}项已在另一条限报规则“{self.taken[n]}”中，每项只能有一个限报名额" for n in clash) + "。"
            )
        return numbers


class ExclusionForm(_RuleForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["items"].error_messages["required"] = PICK_TWO
        self.fields["items"].help_text = "同一法人企业不能同时申报所选的事项。"

    def clean_items(self) -> list[int]:
        numbers = super().clean_items()
        if len(numbers) < 2:
            raise forms.ValidationError(PICK_TWO)
        return numbers


class ProjectLimitForm(forms.Form):
    max_projects = forms.IntegerField(
        label="每家单位申报项目数合计不超过（个）", min_value=1, error_messages=WHOLE_NUMBER
    )
    clause = forms.CharField(
        label="规则原文（照通知原文）", widget=forms.Textarea(attrs={"rows": 2}), error_messages=REQUIRED
    )
    source = forms.CharField(label="出处", help_text="如“通知 四、申报要求（二）”。", error_messages=REQUIRED)
    excluded_items = forms.MultipleChoiceField(
        label="不计入项目数的事项", widget=forms.CheckboxSelectMultiple, required=False,
        help_text="所选事项不计入每家单位的申报项目数（如“产业数字化工作推进项目除外”）。",
    )  # fmt: skip

    def __init__(self, *args, data_items: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["excluded_items"].choices = data_items
        self.fields["excluded_items"].error_messages["invalid_choice"] = "请选择本草稿中的支持事项。"

    def clean_excluded_items(self) -> list[int]:
        return sorted(int(n) for n in self.cleaned_data["excluded_items"])


def rule_initial(rule: dict[str, Any]) -> dict[str, Any]:
    return {**rule, "items": [str(n) for n in rule.get("items", [])]}


def project_limit_initial(limit: dict[str, Any]) -> dict[str, Any]:
    return {**limit, "excluded_items": [str(n) for n in limit.get("excluded_items", [])]}


def rule_field_paths(key: str, index: int, names: tuple[str, ...]) -> dict[str, tuple]:
    """Where each field of rule `index` in pack[key] (quotas, exclusions) lives in the data."""
    return {name: ("pack", key, index, name) for name in names}


def project_limit_field_paths() -> dict[str, tuple]:
    at = ("pack", "project_limit")
    return {name: (*at, name) for name in ProjectLimitForm.base_fields}
