"""Statuses of award lists and objections."""

from django.db import models


class AwardListStatus(models.TextChoices):
    DRAFT = "draft", "待确认"
    CONFIRMED = "confirmed", "中小企业科已确认"
    COSIGNED = "cosigned", "财政局企业科已会签"
    PUBLICISED = "publicised", "公示中"
    FINAL = "final", "已定稿"


class ObjectionStatus(models.TextChoices):
    OPEN = "open", "待处理"
    UPHELD = "upheld", "异议成立"
    DISMISSED = "dismissed", "异议不成立"
