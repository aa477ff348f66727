"""The shapes every acting view shares: a POST button calls one service, then goes back where the user acted;
a form's POST calls one service, and the form carries its refusal (under the field it names, if any)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponseRedirect
from django.shortcuts import redirect

T = TypeVar("T")

# Text, or a function of what the service returned that gives it (a message, or where to go next).
Outcome = str | Callable[[T], str]


def _given(outcome: Outcome, result: object) -> str:
    return outcome(result) if callable(outcome) else outcome


def run_action(request: HttpRequest, action: Callable[[], T], *, then: str, done: Outcome = "") -> HttpResponseRedirect:
    """Run `action` (a service call). A refusal (PermissionDenied) reads as 404: the object is not the
    user's to act on. A ValidationError's messages are shown, in Chinese, on the page the user returns
    to; `done` (text, or a function of the service's result) is shown on success. Redirects to `then`
    either way."""
    try:
        result = action()
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        text = _given(done, result)
        if text:
            messages.success(request, text)
    return redirect(then)


def form_errors_add(form: BaseForm, exc: ValidationError) -> None:
    """A service's refusal on the form that asked for it: a message keyed by one of the form's fields goes
    under that field; any other, keyed or not, is the form's own error."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def run_form_action(form: BaseForm, action: Callable[[], object]) -> bool:
    """Run `action` (a service call) if `form` is valid. A refusal (PermissionDenied) reads as 404, as in
    run_action; a ValidationError becomes the form's error (form_errors_add), for the page to show again
    with the form. True when the service went through."""
    if not form.is_valid():
        return False
    try:
        action()
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as exc:
        form_errors_add(form, exc)
        return False
    return True


def run_form_step(
    request: HttpRequest, form: BaseForm, action: Callable[[], T], *, then: Outcome, done: Outcome = ""
) -> HttpResponseRedirect | None:
    """run_form_action, and once the service went through, `done` as the success message and a redirect to
    `then` (each text, or a function of the service's result). None when the page is to show the form again."""
    results: list[T] = []
    if not run_form_action(form, lambda: results.append(action())):
        return None
    text = _given(done, results[0])
    if text:
        messages.success(request, text)
    return redirect(_given(then, results[0]))
