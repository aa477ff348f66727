"""What the performance pages share: the accessible names of inputs drawn in a table, and the two shapes of a
step on one object (a report, an evaluation, a list, a 整改): a POST form that calls one service, and a POST
button that calls one service, so that each step is declared once, as data."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.urls import reverse

from core import actions
from core.actions import Outcome, Told

# The summary at the top of a refused form, over the messages under its fields (tests import it).
FORM_HAS_ERRORS = "有 {count} 处需要更正，已在下方对应位置标出。"


def form_error_summary(form: forms.BaseForm) -> str:
    """FORM_HAS_ERRORS for a form with errors under its fields ("" if none): the count of fields in error."""
    count = sum(1 for name in form.errors if name != NON_FIELD_ERRORS)
    return FORM_HAS_ERRORS.format(count=count) if count else ""


def label_table_cells(form: forms.Form, prefixes: tuple[str, ...]) -> None:
    """Inputs drawn in a table cell have no <label> of their own: the accessible name is the field's label."""
    for name, field in form.fields.items():
        if name.startswith(prefixes):
            field.widget.attrs["aria-label"] = field.label


def _result(outcome: Outcome) -> Told:
    """The performance steps tell their message from what the service returned."""
    return (lambda acted: outcome(acted.result)) if callable(outcome) else outcome


def button_view(
    *,
    get_or_404: Callable[[Any, int], Any],
    may_act: Callable[[Any, Any], bool],
    call: Callable[[Any, Any], object],
    done: Outcome,
    then: Callable[[Any], str],
):
    """core.actions.button_view, refused (403) unless `may_act(user, object)`; back to `then(object)`, with
    `done` told from the service's result."""
    return actions.button_view(
        get_or_404=get_or_404, may_act=may_act, call=call, then=lambda acted: then(acted.target), done=_result(done)
    )


def form_step_view(
    *,
    get_or_404: Callable[[Any, int], Any],
    may_act: Callable[[Any, Any], bool],
    form: Callable[[Any, Any], forms.Form],
    call: Callable[[Any, Any, forms.Form], object],
    done: Outcome,
    page: Callable[..., Any],
    form_name: str,
    section: str,
    then: str,
):
    """core.actions.form_step_view, refused (403) unless `may_act(user, object)`. Done: `done` (told from the
    service's result) and back to the URL named `then` of the object. Refused or invalid:
    `page(request, object, status=400, focus=section, <form_name>=form)`, the page again with the form and its
    errors, opened at the form's section (its id) so that the errors are in view where the user acted."""
    return actions.form_step_view(
        get_or_404=get_or_404, may_act=may_act, form=form, call=call, done=_result(done),
        then=lambda acted: reverse(then, args=[acted.target.pk]),
        invalid=lambda request, target, bound: page(request, target, status=400, focus=section, **{form_name: bound}),
    )  # fmt: skip
