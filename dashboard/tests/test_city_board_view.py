"""The city's 数据看板: 中小企业科, 财政局企业科 and the sections, each over what its work list shows."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.models import Jurisdiction
from accounts.tests.factories import EnterpriseFactory
from applications.tests.factories import ApplicationFactory
from dashboard.tests.board_html import assert_charts_equal_tables, charts_of, tables_of
from review.models import ItemBudget

pytestmark = pytest.mark.django_db
URL = reverse("dashboard:city_board")
WORKLIST = reverse("review:worklist")


def _row(table: dict, label_start: str) -> dict[str, tuple[str, str | None]]:
    """The row whose header starts with `label_start`, as {column header: (text, link)}."""
    label, cells = next(r for r in table["rows"] if r[0].startswith(label_start))
    return dict(zip(table["headers"][1:], cells, strict=True))


@pytest.fixture
def city_data(db):
    """Item 2 (装备工业科) and item 3 (限报) in 珠晖区 and 常宁市, in states the city does and does not see."""
    zhuhui = Jurisdiction.objects.get(code="430405")
    changning = Jurisdiction.objects.get(code="430482")
    ApplicationFactory(number=2, recommended=True, enterprise=EnterpriseFactory(jurisdiction=zhuhui))
    ApplicationFactory(number=2, recommended=True, enterprise=EnterpriseFactory(jurisdiction=zhuhui))
    ApplicationFactory(number=2, awarded=True, enterprise=EnterpriseFactory(jurisdiction=changning))
    ApplicationFactory(number=3, city_review=True, enterprise=EnterpriseFactory(jurisdiction=changning))
    ApplicationFactory(number=2, submitted=True, enterprise=EnterpriseFactory(jurisdiction=zhuhui))  # county only
    return {"zhuhui": zhuhui, "changning": changning}


def test_city_board_counts_by_item_and_county_with_links(client, city_sme, city_data):
    client.force_login(city_sme)
    response = client.get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    tables = tables_of(body)
    item2 = _row(tables["by-item"], "2.")
    assert item2["已推荐"][0] == "2" and item2["已确定奖补"][0] == "1"
    assert item2["已推荐"][1] == f"{WORKLIST}?item=2&status=recommended"
    assert "已提交" not in tables["by-item"]["headers"]  # the city never sees a county's pending work
    assert "仅统计本科室" not in body  # the 中小企业科 sees every item
    zhuhui = _row(tables["by-county"], "珠晖区")
    assert zhuhui["已推荐"] == ("2", f"{WORKLIST}?status=recommended&jurisdiction={city_data['zhuhui'].pk}")
    assert _row(tables["by-county"], "常宁市")["市级审核中"][0] == "1"
    progress = _row(tables["progress"], "珠晖区")
    assert progress["已上报市级"][0] == "2" and progress["市级审核通过"][0] == "0"
    assert "截止 2023-08-25" in progress["距截止剩余工作日"][0]


def test_every_chart_equals_its_table(client, city_sme, city_data):
    client.force_login(city_sme)
    body = client.get(URL).content.decode()
    assert set(charts_of(body)) == {"by-item", "by-county", "amounts", "progress", "stage-times", "quota"}
    assert assert_charts_equal_tables(body) > 100


def test_amounts_against_budget_or_no_budget(client, city_finance, city_data):
    from policies.tests.factories import stored_pack_2023

    ItemBudget.objects.create(item=stored_pack_2023().items.get(number=2), amount=Decimal("500"))
    client.force_login(city_finance)
    tables = tables_of(client.get(URL).content.decode())
    item2 = _row(tables["amounts"], "2.")
    assert item2["预算"] == ("500.00", None)
    assert item2["申请金额"][0] == "150.00"  # 3 applications of 50 万元 the city sees
    assert item2["确定奖补"][1] == f"{WORKLIST}?item=2&status=awarded"
    assert _row(tables["amounts"], "3.")["预算"] == ("未设预算", None)


def test_quota_use_for_every_item_with_a_quota(client, city_sme, city_data):
    from policies.tests.factories import stored_pack_2023

    client.force_login(city_sme)
    table = tables_of(client.get(URL).content.decode())["quota"]
    quota_items = stored_pack_2023().items.filter(county_quota__isnull=False).order_by("number")
    assert table["headers"][1:] == [f"第{i.number}项（限报{i.county_quota}个）" for i in quota_items]
    changning = _row(table, "常宁市")
    assert changning["第3项（限报1个）"] == ("1", f"{WORKLIST}?item=3&jurisdiction={city_data['changning'].pk}")


def test_stage_times_from_the_opinions(client, city_sme, city_data):
    client.force_login(city_sme)
    body = client.get(URL).content.decode()
    spec = charts_of(body)["stage-times"]
    assert spec["categories"] == ["县级审核（工信部门）", "县级审核（财政部门）", "市级审核（科室）"]
    medians = spec["series"][0]["data"]
    assert medians[0] is not None and medians[0] >= 0  # every application the city sees had county opinions
    assert "县级审核（工信部门）：4 份意见" in body


def test_section_sees_only_its_items(client, city_section, city_data):
    client.force_login(city_section)
    body = client.get(URL).content.decode()
    tables = tables_of(body)
    assert [r[0][:2] for r in tables["by-item"]["rows"]] == ["1.", "2."]  # 装备工业科: items 1 and 2
    assert _row(tables["by-county"], "常宁市")["市级审核中"][0] == "0"  # the item 3 application is not its
    assert "quota" not in tables  # neither of its items has a quota
    assert "仅统计本科室负责的支持事项" in body


@pytest.mark.parametrize("name", ["county_industry", "enterprise_user", "auditor"])
def test_other_roles_are_refused(client, request, name):
    client.force_login(request.getfixturevalue(name))
    assert client.get(URL).status_code == 404


def test_anonymous_goes_to_login(client):
    assert client.get(URL).status_code == 302


def test_wrong_method(client, city_sme):
    client.force_login(city_sme)
    assert client.post(URL).status_code == 405


def test_query_count_does_not_grow_with_applications(client, city_sme, city_data, django_assert_num_queries):
    client.force_login(city_sme)
    client.get(URL)  # warm the pack cache
    # 15: session, user with its organisation, roles, pack, items, jurisdictions; counts by item, counts by county,
    # amounts, budgets, quota use, submission windows, county and city stage times; the menu's unread badge.
    with django_assert_num_queries(15):
        assert client.get(URL).status_code == 200
    for number in (1, 3, 4, 10):
        ApplicationFactory(number=number, city_approved=True)
        ApplicationFactory(number=number, awarded=True, enterprise=EnterpriseFactory(
            jurisdiction=city_data["changning"]))  # fmt: skip
    with django_assert_num_queries(15):
        assert client.get(URL).status_code == 200


def test_stage_times_are_median_and_p90_of_the_opinions(client, city_sme, city_data):
    """The 工信 department's opinions came 1, 2, 3 and 4 days after the submissions: median 2.5 days, p90 3.7
    (percentile_cont on PostgreSQL, the same interpolation in Python on SQLite)."""
    import datetime as dt

    from review.models import ReviewOpinion

    opinions = ReviewOpinion.objects.filter(stage="county", department="industry", application__status__in=[
        "recommended", "city_review", "awarded"]).select_related("application").order_by("pk")  # fmt: skip
    assert len(opinions) == 4
    for days, opinion in enumerate(opinions, start=1):
        ReviewOpinion.objects.filter(pk=opinion.pk).update(
            created_at=opinion.application.submitted_at + dt.timedelta(days=days)
        )
    client.force_login(city_sme)
    table = tables_of(client.get(URL).content.decode())["stage-times"]
    assert _row(table, "县级审核（工信部门）") == {
        "中位数": ("2.5", f"{WORKLIST}?status=county_review"),
        "90% 分位数": ("3.7", f"{WORKLIST}?status=county_review"),
    }
