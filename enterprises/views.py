"""Registration, the county's confirmation of new accounts, and the enterprise's members."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import permissions as base
from accounts.models import User
from core.actions import run_action
from core.forms import BAD_VERSION, posted_version
from core.guide import Guide
from core.ratelimit import rate_limit_hit
from enterprises import permissions, selectors, services
from enterprises.forms import IdentityChangeForm, MemberForm, RegistrationForm, RejectForm
from enterprises.models import EnterpriseProfile
from enterprises.profile_schema import PROFILE_FORM_ID, answers_to_profile, profile_form, profile_to_answers
from policies.formengine.paths import field_name
from policies.formengine.post import parse_submission
from policies.formengine.progress import forms_progress
from policies.formengine.render import render_sections
from policies.formengine.validate import missing_required, validate_answers
from policies.selectors import published_notice_years


@require_http_methods(["GET", "POST"])
def register(request):
    if request.user.is_authenticated:
        return redirect("dashboard:home")
    form = RegistrationForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and form.is_valid():
        refusal = rate_limit_hit(request, action="registration")
        try:
            if refusal is not None:
                status = 429
                raise ValidationError(refusal.message)
            profile = services.enterprise_register(
                **{k: v for k, v in form.cleaned_data.items() if k not in ("password_again", "captcha")}
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            user = User.objects.get(username=form.cleaned_data["username"])
            login(request, user, backend="accounts.backends.UserBackend")
            messages.success(
                request,
                f"注册成功。账号需经{profile.organisation.jurisdiction}工信部门确认后才能新建申报、上传材料；"
                "在此之前可以完善企业档案。",
            )
            return redirect("enterprises:profile")
    return render(request, "enterprises/register.html", {"form": form}, status=status)


@require_GET
@login_required
def pending_list(request):
    if not permissions.can_confirm_enterprises(request.user):
        raise Http404
    profiles = selectors.profiles_pending_for_county(jurisdiction_id=request.user.organisation.jurisdiction_id)
    return render(request, "enterprises/pending_list.html", {"profiles": profiles, "reject_form": RejectForm()})


def _pending_profile(request, pk: int) -> EnterpriseProfile:
    profile = permissions.get_profile_for_user_or_404(request.user, pk)
    if not permissions.can_confirm_enterprise(request.user, profile):
        raise Http404
    return profile


@require_POST
@login_required
def confirm(request, pk: int):
    profile = _pending_profile(request, pk)
    what = "名称或代码变更" if profile.is_confirmed else "企业账号"
    return run_action(
        request, lambda: services.enterprise_confirm(actor=request.user, profile=profile),
        then="enterprises:pending_list", done=f"已确认“{profile.organisation.name}”的{what}。",
    )  # fmt: skip


@require_POST
@login_required
def reject(request, pk: int):
    profile = _pending_profile(request, pk)
    form = RejectForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写不予确认的理由。")
        return redirect("enterprises:pending_list")
    return run_action(
        request,
        lambda: services.enterprise_reject(actor=request.user, profile=profile, reason=form.cleaned_data["reason"]),
        then="enterprises:pending_list",
        done=f"已将“{profile.organisation.name}”的{'名称或代码变更' if profile.is_confirmed else '企业账号'}标记为未通过确认，企业可看到理由。",
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
@login_required
def members(request):
    enterprise = request.user.organisation
    if not base.is_enterprise_user(request.user):
        raise Http404
    can_manage = permissions.can_manage_members(request.user, enterprise)
    form = MemberForm(request.POST if request.method == "POST" else None) if can_manage else None
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.member_add(actor=request.user, enterprise=enterprise, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, f"已为{form.cleaned_data['full_name']}开通经办人账号。")
                return redirect("enterprises:members")
    people = base.members_visible_to(request.user, enterprise)
    return render(request, "enterprises/members.html", {"people": people, "form": form, "can_manage": can_manage})


@require_POST
@login_required
def member_remove(request, pk: int):
    member = get_object_or_404(base.members_visible_to(request.user, request.user.organisation), pk=pk)
    return run_action(
        request, lambda: services.member_remove(actor=request.user, member=member),
        then="enterprises:members", done=f"已停用{member.full_name}的账号。",
    )  # fmt: skip


PROFILE_NOTHING_POSTED = "未收到档案内容（页面可能未完整加载），档案未作修改。请刷新页面后重新填写保存。"


@require_http_methods(["GET", "POST"])
@login_required
def profile(request):
    """一企一档: the enterprise's profile, rendered by the form engine; every save is a revision."""
    if not base.is_enterprise_user(request.user):
        raise Http404
    record = selectors.profile_of(request.user.organisation_id)
    if record is None:  # an enterprise account made by an administrator, not through 企业注册
        return render(request, "enterprises/profile_missing.html", status=404)
    notice_years = published_notice_years()
    form = profile_form(notice_years)
    answers, errors, raw = profile_to_answers(record.data, notice_years), {}, {}
    refused = False
    if request.method == "POST":
        answers, errors, raw = parse_submission([form], request.POST)
        errors = {**validate_answers([form], answers, complete=False), **errors}
        expected = posted_version(request.POST)
        prefix = field_name(PROFILE_FORM_ID, "")
        if not any(key.startswith(prefix) for key in request.POST):
            # A post without the form's boxes (a cut-off page, a hand-made request) would store an empty profile.
            messages.error(request, PROFILE_NOTHING_POSTED)
            answers, errors, raw, refused = profile_to_answers(record.data, notice_years), {}, {}, True
        elif expected is None:
            messages.error(request, BAD_VERSION)
            refused = True
        elif not errors:
            try:
                services.profile_update(
                    actor=request.user, profile=record, changes=answers_to_profile(answers, notice_years),
                    expected_version=expected,
                )  # fmt: skip
            except ValidationError as exc:
                messages.error(request, "；".join(exc.messages))
            else:
                record.refresh_from_db()
                if record.pending_name and record.pending_name != record.organisation.name:
                    messages.success(request, "企业档案已保存。" + IDENTITY_CHANGE_REQUESTED.format(
                        jurisdiction=record.organisation.jurisdiction))  # fmt: skip
                else:
                    messages.success(request, "企业档案已保存。")
                return redirect("enterprises:profile")
        if errors and not refused:
            messages.error(request, f"有 {len(errors)} 处填写有误，已在对应位置标出；其他内容已保留，请更正后再保存。")
    context = _profile_context(record, answers=answers, errors=errors, raw=raw, notice_years=notice_years)
    return render(request, "enterprises/profile.html", context, status=400 if errors or refused else 200)


