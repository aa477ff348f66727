"""Who may see and act on performance records. Deny by default: every record is reached through the
application it belongs to, so the application's scoping applies (an enterprise its own, a county its
jurisdiction, a city section its items, 中小企业科 and 财政局企业科 the city); anything else is a 404."""

from __future__ import annotations

from django.db.models import QuerySet

from applications.models import Application
from applications.permissions import applications_visible_to


def performance_applications_visible_to(user) -> QuerySet[Application]:
    """The applications whose performance records the user may see: the scoping of applications."""
    return applications_visible_to(user)


# --- targets (目标审核, 目标调整) ---


# --- monitoring (运行监控) ---


# --- evaluation (绩效评价, 整改) ---
