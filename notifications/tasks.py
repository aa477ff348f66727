"""Work that runs after commit. Functions take primary keys: they read the committed rows themselves."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mass_mail

from notifications.models import Notification

logger = logging.getLogger(__name__)

EMAIL_SUBJECT = "【衡阳市工信领域奖补资金申报平台】{title}"
EMAIL_FOOTER = "请登录衡阳市工信领域奖补资金申报平台查看：{url}\n\n本邮件由系统自动发送，请勿回复。"


def email_configured() -> bool:
    """Django's default EMAIL_HOST is "localhost": a server whose settings never mention email would try
    port 25 on every transition. Email is on only when the settings set a non-empty EMAIL_HOST."""
    return settings.is_overridden("EMAIL_HOST") and bool(settings.EMAIL_HOST)


def _absolute(url: str) -> str:
    base = getattr(settings, "SITE_URL", "").rstrip("/")
    return f"{base}{url}" if base else url


def notification_emails_send(*, notification_ids: list[int]) -> int:
    """Email copies of in-app notifications. A mail failure is logged and swallowed: the notification is
    already in the inbox, and the change that caused it has been committed and must not look failed."""
    try:
        notifications = Notification.objects.filter(pk__in=notification_ids).select_related("recipient")
        messages = [
            (
                EMAIL_SUBJECT.format(title=n.title),
                "\n\n".join(part for part in (n.title, n.body, EMAIL_FOOTER.format(url=_absolute(n.url))) if part),
                settings.DEFAULT_FROM_EMAIL,
                [n.recipient.email],
            )
            for n in notifications
            if n.recipient.email
        ]
        return send_mass_mail(messages, fail_silently=False) if messages else 0
    except Exception:
        logger.exception("Sending notification emails failed (notifications %s)", notification_ids)
        return 0
