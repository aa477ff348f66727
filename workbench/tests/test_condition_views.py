"""The 申报条件 pages of a draft's item: a condition in the notice's words, its errors at the field."""

import pytest
from django.urls import reverse

from workbench.tests.factories import versioned

pytestmark = pytest.mark.django_db


def _condition(draft, number: int, k: int) -> dict:
    item = next(i for i in draft.data["items"] if i["number"] == number)
    return item["conditions"][k]


def test_a_threshold_in_the_notices_words(client, city_sme, draft):
    client.force_login(city_sme)
    url = reverse("workbench:conditions", args=[draft.pk, 2])
    page = client.get(url).content.decode()
    assert "上年度营业收入" in page  # the 2024 notice's vocabulary, as the notice says it
    data = {"clause": "2023年度营业收入在5000万元以上", "source": "附件1 第2项 申报条件4", "kind": "computable",
            "fact": "operating_revenue_2023", "wording": "以上", "value": "5000", "unit": "", "strictness": "hard",
            "evidence": ["audit_report_2022"]}  # fmt: skip
    response = client.post(url, versioned(draft, data))
    assert response.status_code == 302
    draft.refresh_from_db()
    condition = _condition(draft, 2, -1)
    assert condition["rule"] == {"fact": "operating_revenue_2023", "wording": "以上", "value": 5000.0, "unit": "万元",
                                 "per": None, "growth_from": None}  # fmt: skip
    assert condition["id"] == "item2.condition_1" and condition["evidence"] == ["audit_report_2022"]


def test_yes_no_and_code_facts(client, city_sme, draft):
    client.force_login(city_sme)
    url = reverse("workbench:conditions", args=[draft.pk, 3])
    base = {"source": "附件1 第3项", "kind": "computable", "strictness": "hard"}
    yes = base | {"clause": "获得银行贷款", "fact": "has_bank_loan_in_hengyang", "wording": "等于", "value": "是"}
    assert client.post(url, versioned(draft, yes)).status_code == 302
    codes = base | {"clause": "工业企业", "fact": "industry_category", "wording": "属于", "value": "B、C"}
    assert client.post(url, versioned(draft, codes)).status_code == 302
    draft.refresh_from_db()
    assert _condition(draft, 3, -2)["rule"] == {"fact": "has_bank_loan_in_hengyang", "equals": True}
    assert _condition(draft, 3, -1)["rule"] == {"fact": "industry_category", "one_of": ["B", "C"]}


def test_errors_at_the_field_and_nothing_typed_lost(client, city_sme, draft):
    client.force_login(city_sme)
    url = reverse("workbench:conditions", args=[draft.pk, 2])
    data = {"clause": "营业收入在五千万元以上", "source": "附件1", "kind": "computable",
            "fact": "operating_revenue_2023", "wording": "等于", "value": "五千", "strictness": "hard"}  # fmt: skip
    response = client.post(url, versioned(draft, data))
    assert response.status_code == 400
    text = response.content.decode()
    assert "是数值指标，请选择以上、超过、不满等比较用语" in text
    assert "营业收入在五千万元以上" in text and 'value="五千"' in text
    response = client.post(url, versioned(draft, data | {"wording": "以上"}))
    assert "请填写数字" in response.content.decode()
    response = client.post(
        url, versioned(draft, data | {"fact": "has_bank_loan_in_hengyang", "wording": "以上", "value": "1"})
    )
    assert "比较用语应为“等于”" in response.content.decode()
    response = client.post(url, versioned(draft, data | {"fact": ""}))
    assert "由系统判断的条件须选择判断依据的指标" in response.content.decode()


def test_a_fact_of_another_year_is_refused_by_the_pack_check(client, city_sme, draft):
    client.force_login(city_sme)
    url = reverse("workbench:conditions", args=[draft.pk, 2])
    data = {"clause": "营业收入在5000万元以上", "source": "附件1", "kind": "computable",
            "fact": "operating_revenue_2020", "wording": "以上", "value": "5000", "strictness": "hard"}  # fmt: skip
    response = client.post(url, versioned(draft, data))
    assert response.status_code == 400  # 2020 is not a year of the 2024 notice's vocabulary: not even offered
    assert "operating_revenue_2020" not in response.content.decode().split('id="field-fact"')[1].split("</select>")[0]


