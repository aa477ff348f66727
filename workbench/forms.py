"""Forms of the workbench's draft pages (the lifecycle: new draft, return, approval)."""

from __future__ import annotations

from django import forms

from workbench.selectors import published_packs


class PackChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.year}年 {obj.document_number}（{obj.pack_id} 第{obj.version}版）"


class DraftCreateForm(forms.Form):
    pack = PackChoiceField(
        label="基于已发布政策包", queryset=published_packs(), empty_label=None,
        error_messages={"invalid_choice": "请选择一个已发布的政策包。", "required": "请选择一个已发布的政策包。"},
    )  # fmt: skip
    year = forms.IntegerField(
        label="新政策包年度", min_value=2000, max_value=2100,
        error_messages={"required": "请填写年度。", "invalid": "年度应为四位数字，例如 2024。",
                        "min_value": "年度应在 2000 至 2100 之间。", "max_value": "年度应在 2000 至 2100 之间。"},
    )  # fmt: skip
    pack_id = forms.CharField(
        label="新政策包标识", max_length=64, help_text="小写字母、数字和连字符，例如 hengyang-2024-gxj。",
        error_messages={"required": "请填写政策包标识。", "max_length": "政策包标识不超过 64 个字符。"},
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pack"].queryset = published_packs()


class DraftReturnForm(forms.Form):
    reason = forms.CharField(
        label="退回原因", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000,
        error_messages={"required": "请填写退回原因。"},
    )  # fmt: skip


class DraftApproveForm(forms.Form):
    digest = forms.CharField(widget=forms.HiddenInput, max_length=64)
    confirm = forms.BooleanField(
        label="本人已核对草稿内容，同意发布，并以实名签批",
        error_messages={"required": "请勾选确认后再签批。"},
    )
