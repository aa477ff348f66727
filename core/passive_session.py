"""When a session is renewed: at most once a minute of activity, and never by a request that is not activity.

Sessions end after SESSION_COOKIE_AGE idle seconds. Django's SESSION_SAVE_EVERY_REQUEST would renew the expiry by
writing the session row on every request: one UPDATE and one commit per page view, autosave and poll, which the
deadline-surge load test (bench/load/README.md) counted among the costs of every request. Here a request that is
the person's activity renews the session only when the last renewal is SESSION_RENEW_INTERVAL_SECONDS old or
more (the time is kept in the session), so the idle timeout runs from the last activity give or take that
interval, and a person clicking about writes the session once a minute instead of on every click.

A request that is not the person's own activity (a page polling a job's progress, issue 16 finding 8) is marked
by its view with `session_not_renewed(request)`: it never renews the session (unless the view changed it), so an
open page polling every second does not keep a session alive for as long as the browser stays open."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib.sessions.middleware import SessionMiddleware as DjangoSessionMiddleware
from django.http import HttpRequest

_PASSIVE = "_session_not_renewed"
RENEWED_AT_KEY = "_renewed_at"  # in the session: when activity last renewed it (seconds since the epoch)


def session_not_renewed(request: HttpRequest) -> None:
    """This request is not activity: the session's expiry is not moved (the session is still read)."""
    setattr(request, _PASSIVE, True)


class SessionMiddleware(DjangoSessionMiddleware):
    def process_response(self, request, response):
        session = getattr(request, "session", None)
        if session is None:
            return super().process_response(request, response)
        if getattr(request, _PASSIVE, False):
            if not session.modified:
                return response  # neither saved nor its cookie sent again: the expiry stays where activity left it
        elif not session.is_empty() and session.accessed:
            now = time.time()
            if now - float(session.get(RENEWED_AT_KEY, 0)) >= settings.SESSION_RENEW_INTERVAL_SECONDS:
                session[RENEWED_AT_KEY] = now  # modified: saved with a new expiry, and its cookie sent again
        return super().process_response(request, response)