def _profile_context(record, *, answers, errors, raw, notice_years, identity_form=None) -> dict:
    form = profile_form(notice_years)
    sections = render_sections([form], answers, errors, raw)
    return {
        "record": record,
        "sections": sections,
        "guide": Guide(forms_progress(sections)),
        "missing": missing_required([form], answers),
        "revisions": record.revisions.select_related("changed_by")[:10],
        "identity_form": identity_form
        or IdentityChangeForm(
            initial={
                "name": record.pending_name or record.organisation.name,
                "uscc": record.pending_uscc or record.uscc,
            }
        ),
    }


IDENTITY_CHANGE_REQUESTED = (
    "变更申请已提交，待{jurisdiction}工信部门确认；确认前，申报书、名单和公示仍使用原登记的名称和代码。"
)


@require_POST
@login_required
def identity_change(request):
    """A new name or code for the enterprise, kept apart until the county confirms it (issue 16 §5)."""
    if not base.is_enterprise_user(request.user):
        raise Http404
    record = get_object_or_404(EnterpriseProfile, organisation=request.user.organisation)
    form = IdentityChangeForm(request.POST)
    if form.is_valid():
        try:
            services.enterprise_identity_change_request(
                actor=request.user, profile=record, name=form.cleaned_data["name"], uscc=form.cleaned_data["uscc"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, IDENTITY_CHANGE_REQUESTED.format(jurisdiction=record.organisation.jurisdiction))
            return redirect(f"{reverse('enterprises:profile')}#identity-change")
    notice_years = published_notice_years()
    context = _profile_context(
        record, answers=profile_to_answers(record.data, notice_years), errors={}, raw={}, notice_years=notice_years,
        identity_form=form,
    )  # fmt: skip
    context["focus"] = "identity-change"
    return render(request, "enterprises/profile.html", context, status=400)
