"""The one way to write audit events. Callers run inside their own transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from core.audit_chain import HEAD_PK, chain_verify, head_defaults, head_seal, iter_event_values, link_hmac
from core.choices import AuditVerb
from core.middleware import current_ip
from core.models import AuditChainHead, AuditEvent
from core.prepared import PreparedQuery


@dataclass(frozen=True)
class AuditRecord:
    """One event of a batch written by `audit_events_record_many`."""

    verb: AuditVerb
    target: models.Model | None = None
    data: dict[str, Any] = field(default_factory=dict)


def _event(*, actor, verb: AuditVerb, target, data, organisation_id, actor_name: str, ip_address) -> AuditEvent:
    # A plain string with a known value is the same verb; anything else is a typo, not a new verb.
    if verb not in AuditVerb.values:
        raise ValueError(f"unknown audit verb {verb!r}: add it to core.choices.AuditVerb")
    event = AuditEvent(
        actor=actor,
        actor_name=actor_name or (actor.full_name or actor.username if actor else ""),
        organisation_id=organisation_id,
        verb=verb,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_repr=str(target)[:255] if target is not None else "",
        data=data or {},
        ip_address=ip_address,
    )
    event.full_clean(exclude=["actor", "organisation"])
    return event


# Every audited write locks the head: compiled once per process (core/prepared.py).
_HEAD_LOCKED = PreparedQuery(lambda pk: AuditChainHead.objects.select_for_update().filter(pk=pk), pk=int)


def _chain_head_locked() -> AuditChainHead:
    """The chain head, locked until the caller's transaction ends (one query once the row exists)."""
    head = _HEAD_LOCKED.first(pk=HEAD_PK)
    if head is None:  # the first event of a new database: made as get_or_create makes it, race included
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(pk=HEAD_PK, defaults=head_defaults())
    return head


def _head_save(head: AuditChainHead, fields: list[str]) -> None:
    head.seal = head_seal(last_hmac=head.last_hmac, anchor_hmac=head.anchor_hmac, anchor_event_id=head.anchor_event_id)
    head.save(update_fields=[*fields, "seal"])


def _sealed(events: list[AuditEvent]) -> None:
    """Chain `events` onto the head, in order, and move the head to the last. Inside the caller's transaction;
    the lock is held until it commits, so no other writer can chain onto the same predecessor."""
    head = _chain_head_locked()
    previous = head.last_hmac
    now = timezone.now()
    for event in events:
        event.created_at = now
        event.chain_hmac = previous = link_hmac(previous, event.__dict__)
    head.last_hmac = previous
    _head_save(head, ["last_hmac"])


def _actor_and_organisation_id(actor, organisation) -> tuple[Any, int | None]:
    """The actor (None for an anonymous user) and the id of the event's organisation: the one given, else the
    actor's. The event stores only the key, so the actor's organisation row is not read for it."""
    if actor is not None and not getattr(actor, "pk", None):
        actor = None  # AnonymousUser
    if organisation is not None:
        return actor, organisation.pk
    return actor, actor.organisation_id if actor is not None else None


def audit_event_record(
    *,
    actor,
    verb: AuditVerb,
    target: models.Model | None = None,
    data: dict[str, Any] | None = None,
    organisation=None,
    actor_name: str = "",
) -> AuditEvent:
    """Record `verb` done by `actor` on `target`. Must be called inside the transaction of the change.

    Raises ValueError for a verb that is not an `AuditVerb`."""
    actor, organisation_id = _actor_and_organisation_id(actor, organisation)
    event = _event(
        actor=actor, verb=verb, target=target, data=data, organisation_id=organisation_id, actor_name=actor_name,
        ip_address=current_ip.get(),
    )  # fmt: skip
    with transaction.atomic(savepoint=False):
        _sealed([event])
        event.save()
    return event


def audit_events_record_many(
    *, actor, records: Sequence[AuditRecord], organisation=None, actor_name: str = ""
) -> list[AuditEvent]:
    """One event per record, all by `actor`, written with one INSERT (per 500 rows) instead of one each.

    For services that change many rows at once: each change still has its own event, in the same
    transaction as the change. Must be called inside that transaction.
    """
    if not records:
        return []
    actor, organisation_id = _actor_and_organisation_id(actor, organisation)
    ip_address = current_ip.get()
    events = [
        _event(
            actor=actor,
            verb=record.verb,
            target=record.target,
            data=record.data,
            organisation_id=organisation_id,
            actor_name=actor_name,
            ip_address=ip_address,
        )
        for record in records
    ]
    with transaction.atomic(savepoint=False):
        _sealed(events)
        return AuditEvent.objects.bulk_create(events, batch_size=500)


NOT_YET_EXPIRED = "审计日志须保存不少于 {days} 天：只能清理 {cutoff} 以前的事件。"
CHAIN_BROKEN_BEFORE_PURGE = "审计链在事件 #{event_id} 处断开，不能清理：请先核查（manage.py audit verify）。"


def audit_events_purge(*, actor, before: dt.datetime, actor_name: str = "") -> int:
    """Delete the events written before `before`, if all are older than the retention (settings.AUDIT_RETENTION_DAYS).

    The chain stays verifiable: the part to delete is verified first, the last deleted event's HMAC becomes the
    head's anchor, and the purge itself is an event (with the anchor) at the end of the chain. On PostgreSQL the
    trigger lets the DELETE through only inside this transaction. Returns how many events were deleted."""
    days = settings.AUDIT_RETENTION_DAYS
    cutoff = timezone.now() - dt.timedelta(days=days)
    if before > cutoff:
        raise ValidationError(NOT_YET_EXPIRED.format(days=days, cutoff=timezone.localtime(cutoff).date()))
    with transaction.atomic():
        head = _chain_head_locked()
        kept_from = AuditEvent.objects.filter(pk__gt=head.anchor_event_id or 0)
        last = kept_from.filter(created_at__lt=before).order_by("-id").values("id", "chain_hmac").first()
        if last is None:
            return 0
        doomed = kept_from.filter(pk__lte=last["id"])
        checked = chain_verify(iter_event_values(doomed), anchor=head.anchor_hmac, head=None)
        if not checked.ok:
            raise ValidationError(CHAIN_BROKEN_BEFORE_PURGE.format(event_id=checked.broken.event_id))
        connection = transaction.get_connection()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL audit.purge = 'on'")
        deleted, _ = models.QuerySet.delete(doomed)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL audit.purge = 'off'")
        head.anchor_hmac, head.anchor_event_id, head.purged_before = last["chain_hmac"], last["id"], before
        _head_save(head, ["anchor_hmac", "anchor_event_id", "purged_before"])
        audit_event_record(
            actor=actor, verb=AuditVerb.AUDIT_PURGED, actor_name=actor_name,
            data={"before": before.isoformat(), "deleted": deleted, "retention_days": days,
                  "anchor_event_id": last["id"], "anchor_hmac": last["chain_hmac"]},
        )  # fmt: skip
    return deleted