def test_changing_a_threshold_and_removing_a_condition(client, city_sme, draft):
    client.force_login(city_sme)
    condition = _condition(draft, 2, 1)
    url = reverse("workbench:condition", args=[draft.pk, 2, condition["id"]])
    page = client.get(url).content.decode()
    assert 'value="300"' in page and "smart_equipment_investment_2023" in page
    data = {"clause": condition["clause"], "source": condition["source"], "kind": "computable",
            "fact": "smart_equipment_investment_2023", "wording": "不少于", "value": "500", "strictness": "hard",
            "evidence": condition["evidence"]}  # fmt: skip
    assert client.post(url, versioned(draft, data)).status_code == 302
    draft.refresh_from_db()
    assert _condition(draft, 2, 1)["rule"]["value"] == 500.0
    count = len(next(i for i in draft.data["items"] if i["number"] == 2)["conditions"])
    assert (
        client.post(
            reverse("workbench:condition_delete", args=[draft.pk, 2, condition["id"]]), versioned(draft)
        ).status_code
        == 302
    )
    draft.refresh_from_db()
    assert len(next(i for i in draft.data["items"] if i["number"] == 2)["conditions"]) == count - 1


def test_other_coordinators_and_unknown_conditions(client, city_sme, approver, draft):
    condition_id = _condition(draft, 2, 0)["id"]
    client.force_login(approver)
    assert client.get(reverse("workbench:conditions", args=[draft.pk, 2])).status_code == 404
    assert (
        client.post(
            reverse("workbench:condition_delete", args=[draft.pk, 2, condition_id]), versioned(draft)
        ).status_code
        == 404
    )
    client.force_login(city_sme)
    assert client.get(reverse("workbench:condition", args=[draft.pk, 2, "no.such"])).status_code == 404
    assert client.get(reverse("workbench:conditions", args=[draft.pk, 99])).status_code == 404
    assert client.get(reverse("workbench:condition_delete", args=[draft.pk, 2, condition_id])).status_code == 405


def test_a_sub_types_conditions_have_their_own_page(client, city_sme, draft):
    client.force_login(city_sme)
    item = next(i for i in draft.data["items"] if i["number"] == 14)
    subtype = item["subtypes"][0]
    url = reverse("workbench:conditions", args=[draft.pk, 14]) + f"?type={subtype['code']}"
    page = client.get(url).content.decode()
    assert subtype["name"] in page and 'id="part-nav"' in page
    data = {"clause": "已通过两化融合管理体系贯标评定", "source": "附件1 第14项", "kind": "attestation",
            "strictness": "hard", "evidence": [subtype["materials"][0]["id"]]}  # fmt: skip
    response = client.post(url, versioned(draft, data))
    assert response.status_code == 302 and response["Location"].endswith(f"?type={subtype['code']}")
    draft.refresh_from_db()
    saved = next(i for i in draft.data["items"] if i["number"] == 14)
    assert saved["subtypes"][0]["conditions"][-1]["clause"] == "已通过两化融合管理体系贯标评定"
    assert saved["conditions"] == []
    condition_id = saved["subtypes"][0]["conditions"][-1]["id"]
    delete = reverse("workbench:condition_delete", args=[draft.pk, 14, condition_id])
    assert client.post(delete, versioned(draft)).status_code == 404  # not a condition of the item itself
    assert client.post(delete + f"?type={subtype['code']}", versioned(draft)).status_code == 302
    assert client.get(reverse("workbench:conditions", args=[draft.pk, 14]) + "?type=no_such").status_code == 404


def test_a_unit_other_than_the_facts_is_refused_at_the_fact(client, city_sme, draft):
    client.force_login(city_sme)
    url = reverse("workbench:conditions", args=[draft.pk, 2])
    data = {"clause": "营业收入在5000万元以上", "source": "附件1", "kind": "computable", "strictness": "hard",
            "fact": "operating_revenue_2023", "wording": "以上", "value": "5000", "unit": "元"}  # fmt: skip
    response = client.post(url, versioned(draft, data))
    assert response.status_code == 400
    text = response.content.decode()
    field = text[text.index('id="field-fact"') : text.index('id="field-wording"')]
    assert "阈值单位 元 与事实 operating_revenue_2023 的单位 万元 不一致" in field
