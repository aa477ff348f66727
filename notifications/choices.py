"""What kind of message a notification is."""

from django.db import models


class NotificationVerb(models.TextChoices):
    STATUS_CHANGED = "status_changed", "申报状态变更"
    ACTION_REQUIRED = "action_required", "待办"
    REMINDER = "reminder", "截止提醒"
    ELIGIBILITY_PUSH = "eligibility_push", "政策推送"
