"""The client's IP address, as the audit log, the rate limits and django-axes all see it, and the middleware that
makes it available to services (which never see the request)."""

from __future__ import annotations

import contextvars
import ipaddress

from django.conf import settings

current_ip: contextvars.ContextVar[str | None] = contextvars.ContextVar("current_ip", default=None)


def _valid_ip(text: str | None) -> str | None:
    try:
        return str(ipaddress.ip_address((text or "").strip()))
    except ValueError:
        return None


def client_ip(request) -> str | None:
    """REMOTE_ADDR, or, behind `TRUSTED_PROXY_COUNT` proxies of our own, the address the outermost of them
    appended to X-Forwarded-For: the n-th from the right. Whatever stands to its left was written by the client
    and is never trusted. An invalid value, or a header shorter than the chain of proxies (the request did not
    come through them all), falls back to REMOTE_ADDR; None if that is no address either."""
    remote = _valid_ip(request.META.get("REMOTE_ADDR"))
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if proxies <= 0:
        return remote
    forwarded = [part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < proxies:
        return remote
    return _valid_ip(forwarded[-proxies]) or remote


class ClientIPMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = current_ip.set(client_ip(request))
        try:
            return self.get_response(request)
        finally:
            current_ip.reset(token)
