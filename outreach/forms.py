"""Forms of 政策推送: the county list's item filter and its notify form, and the enterprise's mute switch."""

from __future__ import annotations

from django import forms

NOTHING_SELECTED = "请先勾选要通知的企业，或选择“通知全部筛选结果”。"


class ItemFilterForm(forms.Form):
    item = forms.TypedChoiceField(label="支持事项", required=False, coerce=int, empty_value=None)

    def __init__(self, *args, items: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].choices = [("", "全部事项"), *((n, f"第{n}项 {name}") for n, name in items)]


class PushForm(ItemFilterForm):
    SCOPE_SELECTED, SCOPE_ALL = "selected", "all"
    scope = forms.ChoiceField(choices=[(SCOPE_SELECTED, "通知勾选的企业"), (SCOPE_ALL, "通知全部筛选结果")])

    def clean(self):
        data = super().clean()
        # The ticked enterprises: whichever ids the list offered; the service keeps only the county's candidates.
        try:
            data["enterprise"] = [int(v) for v in self.data.getlist("enterprise")]
        except ValueError:
            raise forms.ValidationError(NOTHING_SELECTED) from None
        if data.get("scope") == self.SCOPE_SELECTED and not data["enterprise"]:
            raise forms.ValidationError(NOTHING_SELECTED)
        return data


class MuteForm(forms.Form):
    muted = forms.TypedChoiceField(choices=[("1", "不接收"), ("0", "接收")], coerce=lambda v: v == "1")
