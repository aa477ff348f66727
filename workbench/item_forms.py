"""The support item form of a draft (details of 附件1's row) and what each field edits in the data."""

from __future__ import annotations

import re
from typing import Any

from django import forms

from policies.pack.schema.items import SUPPORT_METHOD_LABELS

REQUIRED = {"required": "请填写此项。"}
_FORM_ID = re.compile(r"^[0-9]+(-[0-9]+)*$")
_CODE = re.compile(r"^[a-z][a-z0-9_]*$")
CODE_HELP = "小写英文字母、数字和下划线，以字母开头，例如 green_factory_award。"


class ItemForm(forms.Form):
    name = forms.CharField(label="支持事项名称", error_messages=REQUIRED)
    code = forms.CharField(label="事项代码", help_text=CODE_HELP, error_messages=REQUIRED)
    direction = forms.CharField(label="支持方向", widget=forms.Textarea(attrs={"rows": 2}), required=False)
    conditions_text = forms.CharField(
        label="申报条件（附件1 原文）", widget=forms.Textarea(attrs={"rows": 5}), error_messages=REQUIRED
    )
    support_method = forms.ChoiceField(label="支持方式", choices=list(SUPPORT_METHOD_LABELS.items()))
    section = forms.ChoiceField(label="负责科室", error_messages={"invalid_choice": "请选择负责科室。"})
    person = forms.CharField(label="联系人", error_messages=REQUIRED)
    phone = forms.CharField(label="联系电话", error_messages=REQUIRED)
    form_ids = forms.CharField(
        label="申报材料模板编号", error_messages=REQUIRED,
        help_text="以逗号分隔，如 2-2, 2-2-1；第一个为申报书。新事项可填一个新的编号（如 2-13），系统会建立空白申报书供编辑。",
    )  # fmt: skip
    county_quota = forms.IntegerField(
        label="每县市区/园区限报（个）", required=False, min_value=1,
        error_messages={"invalid": "请填写整数。", "min_value": "至少为 1；不限报请留空。"},
        help_text="不限报请留空。保存后“申报限制规则”页的限报名额随之改变：本事项加入限报数相同的规则，没有则新建一条，其原文可在该页修改。",
    )  # fmt: skip
    counts_toward_project_limit = forms.BooleanField(
        label="计入每家单位申报项目数", required=False,
        help_text="取消勾选即为项目数上限的例外（如“产业数字化工作推进项目除外”），“申报限制规则”页随之改变。",
    )  # fmt: skip
    subtypes = forms.CharField(
        label="申报类型", widget=forms.Textarea(attrs={"rows": 3}), required=False,
        help_text="每行一个：代码 名称，如“national_pilot 培育国家级智能制造试点示范”；无申报类型请留空。",
    )  # fmt: skip
    commitment = forms.CharField(label="真实性承诺书原文", widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, sections: list[dict[str, Any]], new: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].choices = [(s["code"], s["name"]) for s in sections]
        if not new:
            self.fields["code"].disabled = True

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip()
        if not _CODE.match(code):
            raise forms.ValidationError(CODE_HELP)
        return code

    def clean_form_ids(self) -> list[str]:
        ids = [p.strip() for p in re.split(r"[,，、\s]+", self.cleaned_data["form_ids"]) if p.strip()]
        bad = [i for i in ids if not _FORM_ID.match(i)]
        if bad:
            raise forms.ValidationError(f"模板编号应为数字和连字符，如 2-13：{'、'.join(bad)}")
        if not ids:
            raise forms.ValidationError("至少填写一个模板编号。")
        return ids

    def clean_subtypes(self) -> list[tuple[str, str]]:
        rows = []
        for number, line in enumerate(self.cleaned_data["subtypes"].splitlines(), 1):
            parts = line.split(maxsplit=1)
            if not parts:
                continue
            if len(parts) != 2 or not _CODE.match(parts[0]):
                raise forms.ValidationError(f"第{number}行应为“代码 名称”，代码为小写英文字母、数字和下划线。")
            rows.append((parts[0], parts[1].strip()))
        return rows


def item_field_paths(index: int) -> dict[str, tuple]:
    at = ("items", index)
    paths = {name: (*at, name) for name in ItemForm.base_fields}
    paths["form_ids"] = (*at, "forms")
    paths |= {"section": (*at, "contact", "section"), "person": (*at, "contact", "person")}
    paths |= {"phone": (*at, "contact", "phone"), "subtypes": (*at, "subtypes")}
    return paths | {"subtype_required": (*at, "subtypes"), "one_application_per": (*at, "subtypes")}


def item_initial(item: dict[str, Any]) -> dict[str, Any]:
    contact = item.get("contact", {})
    return {
        **{k: item.get(k) for k in ("name", "code", "direction", "conditions_text", "support_method", "commitment")},
        "section": contact.get("section"),
        "person": contact.get("person"),
        "phone": contact.get("phone"),
        "form_ids": ", ".join(item.get("forms", [])),
        "county_quota": item.get("county_quota"),
        "counts_toward_project_limit": item.get("counts_toward_project_limit", True),
        "subtypes": "\n".join(f"{s['code']} {s['name']}" for s in item.get("subtypes", [])),
    }
