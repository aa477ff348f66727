"""The one way to write audit events. Callers run inside their own transaction."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import models

from core.choices import AuditVerb
from core.middleware import current_ip
from core.models import AuditEvent


@dataclass(frozen=True)
class AuditRecord:
    """One event of a batch written by `audit_events_record_many`."""

    verb: AuditVerb
    target: models.Model | None = None
    data: dict[str, Any] = field(default_factory=dict)


def _event(*, actor, verb: AuditVerb, target, data, organisation, actor_name: str, ip_address) -> AuditEvent:
    # A plain string with a known value is the same verb; anything else is a typo, not a new verb.
    if verb not in AuditVerb.values:
        raise ValueError(f"unknown audit verb {verb!r}: add it to core.choices.AuditVerb")
    event = AuditEvent(
        actor=actor,
        actor_name=actor_name or (actor.full_name or actor.username if actor else ""),
        organisation=organisation,
        verb=verb,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_repr=str(target)[:255] if target is not None else "",
        data=data or {},
        ip_address=ip_address,
    )
    event.full_clean(exclude=["actor", "organisation"])
    return event


def _actor_and_organisation(actor, organisation):
    if actor is not None and not getattr(actor, "pk", None):
        actor = None  # AnonymousUser
    if organisation is None and actor is not None:
        organisation = actor.organisation
    return actor, organisation


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
    actor, organisation = _actor_and_organisation(actor, organisation)
    event = _event(
        actor=actor, verb=verb, target=target, data=data, organisation=organisation, actor_name=actor_name,
        ip_address=current_ip.get(),
    )  # fmt: skip
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
    actor, organisation = _actor_and_organisation(actor, organisation)
    ip_address = current_ip.get()
    events = [
        _event(
            actor=actor,
            verb=record.verb,
            target=record.target,
            data=record.data,
            organisation=organisation,
            actor_name=actor_name,
            ip_address=ip_address,
        )
        for record in records
    ]
    return AuditEvent.objects.bulk_create(events, batch_size=500)
