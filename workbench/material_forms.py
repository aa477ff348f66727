"""The material form of a draft's item: one entry of its 申报材料 checklist."""

from __future__ import annotations

import re
from typing import Any, get_args

from django import forms

from policies.pack.schema.items import FileType

REQUIRED = {"required": "请填写此项。"}
FILE_TYPE_LABELS = {
    "pdf": "PDF",
    "jpg": "JPG 图片",
    "png": "PNG 图片",
    "docx": "Word",
    "xlsx": "Excel",
    "zip": "ZIP 压缩包",
}
_FORM_ID = re.compile(r"^[0-9]+(-[0-9]+)*$")


class MaterialForm(forms.Form):
    name = forms.CharField(
        label="材料名称（照录申报材料清单）", widget=forms.Textarea(attrs={"rows": 2}), error_messages=REQUIRED
    )
    source = forms.CharField(label="出处", error_messages=REQUIRED, help_text="如“附件2-13 申报材料3”。")
    required = forms.BooleanField(label="必须提供", required=False)
    form = forms.CharField(
        label="在线填写的模板编号",
        required=False,
        help_text="由申报书模板在线填写的材料填模板编号（如 2-13），上传的材料留空。",
    )
    accept = forms.MultipleChoiceField(
        label="可上传的文件类型", required=False, widget=forms.CheckboxSelectMultiple,
        choices=[(t, FILE_TYPE_LABELS.get(t, t)) for t in get_args(FileType)],
        error_messages={"invalid_choice": "请选择列出的文件类型。"},
    )  # fmt: skip
    note = forms.CharField(label="说明", widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def clean_form(self) -> str:
        form_id = self.cleaned_data["form"].strip()
        if form_id and not _FORM_ID.match(form_id):
            raise forms.ValidationError("模板编号应为数字和连字符，如 2-13。")
        return form_id


def material_field_paths(part: tuple, material_index: int) -> dict[str, tuple]:
    """`part` is where the material lives: ("items", i) or ("items", i, "subtypes", k)."""
    at = (*part, "materials", material_index)
    return {name: (*at, name) for name in MaterialForm.base_fields} | {"name": at}


def material_initial(material: dict[str, Any]) -> dict[str, Any]:
    return {k: material.get(k) for k in ("name", "source", "required", "form", "accept", "note")}
