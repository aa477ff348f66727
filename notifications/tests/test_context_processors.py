"""The header's unread count (notifications.context_processors.unread): read when a page draws the badge,
and not at all for a response that does not (an htmx partial), nor for an anonymous visitor."""

import pytest
from django.test import RequestFactory

from notifications.context_processors import unread
from notifications.tests.factories import NotificationFactory

pytestmark = pytest.mark.django_db


def _request(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def test_the_count_is_read_only_when_used(enterprise_user, django_assert_num_queries):
    NotificationFactory(recipient=enterprise_user)
    NotificationFactory(recipient=enterprise_user)
    NotificationFactory(recipient=enterprise_user, read=True)
    with django_assert_num_queries(0):
        context = unread(_request(enterprise_user))
    with django_assert_num_queries(1):
        assert context["unread_notifications"] == 2
        assert f"{context['unread_notifications']}" == "2" and context["unread_notifications"]
    with django_assert_num_queries(0):  # read once per request
        assert context["unread_notifications"] > 1


def test_no_unread_is_falsy_as_the_badge_template_expects(enterprise_user):
    assert not unread(_request(enterprise_user))["unread_notifications"]


def test_an_anonymous_visitor_gets_no_count():
    from django.contrib.auth.models import AnonymousUser

    assert unread(_request(AnonymousUser())) == {}


def test_a_full_page_shows_the_count(client, enterprise_user):
    # A partial's pinned query count leaves the read out: review/tests/test_views.py (the work list's htmx rows).
    NotificationFactory(recipient=enterprise_user)
    client.force_login(enterprise_user)
    assert "消息（1）" in client.get("/applications/").content.decode()
