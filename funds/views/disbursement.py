"""An award's fund page (拨付): its figures and every payment. The county finance bureau of the enterprise's
jurisdiction records payments (partial ones allowed; an overpayment is refused at the amount, with all typed
values kept) and corrects a disputed one; the enterprise confirms each payment's receipt or reports a
discrepancy. The receiving account number is masked except to finance roles."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from core.actions import button_view, form_step_view
from funds import permissions, selectors
from funds.choices import DisbursementKind, ReceiptStatus
from funds.forms import CorrectionForm, DisbursementForm, DiscrepancyForm
from funds.services import disbursements as services
from funds.workflow import TRANSITIONS

PAYMENT_RECORDED = "已登记拨付 {amount} 元（凭证号 {voucher}），已通知企业确认到账。"
RECEIPT_CONFIRMED = "已确认到账 {amount} 元。"
DISCREPANCY_REPORTED = "已报告到账差异，县级财政部门将核实更正。"
PAYMENT_CORRECTED = "已更正该笔拨付：原记录已冲销{paid}，已通知企业。"
PAY_SECTION = "payment-form"


def _payment_rows(request, fund, bound: dict):
    """Each payment with the account as the reader may read it and, where the reader may act on it, its form."""
    user = request.user
    may_answer = permissions.can_confirm_receipt(user, fund.application)
    may_correct = permissions.can_pay(user, fund.application)
    rows = []
    for disbursement in selectors.fund_disbursements(fund):
        pending = disbursement.kind == DisbursementKind.PAYMENT and disbursement.receipt_status == ReceiptStatus.PENDING
        disputed = disbursement.receipt_status == ReceiptStatus.DISPUTED
        row = {"disbursement": disbursement, "account_number": permissions.account_number_for(user, disbursement)}
        if may_answer and pending:
            row["dispute_form"] = bound.get(("dispute", disbursement.pk)) or DiscrepancyForm(
                prefix=f"d{disbursement.pk}"
            )
        if may_correct and disputed:
            row["correct_form"] = bound.get(("correct", disbursement.pk)) or CorrectionForm(
                prefix=f"c{disbursement.pk}", initial={"amount": disbursement.amount, "paid_on": timezone.localdate()}
            )
        rows.append(row)
    return rows


def _last_account(rows) -> dict:
    """The receiving account of the last payment: a second payment goes to the same account as a rule."""
    for row in reversed(rows):
        d = row["disbursement"]
        return {"bank_name": d.bank_name, "account_name": d.account_name, "account_number": d.account_number}
    return {}


def _fund_page(request, fund, *, status: int = 200, focus: str = "", pay_form=None, bound: dict | None = None):
    user = request.user
    rows = _payment_rows(request, fund, bound or {})
    can_pay = (
        permissions.can_pay(user, fund.application)
        and fund.status in TRANSITIONS["disburse"].sources
        and fund.payable > 0  # nothing left to pay, or money is due back: no form that can only be refused
    )
    if can_pay and pay_form is None:
        pay_form = DisbursementForm(initial={"paid_on": timezone.localdate(), **_last_account(rows)})
    context = {
        "fund": fund, "application": fund.application, "rows": rows,
        "pay_form": pay_form if can_pay else None, "focus": focus,
        "full_account": permissions.sees_full_account(user), "can_view_allocation": permissions.can_view_allocations(user),
    }  # fmt: skip
    return render(request, "funds/fund.html", context, status=status)


@require_GET
@login_required
def fund_detail(request, pk: int):
    return _fund_page(request, permissions.get_fund_for_user_or_404(request.user, pk))


def _fund_url(fund) -> str:
    return reverse("funds:fund", args=[fund.pk])


def _paid_text(result) -> str:
    return PAYMENT_RECORDED.format(amount=services.yuan_text(result.amount), voucher=result.voucher_number)


payment_record = form_step_view(
    get_or_404=permissions.get_fund_for_user_or_404,
    may_act=lambda user, fund: permissions.can_pay(user, fund.application),
    form=lambda request, fund: DisbursementForm(request.POST),
    call=lambda user, fund, form: services.disbursement_record(
        actor=user, application=fund.application, **form.service_arguments()
    ),
    then=lambda acted: _fund_url(acted.target),
    done=lambda acted: _paid_text(acted.result),
    invalid=lambda request, fund, form: _fund_page(request, fund, status=400, focus=PAY_SECTION, pay_form=form),
)


def _disbursement_fund(request, disbursement):
    return permissions.get_fund_for_user_or_404(request.user, disbursement.fund_id)


receipt_confirm = button_view(
    get_or_404=permissions.get_disbursement_for_user_or_404,
    may_act=lambda user, d: permissions.can_confirm_receipt(user, d.fund.application),
    call=lambda user, d: services.disbursement_receipt_confirm(actor=user, disbursement=d),
    then=lambda acted: reverse("funds:fund", args=[acted.target.fund_id]),
    done=lambda acted: RECEIPT_CONFIRMED.format(amount=services.yuan_text(acted.result.amount)),
)

discrepancy_report = form_step_view(
    get_or_404=permissions.get_disbursement_for_user_or_404,
    may_act=lambda user, d: permissions.can_confirm_receipt(user, d.fund.application),
    form=lambda request, d: DiscrepancyForm(request.POST, prefix=f"d{d.pk}"),
    call=lambda user, d, form: services.disbursement_discrepancy_report(
        actor=user, disbursement=d, reason=form.cleaned_data["reason"]
    ),
    then=lambda acted: reverse("funds:fund", args=[acted.target.fund_id]),
    done=DISCREPANCY_REPORTED,
    invalid=lambda request, d, form: _fund_page(
        request, _disbursement_fund(request, d), status=400, focus=f"payment-{d.pk}", bound={("dispute", d.pk): form}
    ),
)


def _corrected_text(written) -> str:
    paid = [d for d in written if d.kind == DisbursementKind.PAYMENT]
    return PAYMENT_CORRECTED.format(paid=f"，登记实际拨付 {services.yuan_text(paid[0].amount)} 元" if paid else "")


disbursement_correct = form_step_view(
    get_or_404=permissions.get_disbursement_for_user_or_404,
    may_act=lambda user, d: permissions.can_pay(user, d.fund.application),
    form=lambda request, d: CorrectionForm(request.POST, prefix=f"c{d.pk}"),
    call=lambda user, d, form: services.disbursement_correct(
        actor=user, disbursement=d, amount=form.cleaned_data["amount"], paid_on=form.cleaned_data["paid_on"],
        voucher_number=form.cleaned_data["voucher_number"], reason=form.cleaned_data["reason"],
    ),
    then=lambda acted: reverse("funds:fund", args=[acted.target.fund_id]),
    done=lambda acted: _corrected_text(acted.result),
    invalid=lambda request, d, form: _fund_page(
        request, _disbursement_fund(request, d), status=400, focus=f"payment-{d.pk}", bound={("correct", d.pk): form}
    ),
)  # fmt: skip


urlpatterns = [
    path("awards/<int:pk>/", fund_detail, name="fund"),
    path("awards/<int:pk>/pay/", payment_record, name="payment_record"),
    path("payments/<int:pk>/confirm/", receipt_confirm, name="receipt_confirm"),
    path("payments/<int:pk>/dispute/", discrepancy_report, name="discrepancy_report"),
    path("payments/<int:pk>/correct/", disbursement_correct, name="disbursement_correct"),
]
