"""Award pages. The city's (SME section and city finance only): lists, sign-offs, the notice, objections.
The public's (no login): current notices, one notice with its objection form."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.reauthentication import recent_authentication_required
from awards import permissions, selectors, services
from awards.choices import AwardListStatus
from awards.forms import PACK_REQUIRED, AwardListCreateForm, ObjectionForm, ObjectionResolveForm, PublishForm
from core.actions import form_step_view, not_found_unless
from core.audit_reads import read_record
from core.choices import AuditVerb
from core.ratelimit import rate_limit_hit
from review.sign_off_page import sign_off_page

OBJECTION_RECEIVED = (
    "您的异议已收到（受理编号 {number}）。市工信局将会同市财政局核实处理，必要时通过您留下的电话联系您。"
)
LIST_CREATED = "奖补名单已生成，共 {count} 项。请核对后实名确认。"
LIST_CONFIRMED = "已实名确认奖补名单，待市财政局企业科会签。"
LIST_COSIGNED = "已实名会签奖补名单，待市工信局中小企业科发布公示。"
NOTICE_PUBLISHED = "已发布公示：{starts:%Y年%m月%d日} 至 {ends:%Y年%m月%d日}（{days} 个工作日）。"
LIST_FINALISED = "奖补名单已定稿。"
OBJECTION_RESOLVED = "异议已处理。"
OBJECTION_UPHELD = "异议已处理：异议成立，该项目不予奖补，已告知申报企业。"


def _today() -> dt.date:
    # One place for "today", so that tests can set the date the public period is judged on.
    return timezone.localdate()


def _flash_errors(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


# City pages


@require_GET
@login_required
def index(request):
    not_found_unless(permissions.can_view_award_lists(request.user))
    lists = selectors.award_lists_with_totals(permissions.award_lists_visible_to(request.user))
    context = {
        "lists": lists,
        "can_create": permissions.is_sme_coordinator(request.user),
        "packs": selectors.packs_with_candidates() if permissions.is_sme_coordinator(request.user) else [],
        "create_form": AwardListCreateForm(),
    }
    return render(request, "awards/index.html", context)


@require_POST
@login_required
def create(request):
    not_found_unless(permissions.can_view_award_lists(request.user))
    form = AwardListCreateForm(request.POST)
    if not form.is_valid():
        messages.error(request, PACK_REQUIRED)
        return redirect("awards:index")
    try:
        award_list = services.award_list_create(actor=request.user, pack=form.cleaned_data["pack"])
    except ValidationError as exc:
        _flash_errors(request, exc)
        return redirect("awards:index")
    messages.success(request, LIST_CREATED.format(count=award_list.entries.count()))
    return redirect("awards:detail", pk=award_list.pk)


def _detail_context(request, award_list, *, publish_form=None) -> dict:
    user = request.user
    notice = getattr(award_list, "public_notice", None)
    return {
        "award_list": award_list,
        "summary": selectors.award_list_summary(award_list),
        "notice": notice,
        "can_confirm": permissions.can_confirm_award_list(user, award_list),
        "can_cosign": permissions.can_cosign_award_list(user, award_list),
        "can_publish": permissions.can_publish_award_list(user, award_list),
        "can_finalise": permissions.can_finalise_award_list(user, award_list),
        "period_over": bool(notice and _today() > notice.ends_on),
        "publish_form": publish_form
        or PublishForm(
            initial={"starts_on": _today(), "working_days": selectors.public_notice_working_days(award_list)}
        ),
    }


@require_GET
@login_required
def detail(request, pk: int):
    award_list = permissions.get_award_list_for_user_or_404(request.user, pk)
    return render(request, "awards/award_list.html", _detail_context(request, award_list))


@dataclass(frozen=True)
class _SignOff:
    """One of the list's two real-name sign-offs: whose it is, when the page offers it, the service and its
    words."""

    role: Callable[..., bool]
    may_sign: Callable[..., bool]
    service: Callable[..., object]
    action: str
    title: str
    success: str


CONFIRMATION = _SignOff(
    role=permissions.is_sme_coordinator, may_sign=permissions.can_confirm_award_list,
    service=services.award_list_confirm, action="确认", title="确认奖补名单", success=LIST_CONFIRMED,
)  # fmt: skip
COSIGNATURE = _SignOff(
    role=permissions.is_city_finance_reviewer, may_sign=permissions.can_cosign_award_list,
    service=services.award_list_cosign, action="会签", title="会签奖补名单", success=LIST_COSIGNED,
)  # fmt: skip


def _sign_off(request, pk: int, sign_off: _SignOff):
    award_list = permissions.get_award_list_for_user_or_404(request.user, pk)
    if not sign_off.role(request.user):
        raise PermissionDenied
    if request.method == "GET" and not sign_off.may_sign(request.user, award_list):
        return redirect("awards:detail", pk=award_list.pk)  # nothing to sign now: the list shows its state
    return sign_off_page(
        request, facts=selectors.award_list_sign_off_facts(award_list), action=sign_off.action,
        title=sign_off.title, subject=str(award_list),
        sign=lambda confirmed: sign_off.service(actor=request.user, award_list=award_list, confirmed=confirmed),
        back_url=reverse("awards:detail", args=[award_list.pk]), done=sign_off.success,
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
@login_required
def confirm(request, pk: int):
    return _sign_off(request, pk, CONFIRMATION)


@require_http_methods(["GET", "POST"])
@login_required
def cosign(request, pk: int):
    return _sign_off(request, pk, COSIGNATURE)


@require_POST
@login_required
@recent_authentication_required
def publish(request, pk: int):
    award_list = permissions.get_award_list_for_user_or_404(request.user, pk)
    form = PublishForm(request.POST)
    if form.is_valid():
        try:
            notice = services.public_notice_publish(
                actor=request.user, award_list=award_list, starts_on=form.cleaned_data["starts_on"],
                working_days=form.cleaned_data["working_days"], today=_today(),
            )  # fmt: skip
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request, NOTICE_PUBLISHED.format(starts=notice.starts_on, ends=notice.ends_on, days=notice.working_days)
            )
            return redirect("awards:detail", pk=award_list.pk)
    award_list.refresh_from_db()
    return render(request, "awards/award_list.html", _detail_context(request, award_list, publish_form=form))


@require_POST
@login_required
@recent_authentication_required
def finalise(request, pk: int):
    award_list = permissions.get_award_list_for_user_or_404(request.user, pk)
    try:
        services.award_list_finalise(actor=request.user, award_list=award_list, today=_today())
    except ValidationError as exc:
        _flash_errors(request, exc)
    else:
        messages.success(request, LIST_FINALISED)
    return redirect("awards:detail", pk=award_list.pk)


def _objections_page(request, award_list, *, bound: dict | None = None):
    bound = bound or {}
    objections = list(selectors.objections_of_award_list(award_list))
    rows = [
        {
            "objection": o,
            "form": bound.get(o.pk) or ObjectionResolveForm(prefix=f"o{o.pk}"),
            "can_resolve": permissions.can_resolve_objection(request.user, o),
        }
        for o in objections
    ]
    if objections:
        # The objectors' names, phones and ID numbers are on this page: who saw them is audited (issue 16 §2).
        read_record(
            request, verb=AuditVerb.OBJECTOR_IDENTITY_VIEWED, target=award_list,
            data={"objections": [o.pk for o in objections]},
        )  # fmt: skip
    context = {"award_list": award_list, "notice": getattr(award_list, "public_notice", None), "rows": rows}
    return render(request, "awards/objections.html", context)


@require_GET
@login_required
def objections(request, pk: int):
    """The only page that shows who objected (name, phone): for the two city sections."""
    award_list = permissions.get_award_list_for_user_or_404(request.user, pk)
    return _objections_page(request, award_list)


# The SME section's decision on one objection (the service refuses anyone else: 403 before the form is read);
# a refused or invalid form is shown again in the objection's row.
objection_resolve = form_step_view(
    get_or_404=permissions.get_objection_for_user_or_404,
    may_act=lambda user, _: permissions.is_sme_coordinator(user),
    form=lambda request, objection: ObjectionResolveForm(request.POST, prefix=f"o{objection.pk}"),
    call=lambda user, objection, form: services.objection_resolve(
        actor=user, objection=objection, upheld=form.upheld, resolution=form.cleaned_data["resolution"]
    ),
    then=lambda acted: reverse("awards:objections", args=[acted.target.public_notice.award_list_id]),
    done=lambda acted: OBJECTION_UPHELD if acted.form.upheld else OBJECTION_RESOLVED,
    invalid=lambda request, objection, form: _objections_page(
        request, objection.public_notice.award_list, bound={objection.pk: form}
    ),
)


# Public pages: no login, no personal data.


@require_GET
def public_list(request):
    today = _today()
    context = {
        "notices": selectors.public_notices_current(today=today),
        "past": selectors.public_notices_past(today=today),
        "today": today,
    }
    return render(request, "awards/public_list.html", context)


@require_http_methods(["GET", "POST"])
def public_notice(request, pk: int):
    notice = permissions.get_public_notice_or_404(pk)
    today = _today()
    form = ObjectionForm(request.POST if request.method == "POST" else None, notice=notice)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        # Per address, and per objector's phone number (the account of someone without one).
        refusal = rate_limit_hit(request, action="objection", account=data["phone"])
        try:
            if refusal is not None:
                status = 429
                raise ValidationError(refusal.message)
            objection = services.objection_submit(
                public_notice=notice, entry=data["entry"], name=data["name"], phone=data["phone"],
                id_number=data["id_number"], content=data["content"], today=today,
            )  # fmt: skip
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, OBJECTION_RECEIVED.format(number=objection.pk))
            return redirect("awards:public_notice", pk=notice.pk)
    is_open = notice.award_list.status == AwardListStatus.PUBLICISED and notice.is_open_on(today)
    rows = selectors.public_notice_rows(notice)
    context = {
        "notice": notice,
        "rows": rows,
        "total": sum((row.amount for row in rows), selectors.ZERO),
        "form": form,
        "is_open": is_open,
        "not_started": today < notice.starts_on,
    }
    return render(request, "awards/public_notice.html", context, status=status)
