"""The one way to write an audit event. Callers run inside their own transaction."""

from __future__ import annotations

from typing import Any

from django.db import models

from core.middleware import current_ip
from core.models import AuditEvent


def audit_event_record(
    *,
    actor,
    verb: str,
    target: models.Model | None = None,
    data: dict[str, Any] | None = None,
    organisation=None,
    actor_name: str = "",
) -> AuditEvent:
    """Record `verb` done by `actor` on `target`. Must be called inside the transaction of the change."""
    if actor is not None and not getattr(actor, "pk", None):
        actor = None  # AnonymousUser
    if organisation is None and actor is not None:
        organisation = actor.organisation
    event = AuditEvent(
        actor=actor,
        actor_name=actor_name or (actor.full_name or actor.username if actor else ""),
        organisation=organisation,
        verb=verb,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_repr=str(target)[:255] if target is not None else "",
        data=data or {},
        ip_address=current_ip.get(),
    )
    event.full_clean(exclude=["actor", "organisation"])
    event.save()
    return event
