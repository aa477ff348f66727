"""Requests that are not the person's own activity (a page polling a job's progress) do not renew the session.

SESSION_SAVE_EVERY_REQUEST renews the idle timeout (SESSION_COOKIE_AGE) on every request, so an open page
polling every second kept a session alive for as long as the browser stayed open (issue 16, finding 8). A view
marks such a request with `session_not_renewed(request)`; this SessionMiddleware then leaves the session as
stored (unless the view changed it), and the idle timeout runs on."""

from __future__ import annotations

from django.contrib.sessions.middleware import SessionMiddleware as DjangoSessionMiddleware
from django.http import HttpRequest

_PASSIVE = "_session_not_renewed"


def session_not_renewed(request: HttpRequest) -> None:
    """This request is not activity: the session's expiry is not moved (the session is still read)."""
    setattr(request, _PASSIVE, True)


class SessionMiddleware(DjangoSessionMiddleware):
    def process_response(self, request, response):
        session = getattr(request, "session", None)
        if getattr(request, _PASSIVE, False) and session is not None and not session.modified:
            return response  # neither saved nor its cookie sent again: the expiry stays where activity left it
        return super().process_response(request, response)
