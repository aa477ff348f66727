"""The start page (applications:start): the notice's rules told before a form is filled, a refusal in
view, no 申报类型 drop-down where there is nothing to choose."""

import pytest
from django.urls import reverse

from applications.models import Application
from applications.tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


def test_an_item_without_sub_types_asks_nothing(client, stored_pack, profile, enterprise_admin, open_window):
    client.force_login(enterprise_admin)
    body = client.get(reverse("applications:start", args=[2])).content.decode()
    assert 'name="subtype_code"' not in body and "开始填写申报书" in body
    assert 'name="subtype_code"' in client.get(reverse("applications:start", args=[1])).content.decode()


def test_an_excluded_item_is_closed_at_its_start_page(client, stored_pack, profile, enterprise_admin, open_window):
    ApplicationFactory(enterprise=enterprise_admin.organisation, pack=stored_pack, number=2, submitted=True,
                       receipt_number="HY2023-430405-02-00001")  # fmt: skip
    client.force_login(enterprise_admin)
    response = client.get(reverse("applications:start", args=[12]))
    body = response.content.decode()
    assert response.status_code == 200 and 'id="not-available"' in body
    assert "已申报第2项“企业智能制造装备贴息项目”（回执号 HY2023-430405-02-00001）" in body
    assert "开始填写申报书" not in body
    count = Application.objects.count()
    response = client.post(reverse("applications:start", args=[12]))
    assert response.status_code == 400 and 'data-focus-target="not-available"' in response.content.decode()
    assert Application.objects.count() == count


def test_a_refused_start_opens_at_the_reason(client, stored_pack, profile, enterprise_admin, open_window):
    client.force_login(enterprise_admin)
    response = client.post(reverse("applications:start", args=[1]))  # no 申报类型 chosen
    body = response.content.decode()
    assert response.status_code == 400 and 'data-focus-target="start-form"' in body and "请选择申报类型" in body


def test_forbidden_persona_and_wrong_method(client, stored_pack, county_industry, enterprise_admin, open_window):
    client.force_login(county_industry)
    assert client.get(reverse("applications:start", args=[2])).status_code == 404
    client.force_login(enterprise_admin)
    assert client.put(reverse("applications:start", args=[2])).status_code == 405


def test_after_the_deadline_the_page_says_so_and_offers_no_start(client, stored_pack, profile, enterprise_admin):
    """Without a re-opened window the 2023 call closed on 2023-08-25: the page says why before anything
    is typed, and a POST is refused with the same words, creating nothing."""
    client.force_login(enterprise_admin)
    response = client.get(reverse("applications:start", args=[2]))
    body = response.content.decode()
    assert response.status_code == 200 and 'id="not-available"' in body
    assert "申报已于 2023年08月25日 截止" in body and "逾期不予受理" in body
    assert "开始填写申报书" not in body
    response = client.post(reverse("applications:start", args=[2]))
    assert response.status_code == 400 and 'data-focus-target="not-available"' in response.content.decode()
    assert not Application.objects.exists()


def test_while_the_window_is_open_the_start_is_offered(client, stored_pack, profile, enterprise_admin, open_window):
    client.force_login(enterprise_admin)
    body = client.get(reverse("applications:start", args=[2])).content.decode()
    assert 'id="not-available"' not in body and "开始填写申报书" in body
