"""The county's 可能符合但尚未申报 list and its notify POST."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from accounts.choices import Role
from accounts.tests.factories import make_user
from notifications.models import Notification
from outreach.models import PushMute, PushNotice

pytestmark = pytest.mark.django_db
LIST = reverse("outreach:county_list")
PUSH = reverse("outreach:county_push")


def test_the_county_sees_its_own_enterprises_with_their_items(client, evaluated, county_industry):
    mine, elsewhere = evaluated
    client.force_login(county_industry)
    body = client.get(LIST).content.decode()
    assert mine.name in body and elsewhere.name not in body
    assert "第2项" in body and "需佐证" in body or "符合" in body
    assert "可能符合但尚未申报（珠晖区）" in body


def test_the_list_filters_by_item(client, evaluated, county_industry):
    mine, _ = evaluated
    client.force_login(county_industry)
    assert mine.name in client.get(LIST, {"item": 2}).content.decode()
    assert mine.name not in client.get(LIST, {"item": 5}).content.decode()  # item 5: not met


def test_the_list_keeps_its_query_count(client, evaluated, county_industry, django_assert_num_queries):
    client.force_login(county_industry)
    client.get(LIST)
    # session, user with its organisation and jurisdiction, roles; the published packs; the item names (the
    # filter); the deadline's windows (one read); the enterprises' count and their page; the page's results,
    # mutes and pushes; the unread messages' count.
    with django_assert_num_queries(12):
        client.get(LIST)


def _count(client) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(LIST)  # the first request of a session reads more (its session, the pack's text into the cache)
    with CaptureQueriesContext(connection) as queries:
        client.get(LIST)
    return len(queries)


def test_the_count_does_not_grow_with_the_enterprises(client, evaluated, county_industry, stored_pack):
    from applications.tests.helpers import ELIGIBLE_PROFILE
    from eligibility.services import results_evaluate_pack
    from enterprises.tests.factories import make_profile

    client.force_login(county_industry)
    before = _count(client)
    for _ in range(5):
        make_profile(data=ELIGIBLE_PROFILE)
    results_evaluate_pack(actor=None, pack=stored_pack)
    assert _count(client) == before


@pytest.mark.parametrize("persona", ["enterprise_admin", "city_sme", "admin"])
def test_others_get_404(request, client, evaluated, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(LIST).status_code == 404
    assert client.post(PUSH, {"scope": "all"}).status_code == 404


def test_another_county_sees_only_its_own(client, evaluated, other_county):
    mine, elsewhere = evaluated
    client.force_login(other_county)
    body = client.get(LIST).content.decode()
    assert elsewhere.name in body and mine.name not in body


def test_wrong_methods_are_refused(client, evaluated, county_industry):
    client.force_login(county_industry)
    assert client.post(LIST).status_code == 405
    assert client.get(PUSH).status_code == 405


def test_notify_the_ticked_enterprises(client, evaluated, county_industry, enterprise_admin):
    mine, _ = evaluated
    client.force_login(county_industry)
    response = client.post(PUSH, {"scope": "selected", "enterprise": [mine.pk]}, follow=True)
    body = response.content.decode()
    assert "已通知 1 家企业；跳过 0 家" in body
    assert Notification.objects.filter(recipient=enterprise_admin).count() == 1
    assert "已于" in body  # the list now says when each item was pushed


def test_notify_all_again_skips_the_recent_and_muted(client, evaluated, county_industry, enterprise_admin):
    mine, _ = evaluated
    other = make_user(Role.ENTERPRISE_ADMIN, mine)
    client.force_login(county_industry)
    client.post(PUSH, {"scope": "all"})
    assert Notification.objects.filter(recipient__in=[enterprise_admin, other]).count() == 2  # every member
    body = client.post(PUSH, {"scope": "all"}, follow=True).content.decode()
    assert "已通知 0 家企业；跳过 1 家（0 家已设置不接收提醒，1 家近 30 天内已通知过）" in body
    assert Notification.objects.filter(recipient__in=[enterprise_admin, other]).count() == 2


def test_a_muted_enterprise_shows_as_muted_and_cannot_be_ticked(client, evaluated, county_industry, enterprise_admin):
    mine, _ = evaluated
    PushMute.objects.create(enterprise=mine, muted_by=enterprise_admin, muted_at="2026-01-01T00:00:00Z")
    client.force_login(county_industry)
    body = client.get(LIST).content.decode()
    assert "企业已设置不接收提醒" in body
    assert f'value="{mine.pk}" id="ent-{mine.pk}" aria-label="选择{mine.name}" disabled' in body


def test_nothing_ticked_is_said_on_the_list(client, evaluated, county_industry):
    client.force_login(county_industry)
    response = client.post(PUSH, {"scope": "selected"})
    assert response.status_code == 400
    assert "请先勾选要通知的企业" in response.content.decode()
    assert not PushNotice.objects.exists()


def test_the_notify_form_needs_its_csrf_token(evaluated, county_industry):
    client = Client(enforce_csrf_checks=True)
    client.force_login(county_industry)
    assert client.post(PUSH, {"scope": "all"}).status_code == 403
    assert 'name="csrfmiddlewaretoken"' in client.get(LIST).content.decode()
    assert not PushNotice.objects.exists()


def test_the_list_is_paginated_by_enterprise(client, evaluated, county_industry, stored_pack):
    from applications.tests.helpers import ELIGIBLE_PROFILE
    from eligibility.services import results_evaluate_pack
    from enterprises.tests.factories import make_profile
    from outreach.views import PAGE_SIZE

    for _ in range(PAGE_SIZE):
        make_profile(data=ELIGIBLE_PROFILE)
    results_evaluate_pack(actor=None, pack=stored_pack)
    client.force_login(county_industry)
    first = client.get(LIST).content.decode()
    second = client.get(LIST, {"page": 2}).content.decode()
    assert f"共 <strong>{PAGE_SIZE + 1}</strong> 家企业" in first and "第 1 / 2 页" in first
    assert first.count('name="enterprise"') == PAGE_SIZE and second.count('name="enterprise"') == 1
    # The pages keep the filter (core/pagination.html carries the query string).
    filtered = client.get(LIST, {"item": 2}).content.decode()
    assert 'href="?item=2&amp;page=2"' in filtered


def test_notify_returns_to_the_filtered_list(client, evaluated, county_industry):
    mine, _ = evaluated
    client.force_login(county_industry)
    response = client.post(PUSH, {"scope": "all", "item": 2, "page": 1})
    assert response.status_code == 302 and response["Location"] == f"{LIST}?item=2&page=1"
    assert set(PushNotice.objects.values_list("item_number", flat=True)) == {2}
