"""The preview of a draft pack (workbench/views/preview.py): catalogue, item page, calculator, empty 申报书; and
that a draft is never visible to, nor open to applications by, an enterprise."""

from __future__ import annotations

import copy
import io
import json

import pytest
from django.urls import reverse
from docx import Document

from documents.exporters.base import DOCX
from eligibility.engine import evaluate_pack
from eligibility.forms import fact_groups
from eligibility.profile import validate_facts
from eligibility.reports import ELIGIBLE
from policies.facts import FACTS
from policies.models import PolicyPack
from policies.permissions import pack_by_reference_for_user
from workbench.services import draft_data_save
from workbench.tests.factories import draft_2024
from workbench.tryout import pack_models_from_data

pytestmark = pytest.mark.django_db

NEW_NAME = "培育数字化转型示范企业（草稿新增）"


def _renumbered(item: dict, number: int) -> dict:
    """A copy of an item as a new item: its number, code and condition ids its own."""
    text = json.dumps(item, ensure_ascii=False).replace(f"item{item['number']}.", f"item{number}.")
    new = json.loads(text)
    new.update(number=number, code=f"{item['code']}_new", name=NEW_NAME)
    return new


@pytest.fixture
def draft(stored_pack, city_sme):
    draft = draft_2024(actor=city_sme, pack=stored_pack)
    data = copy.deepcopy(draft.data)
    data["items"].append(_renumbered(data["items"][-1], 15))
    data["pack"]["project_limit"]["excluded_items"].append(15)  # a copy of item 14: 不计入申报项目数 like it
    return draft_data_save(
        actor=city_sme, draft=draft, data=data, what="添加第15项", expected_data_version=draft.data_version
    )


def test_catalogue_lists_the_draft_items_with_the_preview_banner(client, city_sme, draft):
    client.force_login(city_sme)
    response = client.get(reverse("workbench:preview", args=[draft.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="preview-banner"' in html and "发布前企业看不到，也不能申报" in html
    assert NEW_NAME in html
    assert reverse("workbench:preview_item", args=[draft.pk, 15]) in html
    assert reverse("policies:item_detail", args=[15]) not in html


def test_item_page_shows_conditions_materials_and_the_form_preview(client, city_sme, draft):
    client.force_login(city_sme)
    response = client.get(reverse("workbench:preview_item", args=[draft.pk, 1]))
    assert response.status_code == 200
    html = response.content.decode()
    item = draft.data["items"][0]
    assert item["name"] in html
    assert item["conditions"][0]["clause"] in html
    assert 'class="form-preview"' in html
    assert client.get(reverse("workbench:preview_item", args=[draft.pk, 99])).status_code == 404


def _eligible_facts(draft) -> dict[str, str]:
    """Calculator input under which the draft finds some item 符合 or 需佐证 (asserted by the single engine)."""
    models = pack_models_from_data(draft.data)
    posted: dict[str, str] = {}
    facts: dict = {}
    for _, names in fact_groups(models.pack, models.items):
        for name in names:
            fact = FACTS[name]
            if fact.type == "boolean":
                facts[name] = name != "is_dishonest_judgment_debtor"
                posted[name] = "true" if facts[name] else "false"
            elif name in ("industry_category", "smart_manufacturing_maturity_level"):
                facts[name] = posted[name] = {"industry_category": "C"}.get(name, "3")
            elif fact.type in ("number", "integer"):
                facts[name] = 50.0 if fact.unit == "%" else 100000.0
                posted[name] = str(int(facts[name]))
    facts, errors = validate_facts(facts, notice_year=models.pack.year)
    assert not errors
    assert any(r.status in ELIGIBLE for r in evaluate_pack(models.pack, models.items, facts))
    return posted


def test_calculator_evaluates_the_draft_and_offers_no_application(client, city_sme, draft):
    client.force_login(city_sme)
    url = reverse("workbench:preview_calculator", args=[draft.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, _eligible_facts(draft))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-item="15' in html  # the draft's own new item is evaluated
    assert "result--met" in html or "result--needs_evidence" in html
    assert ">申报</a>" not in html  # no application button, though an item is open to this enterprise
    assert reverse("policies:item_detail", args=[1]) not in html
    partial = client.post(url, {"industry_division": "35"}, headers={"HX-Request": "true"})
    assert partial.content.decode().lstrip().startswith('<section id="results"')


def test_empty_application_docx(client, city_sme, draft):
    client.force_login(city_sme)
    response = client.get(reverse("workbench:preview_docx", args=[draft.pk, 15]))
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    document = Document(io.BytesIO(response.content))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    text = "\n".join([p.text for p in document.paragraphs] + cells)
    assert NEW_NAME in text
    form = draft.data["forms"][draft.data["items"][-1]["forms"][0]]
    assert form["title"] in text and "回执号：草稿（未提交）" in text


def test_the_draft_is_never_visible_or_applicable_to_an_enterprise(client, city_sme, enterprise_user, draft):
    client.force_login(city_sme)
    packs = PolicyPack.objects.count()
    for name, args in [("preview", [draft.pk]), ("preview_item", [draft.pk, 15]), ("preview_docx", [draft.pk, 15])]:
        assert client.get(reverse(f"workbench:{name}", args=args)).status_code == 200
    assert PolicyPack.objects.count() == packs  # the preview stores nothing
    assert not PolicyPack.objects.filter(pack_id=draft.pack_id).exists()

    client.force_login(enterprise_user)
    for name, args in [
        ("preview", [draft.pk]),
        ("preview_item", [draft.pk, 15]),
        ("preview_docx", [draft.pk, 15]),
        ("preview_calculator", [draft.pk]),
    ]:
        assert client.get(reverse(f"workbench:{name}", args=args)).status_code == 404
    assert NEW_NAME not in client.get(reverse("policies:catalogue")).content.decode()
    assert client.get(reverse("policies:item_detail", args=[15])).status_code == 404
    assert client.get(reverse("applications:start", args=[15])).status_code == 404
    assert client.post(reverse("applications:start", args=[15])).status_code == 404
    assert pack_by_reference_for_user(enterprise_user, draft.pack_id) is None


def test_other_staff_do_not_see_the_preview(client, city_section, draft):
    client.force_login(city_section)
    assert client.get(reverse("workbench:preview", args=[draft.pk])).status_code == 404


def test_wrong_methods(client, city_sme, draft):
    client.force_login(city_sme)
    assert client.post(reverse("workbench:preview", args=[draft.pk])).status_code == 405
    assert client.post(reverse("workbench:preview_docx", args=[draft.pk, 1])).status_code == 405
    assert client.put(reverse("workbench:preview_calculator", args=[draft.pk])).status_code == 405
