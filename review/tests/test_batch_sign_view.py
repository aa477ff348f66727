"""The county's 签发 page: it names the 文号, the count, the requested total and the signer; the POST signs."""

from decimal import Decimal

import pytest
from django.urls import reverse

from applications.models import Application
from applications.workflow import ApplicationStatus as S
from review import services
from review.forms import SIGN_OFF_UNCHECKED
from review.models import RecommendationBatch
from review.selectors import batch_sign_off_facts
from review.tests.helpers import applications_in_county

pytestmark = pytest.mark.django_db


@pytest.fixture
def batch(stored_pack, county_industry):
    applications = applications_in_county(stored_pack, 2, status=S.COUNTY_APPROVED)
    Application.objects.filter(pk__in=[a.pk for a in applications]).update(requested_amount=Decimal("40"))
    return services.batch_create(actor=county_industry, applications=applications, number="珠工信联〔2023〕8号")


def _url(batch):
    return reverse("review:batch_sign", args=[batch.pk])


def _shown(batch, **extra):
    facts = batch_sign_off_facts(batch)
    return {"count": facts.count, "total": facts.total, **extra}


def test_the_page_names_what_is_signed_and_who_signs(client, batch, county_finance):
    client.force_login(county_finance)
    response = client.get(_url(batch))
    body = response.content.decode()
    assert response.status_code == 200
    for shown in ("珠工信联〔2023〕8号", "2 项", "80.00 万元（大写：人民币捌拾万元整）", county_finance.full_name,
                  'name="csrfmiddlewaretoken"', "以本人实名签发"):  # fmt: skip
        assert shown in body, shown
    batch.refresh_from_db()
    assert batch.finance_signed_by is None  # looking signs nothing


def test_signing_with_the_tick(client, batch, county_industry):
    client.force_login(county_industry)
    response = client.post(_url(batch), _shown(batch, confirm="on"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("review:batch_detail", args=[batch.pk])
    assert "已以本人实名签发：珠工信联〔2023〕8号，共 2 项。" in response.content.decode()
    batch.refresh_from_db()
    assert batch.industry_signed_by == county_industry


def test_no_tick_no_signature(client, batch, county_industry):
    client.force_login(county_industry)
    response = client.post(_url(batch), _shown(batch))
    assert response.status_code == 400 and SIGN_OFF_UNCHECKED in response.content.decode()
    batch.refresh_from_db()
    assert batch.industry_signed_by is None


def test_a_change_since_the_page_was_shown_is_explained(client, batch, county_industry):
    client.force_login(county_industry)
    response = client.post(_url(batch), {"count": 2, "total": "70.00", "confirm": "on"})
    assert response.status_code == 400 and "签署内容已有变化（现为 2 项" in response.content.decode()
    batch.refresh_from_db()
    assert batch.industry_signed_by is None


def test_a_sent_batch_leads_back_with_the_reason(client, batch, county_industry):
    RecommendationBatch.objects.filter(pk=batch.pk).update(status=RecommendationBatch.Status.SENT)
    client.force_login(county_industry)
    response = client.get(_url(batch), follow=True)
    assert services.BATCH_ALREADY_SENT in response.content.decode()


@pytest.mark.parametrize("persona", ["other_county", "city_sme", "city_finance", "enterprise_admin"])
def test_others_get_404(request, client, batch, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(_url(batch)).status_code == 404
    assert client.post(_url(batch), _shown(batch, confirm="on")).status_code == 404


def test_wrong_method(client, batch, county_industry):
    client.force_login(county_industry)
    assert client.put(_url(batch)).status_code == 405
