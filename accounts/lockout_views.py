"""The 登录锁定 page: the system and security administrators see which user names are locked out at which address,
and clear a lockout (accounts.lockout.login_lockout_clear, audited)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from accounts import lockout, permissions

# User-facing message (tests import it).
LOCKOUT_CLEARED = "已解除用户名 {username} 在地址 {ip} 的登录锁定，该用户现在可以重新登录。"


@require_GET
@login_required
def lockout_list(request):
    if not permissions.can_view_login_lockouts(request.user):
        raise Http404
    rows = [
        {
            "attempt": attempt,
            "can_clear": lockout.login_lockout_clear_allowed(request.user, attempt),
            "clearer": lockout.login_lockout_clearer(attempt),
        }
        for attempt in lockout.login_lockouts_current()
    ]
    return render(request, "accounts/lockouts.html", {"rows": rows})


@require_POST
@login_required
def lockout_clear(request, pk: int):
    if not permissions.can_view_login_lockouts(request.user):
        raise Http404
    attempt = lockout.login_lockout_clear(actor=request.user, attempt_id=pk)
    messages.success(request, LOCKOUT_CLEARED.format(username=attempt.username, ip=attempt.ip_address))
    return redirect("accounts:lockouts")
