"""Makes the client IP available to services (which never see the request) for audit events."""

from __future__ import annotations

import contextvars

from django.conf import settings

current_ip: contextvars.ContextVar[str | None] = contextvars.ContextVar("current_ip", default=None)


def client_ip(request) -> str | None:
    for key in getattr(settings, "AXES_IPWARE_META_PRECEDENCE_ORDER", ["REMOTE_ADDR"]):
        value = request.META.get(key)
        if value:
            return value.split(",")[0].strip()
    return None


class ClientIPMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = current_ip.set(client_ip(request))
        try:
            return self.get_response(request)
        finally:
            current_ip.reset(token)
