from django.db import models


class ConfirmationStatus(models.TextChoices):
    PENDING = "pending", "待县级工信部门确认"
    CONFIRMED = "confirmed", "已确认"
    REJECTED = "rejected", "未通过确认"


class EnterpriseNature(models.TextChoices):
    STATE_OWNED = "state_owned", "国企"
    PRIVATE = "private", "民营"
    FOREIGN_INVESTED = "foreign_invested", "三资"
    OTHER = "other", "其他"
