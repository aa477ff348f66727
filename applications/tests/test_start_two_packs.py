"""Starting an application with two packs published: without a choice the 2023 notice's item; with
?pack=example-2024 the example's item, and the application belongs to that pack; a draft pack is 404."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from applications import services
from applications.models import Application
from policies.tests.example_pack import FIGURES_2020_2022
from policies.tests.two_packs import DRAFT_ID, both_packs_and_a_draft

pytestmark = pytest.mark.django_db
EXAMPLE = "?pack=example-2024"


@pytest.fixture
def packs(stored_pack, profile, city_sme, open_window):
    profile.data = {**profile.data, **FIGURES_2020_2022, "operating_revenue_2023": "2400", "rd_expense_2023": "72"}
    profile.save(update_fields=["data"])
    pack_2023, example, draft = both_packs_and_a_draft(stored_pack)
    services.submission_window_set(
        actor=city_sme, pack=example, jurisdiction=None, kind="city_reopened",
        closes_on=timezone.localdate() + dt.timedelta(days=30), reason="示例政策包测试",
    )  # fmt: skip
    return pack_2023, example, draft


def test_without_a_choice_the_2023_item_is_started(client, packs, enterprise_admin):
    pack_2023, _example, _draft = packs
    client.force_login(enterprise_admin)
    body = client.get(reverse("applications:start", args=[13])).content.decode()
    assert "衡市工信〔2023〕51号" in body and "示例政策包，非正式通知" not in body
    assert client.get(reverse("applications:start", args=[15])).status_code == 404
    response = client.post(reverse("applications:start", args=[2]))
    assert response.status_code == 302
    assert Application.objects.get(enterprise=enterprise_admin.organisation).pack == pack_2023


def test_the_example_item_is_started_under_the_example(client, packs, enterprise_admin):
    _pack_2023, example, _draft = packs
    client.force_login(enterprise_admin)
    url = reverse("applications:start", args=[15]) + EXAMPLE
    body = client.get(url).content.decode()
    assert "示例〔2024〕1号" in body and "示例政策包，非正式通知" in body and "开始填写申报书" in body
    assert client.get(reverse("applications:start", args=[13]) + EXAMPLE).status_code == 404
    response = client.post(url)
    application = Application.objects.get(enterprise=enterprise_admin.organisation)
    assert response.status_code == 302 and response["Location"] == reverse("applications:edit", args=[application.pk])
    assert (application.pack, application.item.number) == (example, 15)


@pytest.mark.parametrize("reference", [DRAFT_ID, f"{DRAFT_ID}@1", "no-such-pack"])
def test_a_draft_or_unknown_pack_is_404_and_nothing_is_started(client, packs, enterprise_admin, reference):
    client.force_login(enterprise_admin)
    url = f"{reverse('applications:start', args=[2])}?pack={reference}"
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert not Application.objects.filter(enterprise=enterprise_admin.organisation).exists()


def test_forbidden_persona_and_wrong_method(client, packs, enterprise_admin, county_industry):
    client.force_login(county_industry)
    assert client.get(reverse("applications:start", args=[15]) + EXAMPLE).status_code == 404
    client.force_login(enterprise_admin)
    assert client.put(reverse("applications:start", args=[15]) + EXAMPLE).status_code == 405
