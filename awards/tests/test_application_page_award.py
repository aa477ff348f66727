"""The enterprise's application page states its award: the amount in figures and in capitals."""

import pytest
from django.urls import reverse

from awards import services
from awards.tests.helpers import AFTER_PERIOD

pytestmark = pytest.mark.django_db


def test_the_awarded_amount_is_stated_in_figures_and_in_capitals(
    client, city_sme, notice, approved_applications, enterprise_admin
):
    services.award_list_finalise(actor=city_sme, award_list=notice.award_list, today=AFTER_PERIOD)
    client.force_login(enterprise_admin)
    body = client.get(reverse("applications:edit", args=[approved_applications[0].pk])).content.decode()
    assert '<dd id="award">已确定奖补：50.00 万元（大写：人民币伍拾万元整）</dd>' in body


def test_the_publicised_amount_is_stated_too(client, notice, approved_applications, enterprise_admin):
    client.force_login(enterprise_admin)
    body = client.get(reverse("applications:edit", args=[approved_applications[1].pk])).content.decode()
    assert "已列入奖补名单，正在公示：30.00 万元（大写：人民币叁拾万元整）" in body


def test_an_official_of_another_county_gets_404(client, notice, approved_applications, other_county):
    client.force_login(other_county)
    assert client.get(reverse("applications:edit", args=[approved_applications[0].pk])).status_code == 404
