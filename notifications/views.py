"""The inbox: a user's notifications, marking them read, and the unread badge in the header."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRedirect

from notifications import selectors, services
from notifications.permissions import get_notification_for_user_or_404

PAGE_SIZE = 30
# htmx event that makes the header badge fetch its count again.
CHANGED_EVENT = "notifications-changed"


@require_GET
@login_required
def inbox(request):
    page = Paginator(selectors.inbox(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "notifications/inbox.html", {"page": page})


@require_GET
def badge(request):
    """Only the badge partial, for htmx to swap into the header. After the session has ended there is
    nothing to show: 204 makes htmx leave the header alone instead of swapping a login page into it."""
    if not request.user.is_authenticated:
        return HttpResponse(status=204)
    context = {"unread_notifications": selectors.unread_count(request.user)}
    return render(request, "notifications/inbox.html#badge", context)


@require_POST
def mark_read(request, pk: int):
    """Mark one notification read: htmx swaps the row and tells the badge to refresh; without htmx, back to the inbox."""
    if not request.user.is_authenticated:
        # A whole-page redirect: htmx would otherwise swap the login page into the row.
        login = f"{reverse(settings.LOGIN_URL)}?next={reverse('notifications:inbox')}"
        return HttpResponseClientRedirect(login) if request.htmx else redirect(login)
    notification = get_notification_for_user_or_404(request.user, pk)
    notification = services.notification_mark_read(actor=request.user, notification=notification)
    if request.htmx:
        response = render(request, "notifications/inbox.html#row", {"notification": notification})
        response["HX-Trigger"] = CHANGED_EVENT
        return response
    return redirect("notifications:inbox")


@require_POST
@login_required
def mark_all_read(request):
    count = services.notifications_mark_all_read(actor=request.user)
    messages.success(request, f"已将 {count} 条消息标为已读。" if count else "没有未读消息。")
    return redirect("notifications:inbox")
