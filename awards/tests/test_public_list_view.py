"""The list of current public notices (no login)."""

import pytest
from django.urls import reverse

from awards.tests.helpers import AFTER_PERIOD, PUBLISH_DAY, STARTS_ON

pytestmark = pytest.mark.django_db
URL = reverse("awards:public_list")


def test_lists_current_notices(client, notice, on_day):
    on_day(STARTS_ON)
    body = client.get(URL).content.decode()
    assert reverse("awards:public_notice", args=[notice.pk]) in body
    assert "2023年度衡阳市工信领域奖补资金拟奖补项目公示" in body and "共 3 项" in body


def test_a_notice_not_started_yet_is_listed_as_such(client, notice, on_day):
    on_day(PUBLISH_DAY)
    assert "尚未开始" in client.get(URL).content.decode()


def test_an_ended_notice_is_not_current(client, notice, on_day):
    on_day(AFTER_PERIOD)
    body = client.get(URL).content.decode()
    assert reverse("awards:public_notice", args=[notice.pk]) not in body and "目前没有正在公示的名单" in body


def test_an_unpublished_list_is_not_shown(client, cosigned_list, on_day):
    on_day(STARTS_ON)
    assert "目前没有正在公示的名单" in client.get(URL).content.decode()


def test_wrong_method(client):
    assert client.post(URL).status_code == 405


def test_query_count(client, notice, on_day, django_assert_num_queries):
    on_day(STARTS_ON)
    # 1 current notices with list, pack and entry count.
    with django_assert_num_queries(1):
        client.get(URL)
