"""Audit of reads (issue 16 §2): who downloaded a file, who saw personal data, and who was refused an object.

Reads change nothing, so these events are written from the interface (views, a middleware) through
core.services.audit_event_record, in their own short transaction."""

from __future__ import annotations

from django.db import models

from core.choices import AuditVerb
from core.services import audit_event_record

REFUSED = (403, 404)


def _actor(request):
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


def read_record(request, *, verb: AuditVerb, target: models.Model | None = None, data: dict | None = None) -> None:
    audit_event_record(
        actor=_actor(request), verb=verb, target=target, data={"path": request.path[:300], **(data or {})}
    )


class RefusedAccessAuditMiddleware:
    """A 403 or 404 on a URL that names an object (its pattern has arguments, e.g. /applications/<pk>/) is
    recorded: a probe of other counties' objects shows in the log. A 404 for an address that matches no pattern
    is not (nothing was refused, and it would let anyone fill the log)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        if response.status_code in REFUSED and match is not None and match.kwargs:
            read_record(
                request,
                verb=AuditVerb.ACCESS_REFUSED,
                data={
                    "method": request.method,
                    "status": response.status_code,
                    "view": match.view_name,
                    "arguments": {k: str(v)[:64] for k, v in match.kwargs.items()},
                },
            )
        return response
