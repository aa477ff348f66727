"""core.actions: run_action (refused → 404, invalid → the message where the user returns, done → success),
run_form_action (an invalid form is not acted on; refused → 404; invalid → the form's error, under the field
it names) and run_form_step (run_form_action, then the success message and the redirect)."""

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.test import RequestFactory

from core.actions import run_action, run_form_action, run_form_step


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


def test_done_may_be_read_from_the_service_result():
    request = _request()
    run_action(request, lambda: [1, 2, 3], then="/back/", done=lambda done: f"已办理 {len(done)} 项。")
    assert [str(m) for m in get_messages(request)] == ["已办理 3 项。"]


def test_a_refusal_keyed_by_a_field_goes_under_that_field_and_any_other_key_to_the_form():
    def refuse():
        raise ValidationError({"name": "名称已被使用。", "spent": "请填写已支出资金。"})

    form = _NameForm({"name": "衡阳"})
    assert run_form_action(form, refuse) is False
    assert form.errors["name"] == ["名称已被使用。"]
    assert form.non_field_errors() == ["请填写已支出资金。"]


def test_a_form_step_done_says_so_and_goes_where_the_result_says():
    request = _request()
    response = run_form_step(
        request, _NameForm({"name": "衡阳"}), lambda: 7, then=lambda pk: f"/things/{pk}/", done="已保存。"
    )
    assert response.status_code == 302 and response.url == "/things/7/"
    assert [str(m) for m in get_messages(request)] == ["已保存。"]


def test_a_refused_form_step_returns_nothing_for_the_page_to_show_the_form_again():
    def refuse():
        raise ValidationError("名单已定稿。")

    request = _request()
    form = _NameForm({"name": "衡阳"})
    assert run_form_step(request, form, refuse, then="/back/", done="已保存。") is None
    assert form.non_field_errors() == ["名单已定稿。"] and list(get_messages(request)) == []
