"""Forms of the funds pages: the ledger's filter, a 资金下达 drafted from a final list, a payment (拨付), the
enterprise's report of a discrepancy and the county's correction. The services check the same rules again and
their refusals come back at the field they name (core.actions.form_errors_add)."""

from __future__ import annotations

from decimal import Decimal

from django import forms

from accounts.models import Jurisdiction
from awards.models import AwardList
from core.forms import DateInput, LineField
from funds import selectors
from funds.services import allocation as allocation_services
from funds.services import disbursements as disbursement_services
from funds.workflow import FundStatus
from policies.models import SupportItem

DATE_REQUIRED = "请填写日期。"
DATE_INVALID = "请按“2024-03-01”的格式填写日期。"
AMOUNT_REQUIRED = "请填写金额（元）。"
AMOUNT_INVALID = "请填写金额（元），如 250000 或 250000.50。"
BANK_REQUIRED = "请填写收款开户行。"
ACCOUNT_NAME_REQUIRED = "请填写收款户名。"
ACCOUNT_NUMBER_REQUIRED = "请填写收款账号。"
ACCOUNT_NUMBER_INVALID = "收款账号只能包含数字（可含空格），请核对。"
MAX_AMOUNT = Decimal("99999999999999.99")

GROUPINGS = [("county", "按县市区/园区"), ("item", "按支持事项"), ("list", "按奖补名单"), ("status", "按资金状态")]


def _date_field(label: str, **kwargs) -> forms.DateField:
    return forms.DateField(
        label=label, widget=DateInput(), error_messages={"required": DATE_REQUIRED, "invalid": DATE_INVALID}, **kwargs
    )


def _amount_field(label: str, *, min_value: Decimal, below: str, help_text: str = "") -> forms.DecimalField:
    messages = {"required": AMOUNT_REQUIRED, "invalid": AMOUNT_INVALID, "max_digits": AMOUNT_INVALID,
                "max_whole_digits": AMOUNT_INVALID, "max_value": AMOUNT_INVALID,
                "max_decimal_places": disbursement_services.AMOUNT_CENTS, "min_value": below}  # fmt: skip
    return forms.DecimalField(
        label=label, min_value=min_value, max_value=MAX_AMOUNT, max_digits=16, decimal_places=2,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}), help_text=help_text,
        error_messages=messages,
    )  # fmt: skip


class LedgerFilterForm(forms.Form):
    """GET filters of the ledger; the county filter is for the city only (a county or an enterprise sees its
    own). An unknown value is ignored rather than refused: the filter narrows, it never loses the page."""

    item = forms.ModelChoiceField(
        label="支持事项", required=False, queryset=SupportItem.objects.none(), empty_label="全部"
    )
    county = forms.ModelChoiceField(
        label="县市区/园区", required=False, queryset=Jurisdiction.objects.order_by("sort_order", "code"),
        empty_label="全部",
    )  # fmt: skip
    award_list = forms.ModelChoiceField(
        label="奖补名单", required=False, queryset=AwardList.objects.none(), empty_label="全部"
    )
    status = forms.ChoiceField(label="资金状态", required=False, choices=[("", "全部"), *FundStatus.choices])
    group = forms.ChoiceField(label="分组合计", required=False, choices=GROUPINGS)

    def __init__(self, *args, with_county: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = selectors.ledger_filter_items()
        self.fields["award_list"].queryset = selectors.ledger_filter_lists()
        if not with_county:
            del self.fields["county"]

    def filters(self) -> dict:
        """The ledger_rows keyword arguments of the valid filters."""
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "item_id": getattr(data.get("item"), "pk", None),
            "jurisdiction_id": getattr(data.get("county"), "pk", None),
            "award_list_id": getattr(data.get("award_list"), "pk", None),
            "status": data.get("status") or None,
        }

    def grouping(self, default: str) -> str:
        return (self.cleaned_data.get("group") if self.is_valid() else "") or default


class AllocationCreateForm(forms.Form):
    document_number = LineField(
        label="文号", max_length=64, help_text="如“衡财企指〔2024〕1号”，全市唯一。",
        error_messages={"required": allocation_services.DOCUMENT_NUMBER_REQUIRED},
    )  # fmt: skip
    issued_on = _date_field("下达日期")
    budget_subject = LineField(label="预算科目", max_length=128, required=False)

    def __init__(self, *args, default_subject: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        # Say where the value came from only when the pack really gives one (the 2023 notice names none).
        self.fields["budget_subject"].help_text = (
            f"已按政策包的默认科目“{default_subject}”填写，可修改。" if default_subject
            else "政策包未规定默认科目，请按预算批复填写。"
        )  # fmt: skip


class _AccountFields(forms.Form):
    bank_name = LineField(label="收款开户行", max_length=128, error_messages={"required": BANK_REQUIRED})
    account_name = LineField(label="收款户名", max_length=128, error_messages={"required": ACCOUNT_NAME_REQUIRED})
    account_number = forms.CharField(
        label="收款账号", max_length=40, error_messages={"required": ACCOUNT_NUMBER_REQUIRED},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )  # fmt: skip

    def clean_account_number(self):
        number = self.cleaned_data["account_number"].replace(" ", "")
        if not number.isdigit():
            raise forms.ValidationError(ACCOUNT_NUMBER_INVALID)
        return number


class DisbursementForm(_AccountFields):
    """One payment by the county finance bureau: date, amount in 元, 凭证号 and the receiving account."""

    paid_on = _date_field("拨付日期")
    amount = _amount_field(
        "拨付金额（元）", min_value=Decimal("0.01"), below=disbursement_services.AMOUNT_NOT_POSITIVE,
        help_text="按实际拨付填写，单位为元；可分次拨付，合计不超过下达金额。",
    )  # fmt: skip
    voucher_number = LineField(
        label="凭证号", max_length=64, error_messages={"required": disbursement_services.VOUCHER_REQUIRED}
    )
    field_order = ["paid_on", "amount", "voucher_number", "bank_name", "account_name", "account_number"]

    def service_arguments(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.field_order}


class DiscrepancyForm(forms.Form):
    reason = forms.CharField(
        label="差异情况", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="写明实际到账金额、日期或未到账情况，将送县级财政部门核实更正。",
        error_messages={"required": disbursement_services.REASON_REQUIRED},
    )  # fmt: skip


class CorrectionForm(forms.Form):
    """The county's correction of a disputed payment: what was really paid (0 if nothing), the date and
    voucher of the correction, and why. The receiving account stays the disputed payment's."""

    amount = _amount_field(
        "实际拨付金额（元）", min_value=Decimal("0"), below=disbursement_services.CORRECTION_NEGATIVE,
        help_text="原记录将被冲销；实际未拨付的填 0。",
    )  # fmt: skip
    paid_on = _date_field("更正日期")
    voucher_number = LineField(
        label="更正凭证号", max_length=64, error_messages={"required": disbursement_services.VOUCHER_REQUIRED}
    )
    reason = forms.CharField(
        label="更正说明", max_length=2000, widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": disbursement_services.CORRECTION_REASON_REQUIRED},
    )  # fmt: skip
