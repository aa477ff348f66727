"""Notifications for view and selector tests."""

from __future__ import annotations

import factory
from django.utils import timezone

from notifications.choices import NotificationVerb
from notifications.models import Notification


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    verb = NotificationVerb.STATUS_CHANGED
    title = factory.Sequence(lambda n: f"您的申报“测试项目{n}”状态变为：已提交，等待县级审核")
    body = "提交申报\n当前办理：县市区/园区工信、财政部门"
    url = "/applications/"

    class Params:
        read = factory.Trait(read_at=factory.LazyFunction(timezone.now))
