"""batch_sign: a department's real-name 签发 of a joint recommendation, only with the confirmation of what it signs."""

from dataclasses import replace
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.models import User
from applications.models import Application
from applications.workflow import ApplicationStatus as S
from core.models import AuditEvent
from review import services
from review.models import RecommendationBatch
from review.selectors import BATCH_NUMBER_MISSING, batch_sign_off_facts
from review.signoff import REAL_NAME_REQUIRED, SIGN_OFF_CHANGED, SIGN_OFF_REQUIRED
from review.tests.helpers import applications_in_county

pytestmark = pytest.mark.django_db


@pytest.fixture
def batch(stored_pack, county_industry):
    applications = applications_in_county(stored_pack, 2, status=S.COUNTY_APPROVED)
    Application.objects.filter(pk=applications[0].pk).update(requested_amount=Decimal("50"))
    Application.objects.filter(pk=applications[1].pk).update(requested_amount=Decimal("30.5"))
    return services.batch_create(actor=county_industry, applications=applications, number="珠工信联〔2023〕8号")


def _signatures(batch):
    batch.refresh_from_db()
    return (
        batch.industry_signed_by_id,
        batch.finance_signed_by_id,
        AuditEvent.objects.filter(verb="batch_signed").count(),
    )


def test_the_facts_are_the_number_count_and_requested_total(batch):
    facts = batch_sign_off_facts(batch)
    assert (facts.document, facts.count, facts.total, facts.total_label) == (
        "珠工信联〔2023〕8号", 2, Decimal("80.50"), "申请金额合计",
    )  # fmt: skip
    assert facts.total_text == "80.50 万元（大写：人民币捌拾万伍仟元整）"


def test_a_batch_without_number_or_amounts(stored_pack, county_industry):
    batch = services.batch_create(
        actor=county_industry, applications=applications_in_county(stored_pack, 1, status=S.COUNTY_APPROVED)
    )
    facts = batch_sign_off_facts(batch)
    assert (facts.document, facts.count, facts.total, facts.total_text) == (BATCH_NUMBER_MISSING, 1, None, "—")


def test_each_department_signs_what_it_confirmed(batch, county_industry, county_finance):
    services.batch_sign(actor=county_industry, batch=batch, confirmed=batch_sign_off_facts(batch))
    services.batch_sign(actor=county_finance, batch=batch, confirmed=batch_sign_off_facts(batch))
    batch.refresh_from_db()
    assert (batch.industry_signed_by, batch.finance_signed_by) == (county_industry, county_finance)
    event = AuditEvent.objects.filter(verb="batch_signed").order_by("pk").first()
    assert event.data == {"department": "工信部门", "number": "珠工信联〔2023〕8号", "count": 2, "total": "80.50",
                          "signer": county_industry.full_name}  # fmt: skip


def test_refused_without_the_confirmation(batch, county_industry):
    before = _signatures(batch)
    with pytest.raises(ValidationError) as excinfo:
        services.batch_sign(actor=county_industry, batch=batch)
    assert excinfo.value.messages == [SIGN_OFF_REQUIRED]
    assert _signatures(batch) == before


def test_refused_when_the_batch_changed_since_it_was_shown(batch, county_industry):
    shown = batch_sign_off_facts(batch)
    Application.objects.filter(batch=batch, requested_amount=Decimal("50")).update(requested_amount=Decimal("60"))
    before = _signatures(batch)
    with pytest.raises(ValidationError) as excinfo:
        services.batch_sign(actor=county_industry, batch=batch, confirmed=shown)
    assert excinfo.value.messages == [
        SIGN_OFF_CHANGED.format(count=2, total_label="申请金额合计", total="90.50 万元（大写：人民币玖拾万伍仟元整）")
    ]
    with pytest.raises(ValidationError):
        services.batch_sign(
            actor=county_industry, batch=batch, confirmed=replace(shown, count=3, total=Decimal("90.50"))
        )
    assert _signatures(batch) == before


def test_refused_without_a_real_name(batch, county_industry):
    User.objects.filter(pk=county_industry.pk).update(full_name=" ")
    county_industry.refresh_from_db()
    before = _signatures(batch)
    with pytest.raises(ValidationError) as excinfo:
        services.batch_sign(actor=county_industry, batch=batch, confirmed=batch_sign_off_facts(batch))
    assert excinfo.value.messages == [REAL_NAME_REQUIRED]
    assert _signatures(batch) == before


def test_another_county_or_the_city_cannot_sign(batch, other_county, city_sme):
    before = _signatures(batch)
    for actor in (other_county, city_sme):
        with pytest.raises(PermissionDenied):
            services.batch_sign(actor=actor, batch=batch, confirmed=batch_sign_off_facts(batch))
    assert _signatures(batch) == before


def test_a_sent_batch_is_not_signed_again(batch, county_industry):
    RecommendationBatch.objects.filter(pk=batch.pk).update(status=RecommendationBatch.Status.SENT)
    with pytest.raises(ValidationError) as excinfo:
        services.batch_sign(actor=county_industry, batch=batch, confirmed=batch_sign_off_facts(batch))
    assert excinfo.value.messages == [services.BATCH_ALREADY_SENT]
