"""Login, logout, password change, and the enterprises officials may see in their jurisdiction."""

from __future__ import annotations

import django_otp
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods

from accounts import permissions, second_factor, services
from accounts.forms import OTP_CODE_WRONG, ChangePasswordForm, LoginForm, OTPCodeForm
from core.masking import mask_mobile


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if form.rate_limited:
            response.status_code = 429
        return response


@require_http_methods(["GET", "POST"])
@login_required
def password_change(request):
    form = ChangePasswordForm(request.user, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.user_change_password(
            actor=request.user, user=request.user, new_password=form.cleaned_data["new_password1"]
        )
        update_session_auth_hash(request, request.user)
        messages.success(request, "密码已修改。")
        return redirect("dashboard:home")
    return render(request, "accounts/password_change.html", {"form": form})


def _next_or_home(request):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return redirect(target)
    return redirect("dashboard:home")


def _second_factor_passed(request, device) -> None:
    django_otp.login(request, device)
    second_factor.authenticated_now(request.session)


@require_http_methods(["GET", "POST"])
@login_required
def otp_enrol(request):
    """Enrolment of the second factor: scan the QR code (or type the key) into an authenticator app, then enter
    the first code it shows. Officials and administrators must; an enterprise user may."""
    if second_factor.confirmed_device(request.user) is not None:
        return redirect("accounts:otp_verify") if not request.user.is_verified() else _next_or_home(request)
    device = services.otp_device_start(actor=request.user)
    form = OTPCodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if services.otp_device_confirm(actor=request.user, device=device, token=form.cleaned_data["token"]):
            device.refresh_from_db()
            _second_factor_passed(request, device)
            messages.success(request, "动态口令已启用，今后登录时需输入验证器上的动态口令。")
            return _next_or_home(request)
        form.add_error("token", OTP_CODE_WRONG)
    context = {
        "form": form, "qr": second_factor.device_qr_data_uri(device), "secret": second_factor.device_secret(device),
        "next": request.GET.get("next", request.POST.get("next", "")),
        "required": permissions.needs_second_factor(request.user),
    }  # fmt: skip
    return render(request, "accounts/otp_enrol.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@login_required
def otp_verify(request):
    """The login's second step: the code of the enrolled device."""
    if second_factor.confirmed_device(request.user) is None:
        return redirect("accounts:otp_enrol")
    if request.user.is_verified():
        return _next_or_home(request)
    form = OTPCodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        device = services.otp_verify(actor=request.user, token=form.cleaned_data["token"])
        if device is not None:
            _second_factor_passed(request, device)
            return _next_or_home(request)
        form.add_error("token", OTP_CODE_WRONG)
    context = {"form": form, "next": request.GET.get("next", request.POST.get("next", ""))}
    return render(request, "accounts/otp_verify.html", context, status=400 if form.errors else 200)


@require_GET
@login_required
def enterprise_list(request):
    if not (permissions.is_county_reviewer(request.user) or permissions.is_city_official(request.user)):
        raise Http404
    enterprises = permissions.enterprises_visible_to(request.user).order_by("jurisdiction__sort_order", "name")
    query = request.GET.get("q", "").strip()
    if query:
        enterprises = enterprises.filter(name__icontains=query)
    page = Paginator(enterprises, 50).get_page(request.GET.get("page"))
    return render(request, "accounts/enterprise_list.html", {"page": page, "query": query})


@require_GET
@login_required
def enterprise_detail(request, pk: int):
    enterprise = permissions.get_enterprise_for_user_or_404(request.user, pk)
    members = [
        {"user": u, "mobile": mask_mobile(u.mobile)} for u in permissions.members_visible_to(request.user, enterprise)
    ]
    return render(request, "accounts/enterprise_detail.html", {"enterprise": enterprise, "members": members})
