"""The shapes every acting view shares: a POST button calls one service, then goes back where the user acted;
a form's POST calls one service, and the form carries its refusal (under the field it names, if any). A step
on one object (button_view, form_step_view) is declared once, as data: how the object is fetched, who may act,
the service call, and what the user is told."""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponseRedirect
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

T = TypeVar("T")

# Text, or a function of what the service returned that gives it (a message, or where to go next).
Outcome = str | Callable[[T], str]


def _given(outcome: Outcome, result: object) -> str:
    return outcome(result) if callable(outcome) else outcome


def not_found_unless(allowed: bool) -> None:
    """A page the user may not reach does not exist for them: 404 unless `allowed` (a permission predicate's
    answer)."""
    if not allowed:
        raise Http404


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


@dataclass(frozen=True)
class Acted:
    """What a step's message and way back are told from: the object acted on, the bound form (None for a
    button) and what the service returned (None before it went through, or when it was refused)."""

    target: Any
    form: BaseForm | None = None
    result: Any = None


# Text, or a function of the step (Acted) that gives it.
Told = str | Callable[[Acted], str]


def _told(told: Told, acted: Acted) -> str:
    return told(acted) if callable(told) else told


def declared_by_caller(view):
    """The view belongs to the module that declared it (views/urls checks read the app from __module__)."""
    view.__module__ = sys._getframe(2).f_globals.get("__name__", __name__)
    return view


def _target_for(user, pk: int, get_or_404: Callable[[Any, int], Any], may_act: Callable[[Any, Any], bool] | None):
    target = get_or_404(user, pk)
    if may_act is not None and not may_act(user, target):
        raise PermissionDenied
    return target


def button_view(
    *,
    get_or_404: Callable[[Any, int], Any],
    call: Callable[[Any, Any], object],
    then: Told,
    done: Told = "",
    may_act: Callable[[Any, Any], bool] | None = None,
):
    """A POST button on one object: fetched through `get_or_404(user, pk)` (404 outside the user's reach),
    refused (403) when `may_act(user, object)` is given and false; `call(user, object)` runs the service
    (run_action: a refusal by the service is 404, its ValidationError a message), then back to `then`
    with `done` as the success message."""

    @require_POST
    @login_required
    def view(request, pk: int):
        target = _target_for(request.user, pk, get_or_404, may_act)
        return run_action(
            request, lambda: call(request.user, target), then=_told(then, Acted(target)),
            done=lambda result: _told(done, Acted(target, result=result)),
        )  # fmt: skip

    return declared_by_caller(view)


def form_step_view(
    *,
    get_or_404: Callable[[Any, int], Any],
    form: Callable[[HttpRequest, Any], BaseForm],
    call: Callable[[Any, Any, Any], object],
    then: Told,
    done: Told,
    invalid: Callable[[HttpRequest, Any, Any], Any],
    may_act: Callable[[Any, Any], bool] | None = None,
):
    """A POST form on one object, fetched and refused as in button_view: `form(request, object)` is bound,
    and when valid `call(user, object, form)` runs the service (run_form_step). Done: `done` as the message
    and a redirect to `then`. Invalid, or refused by the service: `invalid(request, object, form)`, the
    response that shows the form's errors where the user acted."""

    @require_POST
    @login_required
    def view(request, pk: int):
        target = _target_for(request.user, pk, get_or_404, may_act)
        bound = form(request, target)
        return run_form_step(
            request, bound, lambda: call(request.user, target, bound),
            then=lambda result: _told(then, Acted(target, bound, result)),
            done=lambda result: _told(done, Acted(target, bound, result)),
        ) or invalid(request, target, bound)  # fmt: skip

    return declared_by_caller(view)
