"""core.actions: run_action (refused → 404, invalid → the message where the user returns, done → success) and
run_form_action (an invalid form is not acted on; refused → 404; invalid → the form's error)."""

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.test import RequestFactory

from core.actions import run_action, run_form_action


def _request():
    request = RequestFactory().post("/x/")
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def test_done_redirects_with_the_success_message():
    request = _request()
    response = run_action(request, lambda: None, then="/back/", done="已办理。")
    assert response.status_code == 302 and response.url == "/back/"
    assert [str(m) for m in get_messages(request)] == ["已办理。"]


def test_invalid_shows_every_reason_and_goes_back():
    request = _request()

    def refuse():
        raise ValidationError(["理由一", "理由二"])

    response = run_action(request, refuse, then="/back/", done="已办理。")
    assert response.url == "/back/"
    assert [(m.level_tag, str(m)) for m in get_messages(request)] == [("error", "理由一；理由二")]


def test_refused_is_not_found():
    def deny():
        raise PermissionDenied

    with pytest.raises(Http404):
        run_action(_request(), deny, then="/back/")


class _NameForm(forms.Form):
    name = forms.CharField()


def test_a_valid_form_is_acted_on():
    called = []
    assert run_form_action(_NameForm({"name": "衡阳"}), lambda: called.append(True)) is True
    assert called == [True]


def test_an_invalid_form_is_not_acted_on():
    called = []
    form = _NameForm({})
    assert run_form_action(form, lambda: called.append(True)) is False
    assert called == [] and "name" in form.errors


def test_the_service_refusal_becomes_the_form_error():
    def refuse():
        raise ValidationError("名单已定稿。")

    form = _NameForm({"name": "衡阳"})
    assert run_form_action(form, refuse) is False
    assert form.non_field_errors() == ["名单已定稿。"]


def test_a_refused_form_action_is_not_found():
    def deny():
        raise PermissionDenied

    with pytest.raises(Http404):
        run_form_action(_NameForm({"name": "衡阳"}), deny)
