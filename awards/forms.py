"""Forms of the award pages: make a list, publish it, decide an objection, and the public objection form."""

from __future__ import annotations

from django import forms

from awards import validators
from awards.models import MAX_WORKING_DAYS, MIN_WORKING_DAYS, AwardEntry
from awards.selectors import APPLICATION_DEFERRED
from awards.services import RESOLUTION_REQUIRED, WORKING_DAYS_RANGE
from core.captcha import captcha_field
from core.forms import DateInput, LineField
from policies.choices import PackStatus
from policies.models import PolicyPack

PACK_REQUIRED = "请选择政策包。"
START_REQUIRED = "请填写公示开始日期。"
START_INVALID = "请按“2023-09-25”的格式填写日期。"
DECISION_REQUIRED = "请选择处理结果。"
ENTRY_REQUIRED = "请选择有异议的一项。"


class AwardListCreateForm(forms.Form):
    pack = forms.ModelChoiceField(
        label="政策包", queryset=PolicyPack.objects.filter(status=PackStatus.PUBLISHED), empty_label="请选择",
        error_messages={"required": PACK_REQUIRED, "invalid_choice": PACK_REQUIRED},
    )  # fmt: skip


class PublishForm(forms.Form):
    starts_on = forms.DateField(
        label="公示开始日期", widget=DateInput(),
        error_messages={"required": START_REQUIRED, "invalid": START_INVALID},
        help_text="当天若为工作日即计入公示期；截止日期按法定节假日和调休安排自动计算。",
    )  # fmt: skip
    working_days = forms.IntegerField(
        label="公示期（工作日）", min_value=MIN_WORKING_DAYS, max_value=MAX_WORKING_DAYS,
        error_messages={"required": WORKING_DAYS_RANGE, "invalid": WORKING_DAYS_RANGE,
                        "min_value": WORKING_DAYS_RANGE, "max_value": WORKING_DAYS_RANGE},
    )  # fmt: skip


class ObjectionResolveForm(forms.Form):
    decision = forms.ChoiceField(
        label="处理结果", widget=forms.RadioSelect,
        choices=[("dismissed", "异议不成立（照常奖补）"), ("upheld", "异议成立（该项不予奖补）")],
        error_messages={"required": DECISION_REQUIRED, "invalid_choice": DECISION_REQUIRED},
    )  # fmt: skip
    resolution = forms.CharField(
        label="处理意见", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000,
        error_messages={"required": RESOLUTION_REQUIRED},
        help_text="异议成立时，处理意见将在申报企业的办理记录中显示，请勿写入异议人的个人信息。",
    )  # fmt: skip

    @property
    def upheld(self) -> bool:
        return self.cleaned_data["decision"] == "upheld"


class ObjectionForm(forms.Form):
    """The public form: who objects (real name, phone), to which entry, and why. Checked again by the service."""

    entry = forms.ModelChoiceField(
        label="异议对象", queryset=AwardEntry.objects.none(), empty_label="请选择",
        error_messages={"required": ENTRY_REQUIRED, "invalid_choice": ENTRY_REQUIRED},
    )  # fmt: skip
    name = LineField(
        label="真实姓名", max_length=30, error_messages={"required": validators.NAME_REQUIRED},
        help_text="异议须实名提出。姓名和电话仅供市工信局、市财政局核实异议，不会公开。",
    )  # fmt: skip
    phone = forms.CharField(
        label="联系电话", max_length=20, error_messages={"required": validators.PHONE_REQUIRED},
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
        help_text="手机号码或带区号的固定电话，如 13812345678、0734-8855130",
    )  # fmt: skip
    id_number = forms.CharField(
        label="身份证号（选填）", max_length=18, required=False, help_text="仅用于核实异议人身份，不会公开。"
    )
    content = forms.CharField(
        label="异议内容", widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": validators.CONTENT_REQUIRED},
        help_text=f"请写明异议的事实和依据，不超过 {validators.CONTENT_LIMIT} 字。",
    )  # fmt: skip
    captcha = captcha_field()

    def __init__(self, *args, notice, **kwargs):
        super().__init__(*args, **kwargs)
        entries = (
            AwardEntry.objects.filter(award_list_id=notice.award_list_id)
            .select_related("application__enterprise", "application__item")
            .defer(*APPLICATION_DEFERRED)
        )
        self.fields["entry"].queryset = entries
        self.fields["entry"].label_from_instance = lambda e: (
            f"{e.application.enterprise.name} · {e.application.item.number}. {e.application.item.name}"
        )

    def clean_name(self):
        return validators.clean_objector_name(self.cleaned_data["name"])

    def clean_phone(self):
        return validators.clean_contact_phone(self.cleaned_data["phone"])

    def clean_id_number(self):
        return validators.clean_id_number(self.cleaned_data["id_number"])

    def clean_content(self):
        return validators.clean_content(self.cleaned_data["content"])
