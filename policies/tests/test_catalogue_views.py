"""The public catalogue: no login, the notice, the 14 items, one page per item."""

import datetime as dt

import pytest
from django.urls import reverse

from policies import views
from policies.presenters import deadline_status

pytestmark = pytest.mark.django_db


def test_catalogue_lists_fourteen_items_with_method_and_contact(client, stored_pack):
    response = client.get(reverse("policies:catalogue"))
    body = response.content.decode()
    assert response.status_code == 200
    assert body.count('href="/policies/items/') == 14
    assert "企业智能制造装备贴息项目" in body and "补助" in body and "装备工业科 李万帮 0734-8853336" in body
    assert "各县市区、市直园区限报1个" in body


def test_item_page_shows_conditions_materials_rules_preview_and_deadline(client, stored_pack):
    body = client.get(reverse("policies:item_detail", args=[3])).content.decode()
    assert "培育制造业单项冠军企业" in body
    assert "有效专利数量达10个及以上" in body
    assert "政策法规科 刘海峰 0734-8859605" in body
    assert "每个县市区、市直园区限报 1 个" in body
    assert "申报材料清单" in body and "申报表预览" in body
    assert "逾期不予受理" in body


def test_item_2_states_the_exclusion_with_item_12(client, stored_pack):
    body = client.get(reverse("policies:item_detail", args=[2])).content.decode()
    assert "不得与第12项" in body and "同一法人企业不能同时申报智能制造装备贴息和“三化”改造项目" in body


def test_item_14_is_outside_the_project_limit(client, stored_pack):
    body = client.get(reverse("policies:item_detail", args=[14])).content.decode()
    assert "本事项不计入" in body


def test_notice_page(client, stored_pack):
    body = client.get(reverse("policies:notice")).content.decode()
    assert "衡市工信〔2023〕51号" in body and "hysgxjzxqyk@126.com" in body and "0734-8855130" in body
    assert "余登美" in body and "免申即享" in body


def test_unknown_item_is_404(client, stored_pack):
    assert client.get(reverse("policies:item_detail", args=[99])).status_code == 404


@pytest.mark.no_shared_pack  # a database without the 2023 pack
def test_no_pack_is_explained(client):
    response = client.get(reverse("policies:catalogue"))
    assert response.status_code == 404 and "暂无申报通知" in response.content.decode()


def test_wrong_method(client, stored_pack):
    assert client.post(reverse("policies:catalogue")).status_code == 405
    assert client.post(reverse("policies:item_detail", args=[1])).status_code == 405


def test_catalogue_query_count(client, stored_pack, django_assert_num_queries):
    # current pack, its items (the first time in this process: policies.views draws the rows once per stored
    # pack, test_catalogue_drawn.py), the city's re-openings still open (the notice's own deadline has passed;
    # no session for an anonymous visitor)
    views._DRAWN.clear()
    with django_assert_num_queries(3):
        client.get(reverse("policies:catalogue"))


@pytest.mark.parametrize(
    "today,days,text",
    [
        (dt.date(2023, 8, 20), 5, "距截止还有 5 天"),
        (dt.date(2023, 8, 25), 0, "今天截止"),
        (dt.date(2023, 8, 26), -1, "已于 2023年08月25日 截止，逾期不予受理"),
    ],
)
def test_deadline_countdown(today, days, text):
    status = deadline_status(deadline=dt.date(2023, 8, 25), today=today)
    assert status["days_left"] == days and status["text"] == text and status["closed"] == (days < 0)


def _window(pack, actor, kind, closes_on, jurisdiction=None, reason="测试"):
    from applications.models import SubmissionWindow

    return SubmissionWindow.objects.create(
        pack=pack, jurisdiction=jurisdiction, kind=kind, closes_on=closes_on, reason=reason, created_by=actor
    )


def _deadline_text(client, name="policies:catalogue", *args):
    from html import unescape
    from re import search

    body = client.get(reverse(name, args=args)).content.decode()
    return unescape(search(r'id="deadline">(.*?)</(span></span|dd)>', body, flags=16).group(1))


def test_the_public_sees_the_window_the_city_reopened_not_the_notice_s_passed_deadline(client, stored_pack, city_sme):
    """Issue 20 (1): the home page said 已于 2023年08月25日 截止 while enterprises could apply until 2027."""
    closes_on = dt.date.today() + dt.timedelta(days=10)
    _window(stored_pack, city_sme, "city_reopened", closes_on, reason="补报")
    for page in ("policies:catalogue", "policies:notice"):
        text = _deadline_text(client, page)
        assert f"{closes_on.year}年{closes_on.month}月{closes_on.day}日" in text and "市级重新开放申报（补报）" in text
        assert "距截止还有 10 天" in text and "已于" not in text
    assert "市级重新开放申报" in _deadline_text(client, "policies:item_detail", 2)


def test_the_public_reads_closed_only_when_no_window_is_open(client, stored_pack, city_sme):
    _window(stored_pack, city_sme, "city_reopened", dt.date.today() - dt.timedelta(days=1))
    assert "已于 2023年08月25日 截止，逾期不予受理" in _deadline_text(client)


def test_a_reopening_for_some_counties_names_them(client, stored_pack, city_sme):
    from accounts.models import Jurisdiction

    zhuhui = Jurisdiction.objects.get(code="430405")
    _window(stored_pack, city_sme, "city_reopened", dt.date.today() + dt.timedelta(days=3), jurisdiction=zhuhui)
    assert "市级为珠晖区重新开放申报，其他县市区已截止" in _deadline_text(client)


def test_an_enterprise_sees_its_own_jurisdiction_s_window(
    client, stored_pack, city_sme, enterprise_admin, other_county
):
    """The city re-opens for another county only: the public reads that window, the enterprise (whose
    county was not re-opened) reads that its window has closed; re-opened for its county, it reads its date."""
    other = other_county.organisation.jurisdiction
    _window(stored_pack, city_sme, "city_reopened", dt.date.today() + dt.timedelta(days=20), jurisdiction=other)
    assert f"市级为{other.name}重新开放申报" in _deadline_text(client)
    client.force_login(enterprise_admin)
    assert "已于 2023年08月25日 截止，逾期不予受理" in _deadline_text(client)
    own = enterprise_admin.organisation.jurisdiction
    _window(stored_pack, city_sme, "city_reopened", dt.date.today() + dt.timedelta(days=7), jurisdiction=own)
    text = _deadline_text(client)
    assert "距截止还有 7 天" in text and "市级重新开放申报" in text
