"""资金下达 pages: the allocations a reader may see, with the final lists awaiting one (市财政局企业科); drafting an
allocation from a final list (文号, 下达日期, 预算科目 prefilled from the pack) with its amounts per county; one
allocation (its lines per county and the reader's awards); the real-name 确认 (企业科) and 会签 (中小企业科)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from core.actions import not_found_unless, run_form_step
from funds import permissions, selectors
from funds.choices import AllocationStatus
from funds.forms import AllocationCreateForm
from funds.models import YUAN_PER_WAN, Allocation
from funds.services import allocation as services
from review.sign_off_page import sign_off_page

ALLOCATION_CREATED = "资金下达已生成（{number}），共 {count} 个项目。请核对各县市区（园区）金额后以本人实名确认。"
ALLOCATION_CONFIRMED = "已实名确认资金下达，待市工信局中小企业科会签。"
ALLOCATION_COSIGNED = "已实名会签，资金已下达：各县市区（园区）财政部门可以登记拨付。"
CREATE_SECTION = "allocation-create"
PAGE_SIZE = 50


@require_GET
@login_required
def allocation_index(request):
    user = request.user
    not_found_unless(permissions.can_view_allocations(user))
    can_create = permissions.can_create_allocation(user)
    context = {
        "allocations": selectors.allocations_with_totals(permissions.allocations_visible_to(user)),
        "awaiting": selectors.award_lists_awaiting_allocation() if can_create else [],
        "can_create": can_create,
    }
    return render(request, "funds/allocation_index.html", context)


def _award_list_awaiting_or_404(user, pk: int):
    """A final list with no allocation yet, for the city finance section only (anyone else: not found)."""
    not_found_unless(permissions.can_create_allocation(user))
    return get_object_or_404(selectors.award_lists_awaiting_allocation(), pk=pk)


def _create_page(request, award_list, form, *, status: int = 200):
    preview = selectors.allocation_preview(award_list)
    context = {
        "award_list": award_list, "form": form, "preview": preview, "status": status,
        "count": sum(row["count"] for row in preview), "total": sum(row["total"] for row in preview),
        "focus": CREATE_SECTION if status != 200 else "",
    }  # fmt: skip
    return render(request, "funds/allocation_create.html", context, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def allocation_create(request, pk: int):
    award_list = _award_list_awaiting_or_404(request.user, pk)
    subject = selectors.budget_subject_default(award_list)
    if request.method == "GET":
        initial = {"issued_on": timezone.localdate(), "budget_subject": subject}
        return _create_page(request, award_list, AllocationCreateForm(initial=initial, default_subject=subject))
    form = AllocationCreateForm(request.POST, default_subject=subject)

    def create():
        data = form.cleaned_data
        return services.allocation_create(
            actor=request.user, award_list=award_list, document_number=data["document_number"],
            issued_on=data["issued_on"], budget_subject=data["budget_subject"],
        )  # fmt: skip

    done = run_form_step(
        request, form, create, then=lambda allocation: reverse("funds:allocation", args=[allocation.pk]),
        done=lambda allocation: ALLOCATION_CREATED.format(
            number=allocation.document_number, count=services.allocation_sign_off_facts(allocation).count
        ),
    )  # fmt: skip
    return done or _create_page(request, award_list, form, status=400)


@require_GET
@login_required
def allocation_detail(request, pk: int):
    user = request.user
    not_found_unless(permissions.can_view_allocations(user))
    allocation = permissions.get_allocation_for_user_or_404(user, pk)
    lines = list(selectors.allocation_lines(allocation))
    funds = selectors.allocation_funds(allocation, permissions.funds_visible_to(user))
    context = {
        "allocation": allocation, "lines": lines, "facts": services.allocation_sign_off_facts(allocation),
        "lines_awarded": sum(line.awarded for line in lines), "lines_amount": sum(line.amount for line in lines),
        "page": Paginator(funds, PAGE_SIZE).get_page(request.GET.get("page")),
        "can_confirm": SIGN_OFFS["confirm"].may_sign(user, allocation),
        "can_cosign": SIGN_OFFS["cosign"].may_sign(user, allocation), "yuan_per_wan": YUAN_PER_WAN,
        # The payment instructions for the budget system: finance roles, once the money is issued.
        "can_export_payments": permissions.sees_full_account(user) and allocation.status == AllocationStatus.ISSUED,
    }  # fmt: skip
    return render(request, "funds/allocation_detail.html", context)


@dataclass(frozen=True)
class _SignOff:
    """One of the allocation's two real-name sign-offs: whose it is, in which state, the service and its words."""

    role: Callable[..., bool]
    status: str
    service: Callable[..., object]
    action: str
    title: str
    success: str

    def may_sign(self, user, allocation: Allocation) -> bool:
        return self.role(user) and allocation.status == self.status


SIGN_OFFS = {
    "confirm": _SignOff(
        role=permissions.can_create_allocation, status=AllocationStatus.DRAFT, service=services.allocation_confirm,
        action="确认", title="确认资金下达", success=ALLOCATION_CONFIRMED,
    ),
    "cosign": _SignOff(
        role=permissions.can_cosign_allocation, status=AllocationStatus.CONFIRMED,
        service=services.allocation_cosign, action="会签", title="会签资金下达", success=ALLOCATION_COSIGNED,
    ),
}  # fmt: skip


def _sign_off(request, pk: int, sign_off: _SignOff):
    not_found_unless(permissions.can_view_allocations(request.user))
    allocation = permissions.get_allocation_for_user_or_404(request.user, pk)
    if not sign_off.role(request.user):
        raise PermissionDenied
    if request.method == "GET" and not sign_off.may_sign(request.user, allocation):
        return redirect("funds:allocation", pk=allocation.pk)  # nothing to sign now: the page shows its state
    return sign_off_page(
        request, facts=services.allocation_sign_off_facts(allocation), action=sign_off.action, title=sign_off.title,
        subject=str(allocation),
        sign=lambda confirmed: sign_off.service(actor=request.user, allocation=allocation, confirmed=confirmed),
        back_url=reverse("funds:allocation", args=[allocation.pk]), done=sign_off.success,
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
@login_required
def allocation_confirm(request, pk: int):
    return _sign_off(request, pk, SIGN_OFFS["confirm"])


@require_http_methods(["GET", "POST"])
@login_required
def allocation_cosign(request, pk: int):
    return _sign_off(request, pk, SIGN_OFFS["cosign"])


urlpatterns = [
    path("allocations/", allocation_index, name="allocation_index"),
    path("allocations/new/<int:pk>/", allocation_create, name="allocation_create"),
    path("allocations/<int:pk>/", allocation_detail, name="allocation"),
    path("allocations/<int:pk>/confirm/", allocation_confirm, name="allocation_confirm"),
    path("allocations/<int:pk>/cosign/", allocation_cosign, name="allocation_cosign"),
]
