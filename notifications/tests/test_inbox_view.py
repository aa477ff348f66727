"""The inbox page: the user's own notifications with links, newest first; the count pinned."""

import pytest
from django.urls import reverse

from notifications.tests.factories import NotificationFactory

pytestmark = pytest.mark.django_db
URL = reverse("notifications:inbox")


def test_lists_own_notifications_with_links_and_the_header_count(client, enterprise_user, county_industry):
    NotificationFactory(
        recipient=enterprise_user, title="您的申报“甲项目”状态变为：已提交，等待县级审核", url="/applications/7/"
    )
    NotificationFactory(recipient=enterprise_user, title="已读的旧消息", read=True)
    NotificationFactory(recipient=county_industry, title="别人的消息")
    client.force_login(enterprise_user)
    response = client.get(URL)
    body = response.content.decode()
    assert response.status_code == 200
    assert '<a href="/applications/7/">您的申报“甲项目”状态变为：已提交，等待县级审核</a>' in body
    assert "已读的旧消息" in body and "别人的消息" not in body
    assert "消息（1）" in body and "全部标为已读" in body and "标为已读" in body


def test_empty_inbox(client, county_industry):
    client.force_login(county_industry)
    body = client.get(URL).content.decode()
    assert "暂无消息" in body and "消息（0）" in body and "全部标为已读" not in body


def test_anonymous_is_sent_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_wrong_method(client, enterprise_user):
    client.force_login(enterprise_user)
    assert client.post(URL).status_code == 405


def test_query_count_is_fixed(client, enterprise_user, django_assert_num_queries):
    NotificationFactory.create_batch(3, recipient=enterprise_user)
    client.force_login(enterprise_user)
    client.get(URL)
    # session, user with its organisation (header), paginator count, one page of notifications, roles
    # (navigation), unread count (header); the session, renewed at most once a minute, is not written again.
    with django_assert_num_queries(6):
        client.get(URL)
    NotificationFactory.create_batch(40, recipient=enterprise_user)
    with django_assert_num_queries(6):
        client.get(URL)
