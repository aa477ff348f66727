"""政策推送: the notices a county sent to enterprises that probably qualify, and the enterprises that muted them."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from accounts.models import Organisation
from policies.models import PolicyPack


class PushNotice(models.Model):
    """A county told an enterprise that it probably qualifies for an item: one row per (enterprise, item) told,
    so that the same item is not pushed again within services.PUSH_REPEAT_DAYS."""

    enterprise = models.ForeignKey(Organisation, verbose_name="企业", on_delete=models.CASCADE, related_name="+")
    pack = models.ForeignKey(PolicyPack, verbose_name="政策包", on_delete=models.CASCADE, related_name="+")
    item_number = models.PositiveSmallIntegerField("支持事项序号")
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="通知人", on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField("通知时间", db_index=True)

    class Meta:
        verbose_name = "政策推送记录"
        verbose_name_plural = "政策推送记录"
        indexes = [models.Index(fields=["pack", "enterprise", "item_number"], name="pushnotice_lookup")]

    def __str__(self) -> str:
        return f"{self.enterprise_id} {self.item_number} {self.sent_at:%Y-%m-%d}"


class PushMute(models.Model):
    """An enterprise that does not want these notices; its county still sees it in the list, marked as muted."""

    enterprise = models.OneToOneField(
        Organisation, verbose_name="企业", on_delete=models.CASCADE, related_name="push_mute"
    )
    muted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="设置人", on_delete=models.PROTECT, related_name="+"
    )
    muted_at = models.DateTimeField("设置时间")

    class Meta:
        verbose_name = "不接收政策推送"
        verbose_name_plural = "不接收政策推送"

    def __str__(self) -> str:
        return str(self.enterprise_id)
