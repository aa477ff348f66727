"""The ledger page (/funds/): each role sees its own awards and the totals of the same rows, filters narrow
rows and totals alike, the HTMX filter returns only the results, the auditor is refused, and the query count
does not grow with the number of awards."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Jurisdiction
from awards.models import PublicNotice
from dashboard.navigation import menu_for
from funds.tests.ledger import HOME, allocation_issued, pay, two_county_list
from funds.workflow import FundStatus
from performance.tests.awarded import awarded_list

pytestmark = pytest.mark.django_db
LEDGER = reverse("funds:ledger")


def body_of(client, user, url=LEDGER, data=None, **kwargs) -> str:
    client.force_login(user)
    response = client.get(url, data or {}, **kwargs)
    assert response.status_code == 200
    return response.content.decode()


def rows_of(body: str) -> str:
    return body[body.index('id="ledger-rows"') :]


def totals_of(body: str) -> str:
    return body[body.index('id="ledger-totals"') : body.index('id="ledger-rows"')]


def test_the_city_sees_every_award_with_totals_in_wan(client, issued, county_finance, city_finance):
    home, other = issued
    pay(county_finance, home, "400000.00")
    body = body_of(client, city_finance)
    rows = rows_of(body)
    assert home.enterprise.name in rows and other.enterprise.name in rows
    assert reverse("funds:fund", args=[home.fund.pk]) in rows
    assert "全市已定稿奖补名单" in body
    totals = totals_of(body)
    # 合计: awarded 150, allocated 150, paid 40, confirmed 0, outstanding 110 (万元); one row per county.
    assert "<td>150.00</td><td>150.00</td><td>40.00</td><td>0.00</td><td>110.00</td>" in totals
    assert "珠晖区" in totals and "耒阳市" in totals
    assert "部分拨付" in rows and "已下达" in rows


def test_a_county_and_an_enterprise_see_their_own_only(
    client, issued, county_finance, other_county, enterprise_admin, enterprise_user
):
    home, other = issued
    for user, sees, hidden in ((county_finance, home, other), (enterprise_admin, home, other),
                               (other_county, other, home)):  # fmt: skip
        rows = rows_of(body_of(client, user))
        assert sees.enterprise.name in rows and hidden.enterprise.name not in rows
    assert "本企业已定稿奖补名单" in body_of(client, enterprise_admin)
    assert "珠晖区已定稿奖补名单" in body_of(client, county_finance)
    body = body_of(client, enterprise_user)  # another enterprise of the same county
    assert "没有符合条件的奖补项目" in body and home.enterprise.name not in body
    assert 'name="county"' not in body_of(client, county_finance)  # the county filter is the city's


def test_the_excel_export_takes_the_filters_shown(client, issued, city_finance):
    county = Jurisdiction.objects.get(code=HOME)
    body = body_of(client, city_finance, data={"county": county.pk, "status": FundStatus.ALLOCATED})
    exports = body[body.index('id="ledger-exports"') :].split("</div>")[0]
    assert 'name="exporter" value="funds_ledger_xlsx"' in exports  # a background job, started by POST
    assert (
        f'name="county" value="{county.pk}"' in exports and f'name="status" value="{FundStatus.ALLOCATED}"' in exports
    )
    assert 'name="item"' not in exports  # an empty filter is not passed on


def test_filters_narrow_the_rows_and_the_totals(client, issued, county_finance, city_finance):
    home, other = issued
    pay(county_finance, home, "1000000.00")
    county = Jurisdiction.objects.get(code=HOME)
    body = body_of(client, city_finance, data={"county": county.pk})
    assert home.enterprise.name in rows_of(body) and other.enterprise.name not in rows_of(body)
    assert "<td>100.00</td><td>100.00</td><td>100.00</td><td>0.00</td><td>0.00</td>" in totals_of(body)
    body = body_of(client, city_finance, data={"status": FundStatus.ALLOCATED, "group": "status"})
    assert other.enterprise.name in rows_of(body) and home.enterprise.name not in rows_of(body)
    assert '<th scope="row">已下达</th>' in totals_of(body)
    body = body_of(client, city_finance, data={"item": home.item_id, "group": "item"})
    assert f"{home.item.number}. {home.item.name}" in totals_of(body)


def test_an_award_before_its_allocation_is_pending_without_a_fund_page(client, final_list, city_finance):
    award_list, (home, _) = final_list
    body = body_of(client, city_finance, data={"award_list": award_list.pk, "group": "list"})
    assert "待下达" in rows_of(body) and "/funds/awards/" not in rows_of(body)
    assert f"奖补名单 #{award_list.pk}" in totals_of(body)


def test_an_unknown_filter_value_is_ignored(client, issued, city_finance):
    home, _ = issued
    assert home.enterprise.name in body_of(client, city_finance, data={"status": "nonsense", "county": "x"})


def test_the_htmx_filter_returns_only_the_results(client, issued, city_finance):
    body = body_of(client, city_finance, headers={"HX-Request": "true"})
    assert body.lstrip().startswith('<div id="ledger-results">') and "<html" not in body


@pytest.mark.parametrize("persona", ["auditor", "admin"])
def test_the_ledger_is_not_found_for_roles_without_awards(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(LEDGER).status_code == 404


def test_the_ledger_refuses_post(client, city_finance):
    client.force_login(city_finance)
    assert client.post(LEDGER).status_code == 405


def _queries(client, user) -> int:
    client.force_login(user)
    client.get(LEDGER)  # the session's first request renews it (core/passive_session.py); the next does not
    with CaptureQueriesContext(connection) as captured:
        assert client.get(LEDGER).status_code == 200
    return len(captured)


def test_the_query_count_does_not_grow_with_the_awards(client, stored_pack, city_sme, city_finance, enterprise_admin):
    """2 awards, then 52 (past one page): session, user (with its organisation), roles; the totals by county and
    the counties' names, the page count, the grand total; the frame (unread badge); the filter's items, counties
    and lists; the page of rows (enterprise, county, item and fund joined): 12."""
    two_county_list(stored_pack, sme=city_sme, owner=enterprise_admin)
    small = _queries(client, city_finance)
    award_list, _ = awarded_list(stored_pack, sme=city_sme, count=50, item_number=12)
    allocation_issued(award_list, city_finance=city_finance, city_sme=city_sme, number="衡财企指〔2024〕9号")
    large = _queries(client, city_finance)
    assert (small, large) == (12, 12)


# --- the ways in: the menu, the home pages, the application page ---


@pytest.mark.parametrize(
    ("persona", "links"),
    [("enterprise_admin", {"奖补资金"}), ("enterprise_user", {"奖补资金"}), ("county_industry", {"奖补资金"}),
     ("county_finance", {"奖补资金", "资金下达", "调减与追回"}), ("city_section", {"奖补资金"}),
     ("city_sme", {"奖补资金", "资金下达", "调减与追回"}), ("city_finance", {"奖补资金", "资金下达", "调减与追回"}),
     ("auditor", set()),
     ("admin", set())],
)  # fmt: skip
def test_the_menu_links_the_funds_pages(request, persona, links):
    menu = dict(menu_for(request.getfixturevalue(persona)))
    assert {label for label, name in menu.items() if name.startswith("funds:")} == links


def test_the_city_finance_home_page_links_the_money_it_promises(client, city_finance, county_finance):
    body = body_of(client, city_finance, reverse("dashboard:home"))
    card = body[body.index('id="cosign"') :]
    assert "跟踪资金拨付" in card and reverse("funds:ledger") in card and reverse("funds:allocation_index") in card
    assert reverse("funds:ledger") in body_of(client, county_finance, reverse("dashboard:home"))


def test_an_awarded_application_links_its_fund_page(client, final_list, issued, city_sme, county_finance,
                                                     enterprise_admin):  # fmt: skip
    home, _ = issued
    PublicNotice.objects.create(award_list=final_list[0], starts_on=dt.date(2024, 1, 2), ends_on=dt.date(2024, 1, 8),
                                working_days=5, published_by=city_sme, published_at=timezone.now())  # fmt: skip
    pay(county_finance, home, "250000.00")
    body = body_of(client, enterprise_admin, reverse("applications:edit", args=[home.pk]))
    line = body[body.index('id="fund"') :]
    assert (
        reverse("funds:fund", args=[home.fund.pk]) in line and "部分拨付：已拨付 25.00 万元（下达 100.00 万元）" in line
    )
