"""What the performance pages share: the accessible names of inputs drawn in a table, and the two shapes of a
step on one object (a report, an evaluation, a list, a 整改): a POST form that calls one service, and a POST
button that calls one service, so that each step is declared once, as data."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.views.decorators.http import require_POST

from core.actions import Outcome, run_action, run_form_step


def label_table_cells(form: forms.Form, prefixes: tuple[str, ...]) -> None:
    """Inputs drawn in a table cell have no <label> of their own: the accessible name is the field's label."""
    for name, field in form.fields.items():
        if name.startswith(prefixes):
            field.widget.attrs["aria-label"] = field.label


def _target(user, pk: int, get_or_404, may_act):
    target = get_or_404(user, pk)
    if not may_act(user, target):
        raise PermissionDenied
    return target


def button_view(
    *,
    get_or_404: Callable[[Any, int], Any],
    may_act: Callable[[Any, Any], bool],
    call: Callable[[Any, Any], object],
    done: Outcome,
    then: Callable[[Any], str],
):
    """A POST button on one object, fetched and refused as in form_step_view: `call(user, object)` runs the
    service (core.actions.run_action: its refusal shown as a message), then back to `then(object)`."""

    @require_POST
    @login_required
    def view(request, pk: int):
        target = _target(request.user, pk, get_or_404, may_act)
        return run_action(request, lambda: call(request.user, target), then=then(target), done=done)

    return view


def form_step_view(
    *,
    get_or_404: Callable[[Any, int], Any],
    may_act: Callable[[Any, Any], bool],
    form: Callable[[Any, Any], forms.Form],
    call: Callable[[Any, Any, forms.Form], object],
    done: Outcome,
    page: Callable[..., Any],
    form_name: str,
    then: str,
):
    """A POST view on one object: fetched through `get_or_404(user, pk)` (404 outside the user's reach),
    refused (403) unless `may_act(user, object)`; `form(request, object)` is bound, and when valid,
    `call(user, object, form)` runs the service. Done: `done` as the message, and back to the URL named
    `then` of the object. Refused or invalid: `page(request, object, status=400, <form_name>=form)`, the
    page again with the form and its errors."""

    @require_POST
    @login_required
    def view(request, pk: int):
        target = _target(request.user, pk, get_or_404, may_act)
        bound = form(request, target)
        url = reverse(then, args=[target.pk])
        return run_form_step(request, bound, lambda: call(request.user, target, bound), then=url, done=done) or page(
            request, target, status=400, **{form_name: bound}
        )

    return view
