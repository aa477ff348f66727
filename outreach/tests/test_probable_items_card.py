"""{% probable_items_card %}: the enterprise's probable items for its home page."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from applications.tests.helpers import ELIGIBLE_PROFILE
from enterprises.tests.factories import make_profile

pytestmark = pytest.mark.django_db
CARD = Template("{% load push %}{% probable_items_card %}")


def _render(user) -> str:
    request = RequestFactory().get("/")
    request.user = user
    return CARD.render(Context({"request": request}))


def test_the_probable_items_not_applied_for(evaluated, enterprise_admin):
    body = _render(enterprise_admin)
    assert "可能符合的支持事项" in body and "开始申报" in body and "第2项" in body
    assert "不符合" not in body


def test_not_evaluated_yet(stored_pack, enterprise_admin):
    make_profile(enterprise=enterprise_admin.organisation, data=ELIGIBLE_PROFILE)
    assert "尚未评估" in _render(enterprise_admin)


def test_nothing_for_an_official(evaluated, county_industry):
    assert _render(county_industry).strip() == ""


def test_the_enterprise_s_home_shows_the_card(client, evaluated, enterprise_admin):
    """/home/ opens 我的申报 for an enterprise: the card is there, above its applications."""
    from django.urls import reverse

    client.force_login(enterprise_admin)
    response = client.get(reverse("dashboard:home"), follow=True)
    body = response.content.decode()
    assert response.redirect_chain and response.redirect_chain[-1][0] == reverse("applications:mine")
    assert 'id="probable-items-card"' in body and "第2项" in body and "开始申报" in body
    assert body.index('id="probable-items-card"') < body.index("<table")
