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


def test_only_the_states_after_the_public_notice_can_have_an_award():
    from applications.workflow import ApplicationStatus as S
    from awards.templatetags.awards import AWARD_STATES

    # The workflow table's rule the page relies on: 公示 takes an application to PUBLICISED, and from there
    # only to AWARDED or (an upheld objection) CITY_REJECTED.
    assert {S.PUBLICISED, S.AWARDED, S.CITY_REJECTED} == AWARD_STATES


def test_the_page_of_an_application_before_the_public_notice_reads_no_award(
    client, cosigned_list, approved_applications, enterprise_admin
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(enterprise_admin)
    url = reverse("applications:edit", args=[approved_applications[0].pk])
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        body = client.get(url).content.decode()
    assert 'id="award"' not in body
    assert not [q for q in queries.captured_queries if "awards_awardentry" in q["sql"]]
