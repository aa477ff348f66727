"""The full history of an application, from the audit log and the reviewers' opinions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from core.choices import AuditVerb
from core.models import AuditEvent
from core.prepared import PreparedQuery

# Autosaves are in the audit log but would drown the timeline; explicit steps are shown.
HIDDEN_VERBS = {AuditVerb.APPLICATION_SAVED}


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    who: str
    organisation: str
    what: str
    detail: str = ""


# Every view of an application page reads it: compiled once per process (core/prepared.py).
_EVENTS_OF_APPLICATION = PreparedQuery(
    lambda target_id: (
        AuditEvent.objects.filter(target_type="applications.application", target_id=target_id)
        .exclude(verb__in=sorted(HIDDEN_VERBS))
        .select_related("organisation")
        .order_by("created_at", "id")
    ),
    target_id=str,
)


def timeline_for(application) -> list[TimelineEntry]:
    events = _EVENTS_OF_APPLICATION.all(target_id=str(application.pk))
    entries = []
    for event in events:
        detail = ""
        data = event.data or {}
        if data.get("receipt_number"):
            detail = f"回执号 {data['receipt_number']}"
        elif data.get("reason"):
            detail = data["reason"]
        elif data.get("name"):
            detail = data["name"]
        entries.append(
            TimelineEntry(
                at=event.created_at,
                who=event.actor_name,
                organisation=str(event.organisation or ""),
                what=data.get("label") or event.get_verb_display(),
                detail=detail,
            )
        )
    return entries
