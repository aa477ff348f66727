"""Who may see a notification: its recipient, nobody else. Deny by default."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from notifications.models import Notification


def may_read_notifications(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def notifications_of_recipient(recipient_id: int) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient_id=recipient_id)


def notifications_visible_to(user) -> QuerySet[Notification]:
    if not may_read_notifications(user):
        return Notification.objects.none()
    return notifications_of_recipient(user.pk)


def get_notification_for_user_or_404(user, pk: int) -> Notification:
    """Another user's notification is simply not found."""
    return get_object_or_404(notifications_visible_to(user), pk=pk)
