"""The shapes every acting view shares: a POST button calls one service, then goes back where the user acted;
a form's POST calls one service, and the form carries its refusal."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import BaseForm
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


def run_form_action(form: BaseForm, action: Callable[[], object]) -> bool:
    """Run `action` (a service call) if `form` is valid. A refusal (PermissionDenied) reads as 404, as in
    run_action; a ValidationError becomes the form's own error, for the page to show again with the form.
    True when the service went through."""
    if not form.is_valid():
        return False
    try:
        action()
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as exc:
        form.add_error(None, exc)
        return False
    return True
