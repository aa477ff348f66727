"""The states of a pack draft on the workbench."""

from django.db import models


class DraftStatus(models.TextChoices):
    EDITING = "editing", "编辑中"
    SUBMITTED = "submitted", "待审批"
    RETURNED = "returned", "已退回修改"
    PUBLISHED = "published", "已发布"


EDITABLE_STATUSES = (DraftStatus.EDITING, DraftStatus.RETURNED)
