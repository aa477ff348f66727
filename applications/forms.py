"""The parts of an application page that are ordinary forms: summary, commitment, upload, start."""

from __future__ import annotations

import datetime as dt

from django import forms

from core.forms import BoundedDateField, LineField
from core.upload_limits import upload_too_large_message
from enterprises.forms import clean_mobile

AMOUNT_INVALID = "请输入金额（万元），最多两位小数，如 120.50。"


class StartForm(forms.Form):
    subtype_code = forms.ChoiceField(label="申报类型", required=False)

    def __init__(self, *args, subtypes: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        if not subtypes:  # nothing to choose: no drop-down offering only 请选择
            del self.fields["subtype_code"]
            return
        self.fields["subtype_code"].choices = [("", "请选择")] + [(s["code"], s["name"]) for s in subtypes]
        self.fields["subtype_code"].required = True
        self.fields["subtype_code"].error_messages["required"] = "请选择申报类型。"


class SummaryForm(forms.Form):
    """The 附件4 columns every application gives: project, amounts, contact."""

    project_name = forms.CharField(label="项目名称", max_length=200, required=False)
    total_investment = forms.DecimalField(
        label="总投资（万元）", required=False, min_value=0, max_digits=14, decimal_places=2,
        error_messages={"invalid": AMOUNT_INVALID, "min_value": "金额不能为负数。",
                        "max_decimal_places": AMOUNT_INVALID},
    )  # fmt: skip
    requested_amount = forms.DecimalField(
        label="申请金额（万元）", required=False, min_value=0, max_digits=14, decimal_places=2,
        error_messages={"invalid": AMOUNT_INVALID, "min_value": "金额不能为负数。",
                        "max_decimal_places": AMOUNT_INVALID},
    )  # fmt: skip
    contact_name = forms.CharField(label="联系人", max_length=64, required=False)
    contact_phone = forms.CharField(label="联系电话", max_length=32, required=False)

    def clean_contact_phone(self):
        value = self.cleaned_data["contact_phone"].strip()
        if value and not value.startswith("0"):
            return clean_mobile(value)
        return value


COMMITMENT_EARLIEST = dt.date(2000, 1, 1)
COMMITMENT_DATE_OUT_OF_RANGE = "承诺日期应在 {earliest} 至 {latest}（今天）之间。"


class CommitmentForm(forms.Form):
    signer = LineField(label="法定代表人（签字）", max_length=64, help_text="填写法定代表人姓名，即视为签字确认")
    # Signed on a day of the platform's life, not in the future: year 1 or 9999 is a typing slip.
    date = BoundedDateField(
        label="日期", initial=dt.date.today, earliest=COMMITMENT_EARLIEST, latest=dt.date.today,
        out_of_range=COMMITMENT_DATE_OUT_OF_RANGE,
    )  # fmt: skip
    agree = forms.BooleanField(
        label="本单位已阅读上述承诺书全文，承诺所提交的申报材料内容和附件资料均真实、合法",
        error_messages={"required": "请勾选确认已阅读并同意承诺书。"},
    )  # fmt: skip


class UploadForm(forms.Form):
    material_id = forms.CharField(widget=forms.HiddenInput)
    file = forms.FileField(
        label="选择文件", error_messages={"required": "请选择要上传的文件。", "empty": "文件是空的。"}
    )
    query_date = BoundedDateField(label="查询时间", required=False)

    def __init__(self, *args, too_large: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if too_large:  # core.upload_limits stopped reading the body at the file: say why there is none
            self.fields["file"].error_messages["required"] = upload_too_large_message()
