"""The shape every POST button's view shares: call one service, then go back where the user acted."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponseRedirect
from django.shortcuts import redirect


def run_action(
    request: HttpRequest, action: Callable[[], object], *, then: str, done: str = ""
) -> HttpResponseRedirect:
    """Run `action` (a service call). A refusal (PermissionDenied) reads as 404: the object is not the
    user's to act on. A ValidationError's messages are shown, in Chinese, on the page the user returns
    to; `done` is shown on success. Redirects to `then` either way."""
    try:
        action()
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        if done:
            messages.success(request, done)
    return redirect(then)
