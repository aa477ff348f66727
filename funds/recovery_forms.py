"""Forms of the 调减/撤销 and 追回 pages: the 中小企业科's decision (with the 承诺书 clause picked from the
enterprise's own commitment, or quoted), a recovery opened from a 整改, and a repayment. The services check the
same rules again; their refusals come back at the field they name (core.actions.form_errors_add)."""

from __future__ import annotations

from decimal import Decimal

from django import forms

from core.forms import DateInput, LineField
from funds.choices import AdjustmentKind
from funds.services import recovery as recovery_services

DATE_REQUIRED = "请填写日期。"
DATE_INVALID = "请按“2024-03-01”的格式填写日期。"
AMOUNT_INVALID = "请填写金额（元），如 250000 或 250000.50。"
AMOUNT_REQUIRED = "请填写金额（元）。"
KIND_REQUIRED = "请选择调减或撤销。"
TEXT_REQUIRED = "请填写{label}。"
NO_CLAUSE = ""
MAX_AMOUNT = Decimal("99999999999999.99")


def _date_field(label: str, **kwargs) -> forms.DateField:
    return forms.DateField(
        label=label, widget=DateInput(), error_messages={"required": DATE_REQUIRED, "invalid": DATE_INVALID}, **kwargs
    )


def _amount_field(label: str, *, required: bool = True, help_text: str = "") -> forms.DecimalField:
    messages = {"required": AMOUNT_REQUIRED, "invalid": AMOUNT_INVALID, "max_digits": AMOUNT_INVALID,
                "max_whole_digits": AMOUNT_INVALID, "max_value": AMOUNT_INVALID,
                "max_decimal_places": recovery_services.AMOUNT_CENTS,
                "min_value": recovery_services.AMOUNT_NOT_POSITIVE}  # fmt: skip
    return forms.DecimalField(
        label=label, required=required, min_value=Decimal("0.01"), max_value=MAX_AMOUNT, max_digits=16,
        decimal_places=2, widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        help_text=help_text, error_messages=messages,
    )  # fmt: skip


def _text_field(label: str, *, rows: int = 3, required: bool = True, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label, required=required, help_text=help_text, widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": TEXT_REQUIRED.format(label=label)},
    )  # fmt: skip


class AdjustmentForm(forms.Form):
    """The 中小企业科's decision to reduce or revoke an award. The clause of the 承诺书 is picked from the text the
    enterprise signed, or quoted in full when it is worded otherwise (a quote wins over a pick)."""

    kind = forms.ChoiceField(
        label="调整方式", choices=AdjustmentKind.choices, widget=forms.RadioSelect,
        error_messages={"required": KIND_REQUIRED, "invalid_choice": KIND_REQUIRED},
    )  # fmt: skip
    new_award = _amount_field(
        "调减后的奖补金额（元）", required=False, help_text="调减时填写；撤销时不填，奖补金额为 0。"
    )
    document_number = LineField(
        label="决定文号", max_length=64, error_messages={"required": TEXT_REQUIRED.format(label="决定文号")}
    )
    reason = _text_field("调减或撤销的理由", help_text="企业将看到这一说明。")
    legal_basis = _text_field("依据", rows=2, help_text="如管理办法条款、审计或核查结论。")
    commitment_clause = forms.ChoiceField(label="违反的承诺书条款", required=False, widget=forms.RadioSelect)
    commitment_quote = _text_field(
        "或引用承诺书原文", rows=2, required=False, help_text="承诺书条款不在上列时，请照录原文。"
    )
    false_reporting = forms.BooleanField(label="经核查认定虚假申报（仅撤销时可选；将记入企业档案）", required=False)
    recovery_due_on = _date_field(
        "追回期限", required=False, help_text="已拨付资金超过调整后奖补金额的，超出部分须在此日期前缴回。"
    )

    def __init__(self, *args, clauses: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commitment_clause"].choices = [(NO_CLAUSE, "不涉及承诺书"), *((c, c) for c in clauses)]

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "kind": data["kind"], "new_award": data.get("new_award"), "document_number": data["document_number"],
            "reason": data["reason"], "legal_basis": data["legal_basis"],
            "commitment_clause": (data.get("commitment_quote") or "").strip() or data.get("commitment_clause") or "",
            "false_reporting": data.get("false_reporting", False), "recovery_due_on": data.get("recovery_due_on"),
        }  # fmt: skip


class RecoveryOpenForm(forms.Form):
    """A recovery opened from a 整改: the amount (defaulting to what was paid) and the due date."""

    amount = _amount_field("应追回金额（元）", help_text="默认为已拨付金额。")
    due_on = _date_field("追回期限")


class RepaymentForm(forms.Form):
    repaid_on = _date_field("缴回日期")
    amount = _amount_field("金额（元）")
    voucher_number = LineField(
        label="缴款凭证号", max_length=64, error_messages={"required": recovery_services.VOUCHER_REQUIRED}
    )

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {"repaid_on": data["repaid_on"], "amount": data["amount"], "voucher_number": data["voucher_number"]}
