"""我的待办 on an official's home page: the applications whose turn is theirs (the workflow table's holders),
counted by status within what they may see, each count a link to the filtered work list."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import Jurisdiction
from accounts.tests.factories import EnterpriseFactory
from applications.tests.factories import ApplicationFactory
from dashboard.selectors import work_waiting_for

pytestmark = pytest.mark.django_db
HOME = reverse("dashboard:home")
WORKLIST = reverse("review:worklist")


@pytest.fixture
def applications(db):
    """珠晖区 (county_industry's): two submitted, one county-approved, one recommended to 装备工业科 (item 2),
    one draft and one awarded; 耒阳市 (other_county's): three submitted."""
    zhuhui, leiyang = Jurisdiction.objects.get(code="430405"), Jurisdiction.objects.get(code="430481")

    def make(jurisdiction, **state):
        return ApplicationFactory(number=2, enterprise=EnterpriseFactory(jurisdiction=jurisdiction), **state)

    for _ in range(2):
        make(zhuhui, submitted=True)
    make(zhuhui, county_approved=True)
    make(zhuhui, recommended=True)
    make(zhuhui)  # a draft: the enterprise's turn
    make(zhuhui, awarded=True)  # final: nobody's turn
    for _ in range(3):
        make(leiyang, submitted=True)


def _waiting(user) -> dict[str, int]:
    return {row.status: row.count for row in work_waiting_for(user)}


def test_the_county_industry_reviewer_waits_on_its_own_county_only(county_industry, other_county, applications):
    assert _waiting(county_industry) == {"submitted": 2, "county_approved": 1}
    assert _waiting(other_county) == {"submitted": 3}


def test_the_county_finance_reviewer_does_not_hold_the_recommendation(county_finance, applications):
    assert _waiting(county_finance) == {"submitted": 2}


def test_the_section_waits_on_what_was_recommended_for_its_items(city_section, applications):
    assert _waiting(city_section) == {"recommended": 1}


def test_nothing_waits_for_the_auditor_or_an_enterprise(auditor, enterprise_user, applications):
    assert work_waiting_for(auditor) == [] and work_waiting_for(enterprise_user) == []


def test_the_home_page_lists_the_counts_as_links_to_the_work_list(client, county_industry, applications):
    client.force_login(county_industry)
    body = client.get(HOME).content.decode()
    block = body[body.index('id="work-waiting"') :]
    assert "我的待办" in block
    assert f'href="{WORKLIST}?status=submitted">已提交：<strong>2</strong> 件</a>' in block
    assert f'href="{WORKLIST}?status=county_approved">县级已通过：<strong>1</strong> 件</a>' in block


def test_a_home_without_waiting_work_has_no_block(client, auditor, applications):
    client.force_login(auditor)
    assert 'id="work-waiting"' not in client.get(HOME).content.decode()


def test_one_query_whatever_the_statuses(county_industry, applications, django_assert_num_queries):
    # The user's organisation and roles are read once per request (the menu reads them too).
    assert county_industry.organisation.jurisdiction_id and county_industry.role_set
    with django_assert_num_queries(1):
        work_waiting_for(county_industry)
