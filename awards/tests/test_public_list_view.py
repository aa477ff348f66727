"""The list of public notices (no login): the current ones, then the past ones (往期公示)."""

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


def test_an_ended_notice_is_not_current_but_stays_public_as_past(client, notice, on_day):
    on_day(AFTER_PERIOD)
    body = client.get(URL).content.decode()
    assert "目前没有正在公示的名单" in body
    current, past = body.split('id="past-notices"')
    link = reverse("awards:public_notice", args=[notice.pk])
    assert link not in current and link in past and "（已结束），共 3 项" in past
    assert client.get(link).status_code == 200  # its page is still there


def test_an_unpublished_list_is_not_shown(client, cosigned_list, on_day):
    on_day(STARTS_ON)
    body = client.get(URL).content.decode()
    assert "目前没有正在公示的名单" in body and "往期公示" not in body
    on_day(AFTER_PERIOD)
    assert "往期公示" not in client.get(URL).content.decode()


def test_wrong_method(client):
    assert client.post(URL).status_code == 405


def test_query_count(client, notice, on_day, django_assert_num_queries):
    on_day(STARTS_ON)
    # 1 current notices with list, pack and entry count; 2 the past ones, the same way.
    with django_assert_num_queries(2):
        client.get(URL)


def test_a_final_list_s_notice_is_past(client, notice, city_sme, on_day):
    from awards import services

    services.award_list_finalise(actor=city_sme, award_list=notice.award_list, today=AFTER_PERIOD)
    on_day(AFTER_PERIOD)
    past = client.get(URL).content.decode().split('id="past-notices"')[1]
    assert reverse("awards:public_notice", args=[notice.pk]) in past
