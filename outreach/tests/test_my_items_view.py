"""The enterprise's 政策推送 page: its stored results, probable items first, and the mute switch."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from applications.tests.helpers import ELIGIBLE_PROFILE
from enterprises.tests.factories import make_profile
from outreach.models import PushMute

pytestmark = pytest.mark.django_db
MINE = reverse("outreach:my_items")
MUTE = reverse("outreach:mute")


def test_probable_items_come_first_with_a_link_to_apply(client, evaluated, enterprise_admin):
    client.force_login(enterprise_admin)
    body = client.get(MINE).content.decode()
    table = body[body.index('id="probable-items"') :]
    rows = table.split("<tr>")[2:]
    labels = [
        next(w for w in ("需佐证", "信息不足", "不符合", "符合") if f"<strong>{w}</strong>" in row) for row in rows
    ]
    order = {"符合": 0, "需佐证": 1, "信息不足": 2, "不符合": 3}
    assert labels == sorted(labels, key=order.__getitem__) and labels[0] in ("符合", "需佐证")
    assert reverse("applications:start", args=[2]) in body


def test_not_evaluated_yet(client, stored_pack, enterprise_admin):
    make_profile(enterprise=enterprise_admin.organisation, data=ELIGIBLE_PROFILE)
    client.force_login(enterprise_admin)
    body = client.get(MINE).content.decode()
    assert "尚未评估" in body and 'id="probable-items"' not in body


def test_mute_then_unmute(client, evaluated, enterprise_admin):
    mine, _ = evaluated
    client.force_login(enterprise_admin)
    body = client.post(MUTE, {"muted": "1"}, follow=True).content.decode()
    assert "已设置：不再接收政策推送提醒。" in body and "恢复接收提醒" in body
    assert PushMute.objects.filter(enterprise=mine).exists()
    client.post(MUTE, {"muted": "0"})
    assert not PushMute.objects.exists()


@pytest.mark.parametrize("persona", ["county_industry", "city_sme"])
def test_officials_get_404(request, client, evaluated, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(MINE).status_code == 404
    assert client.post(MUTE, {"muted": "1"}).status_code == 404
    assert not PushMute.objects.exists()


def test_wrong_methods_are_refused(client, evaluated, enterprise_admin):
    client.force_login(enterprise_admin)
    assert client.post(MINE).status_code == 405
    assert client.get(MUTE).status_code == 405


def test_the_mute_form_needs_its_csrf_token(evaluated, enterprise_admin):
    client = Client(enforce_csrf_checks=True)
    client.force_login(enterprise_admin)
    assert client.post(MUTE, {"muted": "1"}).status_code == 403
    assert not PushMute.objects.exists()
