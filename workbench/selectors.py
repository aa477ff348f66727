"""Reads for the workbench: the published packs a draft may start from."""

from __future__ import annotations

from django.db.models import QuerySet

from policies.choices import PackStatus
from policies.models import PolicyPack


def published_packs() -> QuerySet[PolicyPack]:
    return PolicyPack.objects.filter(status=PackStatus.PUBLISHED).defer("data").order_by("-year", "pack_id", "-version")
