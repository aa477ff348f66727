"""Pages of 调减/撤销 and 追回: the list of what awaits each role (decisions to co-sign, 整改 asking for a recovery,
recoveries under way); an award's page of its decisions, its recovery and the repayments; the 中小企业科's
decision form; the city finance section's co-signature (review's sign-off page) and its recovery opened from a
整改; the county finance bureau's repayment form. The enterprise, its county and the city read; another county
or enterprise gets 404, a role that reads but may not act 403."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_GET, require_http_methods

from core.actions import form_step_view, not_found_unless, run_form_step
from funds import permissions, selectors
from funds.recovery_forms import AdjustmentForm, RecoveryOpenForm, RepaymentForm
from funds.services import adjustments as adjustment_services
from funds.services import recovery as services
from funds.services.common import yuan_text
from review.sign_off_page import sign_off_page

DECIDED = "已作出{kind}决定（{number}），待市财政局企业科会签后生效。"
COSIGNED = "已实名会签，{kind}决定生效；已通知企业。"
RECOVERY_OPENED = "已启动追回：应追回 {amount} 元，已通知企业和县级财政部门。"
REPAYMENT_RECORDED = "已登记追回款 {amount} 元（凭证号 {voucher}）。"
REPAY_SECTION = "repayment-form"


@require_GET
@login_required
def recovery_index(request):
    """What awaits the reader: decisions to co-sign (city finance), 整改 asking for a recovery not yet opened (city
    finance), and every recovery the reader may see."""
    user = request.user
    not_found_unless(permissions.can_view_ledger(user))
    context = {
        "pending": selectors.adjustments_awaiting_cosignature(permissions.adjustments_visible_to(user)),
        "requested": selectors.rectifications_awaiting_recovery() if permissions.can_open_recovery(user) else [],
        "recoveries": selectors.recoveries_listed(permissions.recoveries_visible_to(user)),
        "can_cosign": permissions.can_cosign_adjustment(user),
    }
    return render(request, "funds/recovery_index.html", context)


def _recovery_page(request, fund, *, status: int = 200, repay_form=None):
    user = request.user
    recovery = getattr(fund, "recovery", None)
    may_repay = (
        recovery is not None and recovery.status == "open" and permissions.can_record_repayment(user, fund.application)
    )
    context = {
        "fund": fund, "application": fund.application, "adjustments": selectors.fund_adjustments(fund),
        "recovery": recovery, "repayments": selectors.recovery_repayments(recovery) if recovery else [],
        "repay_form": (repay_form or RepaymentForm()) if may_repay else None,
        "can_decide": permissions.can_decide_adjustment(user) and fund.in_force > 0,
        "can_cosign": permissions.can_cosign_adjustment(user), "focus": REPAY_SECTION if repay_form else "",
        "is_the_enterprise": permissions.can_confirm_receipt(user, fund.application),
    }  # fmt: skip
    return render(request, "funds/recovery_detail.html", context, status=status)


@require_GET
@login_required
def recovery_detail(request, pk: int):
    """An award's 调减/撤销 decisions and its recovery (pk: the award's fund account)."""
    return _recovery_page(request, permissions.get_fund_for_user_or_404(request.user, pk))


def _recovery_url(fund_id: int) -> str:
    return reverse("funds:recovery", args=[fund_id])


@require_http_methods(["GET", "POST"])
@login_required
def adjustment_decide(request, pk: int):
    """The 中小企业科's decision form for one award."""
    fund = permissions.get_fund_for_user_or_404(request.user, pk)
    if not permissions.can_decide_adjustment(request.user):
        raise PermissionDenied
    clauses = selectors.commitment_clauses(fund.application)
    form = AdjustmentForm(request.POST if request.method == "POST" else None, clauses=clauses)
    if request.method == "POST":
        done = run_form_step(
            request, form,
            lambda: adjustment_services.adjustment_decide(actor=request.user, fund=fund, **form.service_arguments()),
            then=_recovery_url(fund.pk),
            done=lambda a: DECIDED.format(kind=a.get_kind_display(), number=a.document_number),
        )  # fmt: skip
        if done:
            return done
    context = {"fund": fund, "application": fund.application, "form": form, "clauses": clauses}
    return render(request, "funds/recovery_decide.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@login_required
def adjustment_cosign(request, pk: int):
    """The city finance section's real-name co-signature of a decision (review's sign-off page)."""
    adjustment = permissions.get_adjustment_for_user_or_404(request.user, pk)
    if not permissions.can_cosign_adjustment(request.user):
        raise PermissionDenied
    back = _recovery_url(adjustment.fund_id)
    if request.method == "GET" and adjustment.status != "decided":
        return redirect(back)  # nothing to sign now: the award's page shows the decision in force
    kind = adjustment.get_kind_display()
    return sign_off_page(
        request, facts=adjustment_services.adjustment_sign_off_facts(adjustment), action="会签",
        title=f"会签{kind}奖补决定", subject=f"{adjustment.fund.application.enterprise.name}：{kind}奖补",
        sign=lambda confirmed: adjustment_services.adjustment_cosign(
            actor=request.user, adjustment=adjustment, confirmed=confirmed
        ),
        back_url=back, done=COSIGNED.format(kind=kind),
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
@login_required
def recovery_open(request, pk: int):
    """The city finance section opens the recovery a 整改 asked for (pk: the 整改)."""
    rectification = permissions.get_rectification_for_recovery_or_404(request.user, pk)
    fund = selectors.fund_of_application(rectification.application_id)
    paid = fund.paid if fund else None
    form = RecoveryOpenForm(request.POST if request.method == "POST" else None, initial={"amount": paid})
    if request.method == "POST":
        done = run_form_step(
            request, form,
            lambda: services.recovery_open_from_rectification(
                actor=request.user, rectification=rectification, amount=form.cleaned_data["amount"],
                due_on=form.cleaned_data["due_on"],
            ),
            then=lambda recovery: _recovery_url(recovery.fund_id),
            done=lambda recovery: RECOVERY_OPENED.format(amount=yuan_text(recovery.due)),
        )  # fmt: skip
        if done:
            return done
    context = {"rectification": rectification, "application": rectification.application, "fund": fund, "form": form}
    return render(request, "funds/recovery_open.html", context, status=400 if form.errors else 200)


repayment_record = form_step_view(
    get_or_404=permissions.get_recovery_for_user_or_404,
    may_act=lambda user, recovery: permissions.can_record_repayment(user, recovery.fund.application),
    form=lambda request, recovery: RepaymentForm(request.POST),
    call=lambda user, recovery, form: services.repayment_record(
        actor=user, recovery=recovery, **form.service_arguments()
    ),
    then=lambda acted: _recovery_url(acted.target.fund_id),
    done=lambda acted: REPAYMENT_RECORDED.format(
        amount=yuan_text(acted.result.amount), voucher=acted.result.voucher_number
    ),
    invalid=lambda request, recovery, form: _recovery_page(
        request, permissions.get_fund_for_user_or_404(request.user, recovery.fund_id), status=400, repay_form=form
    ),
)


urlpatterns = [
    path("recoveries/", recovery_index, name="recovery_index"),
    path("awards/<int:pk>/recovery/", recovery_detail, name="recovery"),
    path("awards/<int:pk>/adjust/", adjustment_decide, name="adjustment_decide"),
    path("adjustments/<int:pk>/cosign/", adjustment_cosign, name="adjustment_cosign"),
    path("rectifications/<int:pk>/recovery/", recovery_open, name="recovery_open"),
    path("recoveries/<int:pk>/repay/", repayment_record, name="repayment_record"),
]
