"""Statuses of allocation documents and of the enterprise's receipt of each disbursement."""

from django.db import models


class AllocationStatus(models.TextChoices):
    DRAFT = "draft", "待确认"
    CONFIRMED = "confirmed", "财政局企业科已确认"
    ISSUED = "issued", "中小企业科已会签，已下达"


class DisbursementKind(models.TextChoices):
    PAYMENT = "payment", "拨付"
    REVERSAL = "reversal", "冲销"


class ReceiptStatus(models.TextChoices):
    PENDING = "pending", "待企业确认"
    CONFIRMED = "confirmed", "已确认到账"
    DISPUTED = "disputed", "存在差异"
    CORRECTED = "corrected", "已更正"
    NOT_APPLICABLE = "not_applicable", "无需确认"  # a reversal is the county's own book entry


class AdjustmentKind(models.TextChoices):
    REDUCE = "reduce", "调减"
    REVOKE = "revoke", "撤销"


class AdjustmentStatus(models.TextChoices):
    DECIDED = "decided", "中小企业科已决定，待财政局企业科会签"
    IN_FORCE = "in_force", "已会签生效"


class RecoveryStatus(models.TextChoices):
    OPEN = "open", "追回中"
    SETTLED = "settled", "已追回"
