"""A county's 数据看板: its own pipeline, its quota use and its deadline, never another county's numbers."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from accounts.models import Jurisdiction
from accounts.tests.factories import EnterpriseFactory
from applications.models import SubmissionWindow
from applications.tests.factories import ApplicationFactory
from dashboard.tests.board_html import assert_charts_equal_tables, charts_of, tables_of

pytestmark = pytest.mark.django_db
URL = reverse("dashboard:county_board")
WORKLIST = reverse("review:worklist")


@pytest.fixture
def county_data(db):
    """珠晖区 (county_industry's) and 耒阳市 (other_county's) applications."""
    zhuhui = Jurisdiction.objects.get(code="430405")
    leiyang = Jurisdiction.objects.get(code="430481")
    ApplicationFactory(number=2, submitted=True, enterprise=EnterpriseFactory(jurisdiction=zhuhui))
    ApplicationFactory(number=2, county_review=True, enterprise=EnterpriseFactory(jurisdiction=zhuhui))
    ApplicationFactory(number=3, recommended=True, enterprise=EnterpriseFactory(jurisdiction=zhuhui))
    for _ in range(3):
        ApplicationFactory(number=2, submitted=True, enterprise=EnterpriseFactory(jurisdiction=leiyang))
    return {"zhuhui": zhuhui, "leiyang": leiyang}


def _row(table: dict, label_start: str) -> dict[str, tuple[str, str | None]]:
    label, cells = next(r for r in table["rows"] if r[0].startswith(label_start))
    return dict(zip(table["headers"][1:], cells, strict=True))


@pytest.mark.parametrize("name", ["county_industry", "county_finance"])
def test_county_sees_its_pipeline(client, request, name, county_data):
    client.force_login(request.getfixturevalue(name))
    response = client.get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    tables = tables_of(body)
    item2 = _row(tables["by-item"], "2.")
    assert item2["已提交"] == ("1", f"{WORKLIST}?item=2&status=submitted")  # its own work list: no county filter
    assert item2["县级审核中"][0] == "1"
    assert [r[0] for r in tables["progress"]["rows"]] == ["珠晖区"]
    assert _row(tables["progress"], "珠晖区")["已上报市级"][0] == "1"
    assert _row(tables["quota"], "珠晖区")["第3项（限报1个）"] == ("1", f"{WORKLIST}?item=3")
    assert "by-county" not in tables and "amounts" not in tables
    assert "本辖区申报截止：<strong>2023年8月25日</strong>" in body


def test_every_chart_equals_its_table(client, county_industry, county_data):
    client.force_login(county_industry)
    body = client.get(URL).content.decode()
    assert set(charts_of(body)) == {"by-item", "progress", "quota", "stage-times"}
    assert assert_charts_equal_tables(body) > 50


def test_another_county_sees_only_its_own_even_with_a_crafted_query(client, other_county, county_data):
    client.force_login(other_county)
    crafted = {"jurisdiction": county_data["zhuhui"].pk, "county": county_data["zhuhui"].code, "item": 3}
    body = client.get(URL, crafted).content.decode()
    tables = tables_of(body)
    assert [r[0] for r in tables["progress"]["rows"]] == ["耒阳市"]
    assert _row(tables["by-item"], "2.")["已提交"][0] == "3"
    assert _row(tables["by-item"], "3.")["已推荐"][0] == "0"  # 珠晖区's item 3 application is not counted
    assert "珠晖区" not in body


def test_county_deadline_follows_its_earlier_window(client, county_industry, county_data):
    from policies.tests.factories import stored_pack_2023

    SubmissionWindow.objects.create(pack=stored_pack_2023(), jurisdiction=county_data["zhuhui"],
                                    kind=SubmissionWindow.Kind.COUNTY_EARLIER, closes_on=dt.date(2023, 8, 18),
                                    reason="区内初审")  # fmt: skip
    client.force_login(county_industry)
    body = client.get(URL).content.decode()
    assert "2023年8月18日" in body
    assert "截止 2023-08-18" in _row(tables_of(body)["progress"], "珠晖区")["距截止剩余工作日"][0]


@pytest.mark.parametrize("name", ["city_sme", "city_section", "enterprise_user", "auditor"])
def test_other_roles_are_refused(client, request, name):
    client.force_login(request.getfixturevalue(name))
    assert client.get(URL).status_code == 404


def test_wrong_method(client, county_industry):
    client.force_login(county_industry)
    assert client.post(URL).status_code == 405


def test_query_count_does_not_grow_with_applications(client, county_industry, county_data, django_assert_num_queries):
    client.force_login(county_industry)
    client.get(URL)  # warm the pack cache
    # 15: session, user with its organisation (accounts.backends.UserBackend), roles, pack, items, the county's
    # jurisdiction; counts by item and by county, amounts, budgets, quota use, submission windows, county and city
    # stage times; the unread badge.
    with django_assert_num_queries(15):
        assert client.get(URL).status_code == 200
    for number in (1, 3, 4, 10):
        ApplicationFactory(number=number, county_approved=True, enterprise=EnterpriseFactory(
            jurisdiction=county_data["zhuhui"]))  # fmt: skip
        ApplicationFactory(number=number, awarded=True, enterprise=EnterpriseFactory(
            jurisdiction=county_data["zhuhui"]))  # fmt: skip
    with django_assert_num_queries(15):
        assert client.get(URL).status_code == 200
