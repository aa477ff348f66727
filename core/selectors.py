"""Reads of the audit log."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from core.audit_chain import HEAD_PK, Broken, Verified, chain_verify, head_seal, iter_event_values
from core.choices import AuditVerb
from core.models import AuditChainHead, AuditEvent


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


PURGE_ANCHOR_MISMATCH = "链首锚点与最近一次清理记录不符（链头被改写）"
HEAD_MISSING = "链头记录缺失，而审计日志中仍有事件"
HEAD_SEAL_MISMATCH = "链头与其校验值不符（链头被改写，例如最新的事件被删除后链头被指向更早的事件）"


def audit_chain_verify() -> Verified:
    """Walk the whole chain from the head's anchor; the first broken link, if any (core.audit_chain)."""
    head = AuditChainHead.objects.filter(pk=HEAD_PK).first()
    events = AuditEvent.objects.all()
    if head is None:
        first = events.order_by("id").values_list("id", flat=True).first()
        return Verified(0, None if first is None else Broken(first, HEAD_MISSING))
    kept = events.filter(pk__gt=head.anchor_event_id or 0)
    verified = chain_verify(iter_event_values(kept), anchor=head.anchor_hmac, head=head.last_hmac)
    if not verified.ok:
        return verified
    seal = head_seal(last_hmac=head.last_hmac, anchor_hmac=head.anchor_hmac, anchor_event_id=head.anchor_event_id)
    if head.seal != seal:
        return Verified(verified.checked, Broken(None, HEAD_SEAL_MISMATCH))
    if head.anchor_event_id is None:
        return verified
    purge = kept.filter(verb=AuditVerb.AUDIT_PURGED).order_by("-id").values("id", "data").first()
    if purge is None or purge["data"].get("anchor_hmac") != head.anchor_hmac:
        return Verified(verified.checked, Broken(purge["id"] if purge else None, PURGE_ANCHOR_MISMATCH))
    return verified
