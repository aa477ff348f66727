"""Login, logout, password change, and the enterprises officials may see in their jurisdiction."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from accounts import permissions, services
from accounts.forms import ChangePasswordForm, LoginForm
from core.masking import mask_mobile


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


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
