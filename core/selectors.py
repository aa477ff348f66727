"""Reads of the audit log."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from core.models import AuditEvent


def audit_events_filtered(filters: dict[str, Any]) -> QuerySet[AuditEvent]:
    events = AuditEvent.objects.select_related("organisation")
    if filters.get("actor"):
        events = events.filter(actor_name__icontains=filters["actor"])
    if filters.get("verb"):
        events = events.filter(verb=filters["verb"])
    if filters.get("target"):
        term = filters["target"]
        events = events.filter(Q(target_repr__icontains=term) | Q(target_id=term))
    if filters.get("date_from"):
        events = events.filter(created_at__date__gte=filters["date_from"])
    if filters.get("date_to"):
        events = events.filter(created_at__date__lte=filters["date_to"])
    return events
