"""core.actions.run_action: refused → 404, invalid → the message where the user returns, done → success."""

import pytest
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.test import RequestFactory

from core.actions import run_action


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
