"""core.actions: run_action (refused → 404, invalid → the message where the user returns, done → success),
run_form_action (an invalid form is not acted on; refused → 404; invalid → the form's error, under the field
it names) and run_form_step (run_form_action, then the success message and the redirect)."""

import pytest
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.test import RequestFactory

from core.actions import (
    Acted,
    button_view,
    form_step_view,
    not_found_unless,
    run_action,
    run_form_action,
    run_form_step,
)


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


# button_view and form_step_view: a step on one object, declared as data.


class _Thing:
    def __init__(self, pk: int, name: str = "甲"):
        self.pk, self.name = pk, name


class _Person:
    is_authenticated = True


def _signed_in(method: str = "post", data: dict | None = None):
    request = getattr(RequestFactory(), method)("/x/", data or {})
    request.session = {}
    request._messages = FallbackStorage(request)
    request.user = _Person()
    return request


def _get_or_404(user, pk: int):
    if pk != 1:
        raise Http404
    return _Thing(pk)


def _button(**given):
    return button_view(
        get_or_404=_get_or_404, call=given.pop("call", lambda user, thing: f"{thing.name}已办"),
        then=lambda acted: f"/things/{acted.target.pk}/", **given,
    )  # fmt: skip


def test_a_button_runs_its_service_and_tells_the_result_and_the_object():
    request = _signed_in()
    response = _button(done=lambda acted: f"{acted.result}（{acted.target.pk}）")(request, pk=1)
    assert response.status_code == 302 and response.url == "/things/1/"
    assert [str(m) for m in get_messages(request)] == ["甲已办（1）"]


def test_a_button_outside_the_users_reach_is_not_found_and_may_act_refuses_with_403():
    with pytest.raises(Http404):
        _button()(_signed_in(), pk=2)
    with pytest.raises(PermissionDenied):
        _button(may_act=lambda user, thing: False)(_signed_in(), pk=1)


def test_a_button_takes_post_only_and_a_signed_in_user():
    assert _button()(_signed_in("get"), pk=1).status_code == 405
    anonymous = _signed_in()
    anonymous.user = AnonymousUser()
    assert _button()(anonymous, pk=1).status_code == 302  # to the login page
    assert list(get_messages(anonymous)) == []


def test_a_button_refused_by_the_service_shows_why_where_the_user_acted():
    def refuse(user, thing):
        raise ValidationError("已撤回。")

    request = _signed_in()
    response = _button(call=refuse, done="不会显示")(request, pk=1)
    assert response.url == "/things/1/"
    assert [(m.level_tag, str(m)) for m in get_messages(request)] == [("error", "已撤回。")]


def _form_step(call):
    return form_step_view(
        get_or_404=_get_or_404, form=lambda request, thing: _NameForm(request.POST), call=call,
        then=lambda acted: f"/things/{acted.result}/", done=lambda acted: f"已改名为{acted.form.cleaned_data['name']}。",
        invalid=lambda request, thing, form: HttpResponse(str(form.errors), status=400),
    )  # fmt: skip


def test_a_form_step_done_tells_from_the_form_and_goes_where_the_result_says():
    request = _signed_in(data={"name": "衡阳"})
    response = _form_step(lambda user, thing, form: 9)(request, pk=1)
    assert response.status_code == 302 and response.url == "/things/9/"
    assert [str(m) for m in get_messages(request)] == ["已改名为衡阳。"]


def test_an_invalid_or_refused_form_step_is_shown_again_by_invalid():
    called = []
    response = _form_step(lambda user, thing, form: called.append(1))(_signed_in(data={}), pk=1)
    assert response.status_code == 400 and called == []

    def refuse(user, thing, form):
        raise ValidationError({"name": "名称已被使用。"})

    response = _form_step(refuse)(_signed_in(data={"name": "衡阳"}), pk=1)
    assert response.status_code == 400 and "名称已被使用。" in response.content.decode()


def test_acted_defaults_to_no_form_and_no_result():
    assert Acted(target="甲") == Acted(target="甲", form=None, result=None)


def test_not_found_unless_refuses_with_404():
    not_found_unless(True)
    with pytest.raises(Http404):
        not_found_unless(False)


def test_a_declared_view_belongs_to_the_module_that_declared_it():
    assert _button().__module__ == __name__ and _form_step(lambda user, thing, form: 1).__module__ == __name__
