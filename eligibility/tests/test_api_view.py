"""The JSON API: POST a profile, get the result; errors name the field."""

import json

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db
URL = reverse("eligibility:api_evaluate")


def _post(client, body, **kw):
    return client.post(URL, data=json.dumps(body), content_type="application/json", **kw)


def test_api_returns_statuses_and_explanations(client, stored_pack, item2_facts):
    response = _post(client, {"facts": item2_facts})
    assert response.status_code == 200
    data = response.json()
    assert data["pack"] == {"id": "hengyang-2023-gxj51", "version": 1}
    assert data["item_verdicts"]["2"] == "needs_evidence"
    assert data["item_verdicts"]["3"] == "not_met"
    item3 = next(i for i in data["items"] if i["number"] == 3)
    rd = next(c for c in item3["conditions"] if c["id"] == "item3.rd_ratio")
    assert rd["status"] == "not_met" and rd["gap"] == "差 1个百分点"
    assert rd["inputs"][0]["fact"] == "rd_expense_2022" and rd["inputs"][0]["value"] == 200


@pytest.mark.parametrize(
    "facts,field,message",
    [
        ({"valid_patents": "many"}, "valid_patents", "应为数字"),
        ({"operating_revenue_2022": -5}, "operating_revenue_2022", "不能为负数"),
        ({"no_such_fact": 1}, "no_such_fact", "未知的事实名称"),
        ({"operating_revenue_2031": 1}, "operating_revenue_2031", "年度 2031 尚未到来"),
        ({"operating_revenue_2015": 1}, "operating_revenue_2015", "没有年度 2015"),
        ({"has_own_brand": "yes"}, "has_own_brand", "应为“是”或“否”"),
        ({"industry_division": "3x"}, "industry_division", "两位数字"),
    ],
)
def test_bad_profile_names_the_field(client, stored_pack, facts, field, message):
    response = _post(client, {"facts": facts})
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors[0]["field"] == field and message in errors[0]["message"]


def test_malformed_json(client, stored_pack):
    response = client.post(URL, data=b"{not json", content_type="application/json")
    assert response.status_code == 400 and "JSON" in response.json()["errors"][0]["message"]


def test_negative_profit_is_allowed(client, stored_pack):
    assert _post(client, {"facts": {"net_profit_2022": -12.5}}).status_code == 200


def test_verified_facts_give_met(client, stored_pack, item2_facts):
    verified = list(item2_facts)
    data = _post(client, {"facts": item2_facts, "verified": verified}).json()
    item2 = next(i for i in data["items"] if i["number"] == 2)
    bank = next(c for c in item2["conditions"] if "has_bank_loan_in_hengyang" in json.dumps(c["inputs"]))
    assert bank["status"] == "met"


def test_get_is_not_allowed(client, stored_pack):
    assert client.get(URL).status_code == 405


def test_nothing_is_stored(client, stored_pack, item2_facts, django_assert_num_queries, settings):
    # current pack only: no insert, no session. The rate limit's counter, the one write (in its cache table), is
    # eligibility/tests/test_security_rate_limits.py's subject.
    settings.RATE_LIMITS = {}
    with django_assert_num_queries(1):
        _post(client, {"facts": item2_facts})
