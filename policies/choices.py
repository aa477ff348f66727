from django.db import models


class PackStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    PUBLISHED = "published", "已发布"
    RETIRED = "retired", "已停用"


class SupportMethod(models.TextChoices):
    AWARD = "award", "奖励"
    SUBSIDY = "subsidy", "补助"
    INTEREST_SUBSIDY = "interest_subsidy", "贴息"
