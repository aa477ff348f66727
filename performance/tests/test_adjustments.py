"""目标调整 (performance/services/adjustments.py): after the freeze the enterprise asks to change one
indicator's 指标值 with a reason, and only the item's city section approves or refuses. Every rejection
writes nothing."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from applications.workflow import ApplicationStatus
from core.choices import AuditVerb
from core.models import AuditEvent
from performance.models import PerformanceIndicator, PerformanceTargetSheet, TargetAdjustment
from performance.services import adjustments
from performance.tests.targets_helpers import application_at, other_section_reviewer, owner_of, transitioned
from performance.workflow import TargetStatus
from policies.formengine.messages import TARGET_NOT_NUMERIC


@pytest.fixture
def application(stored_pack):
    return application_at(stored_pack)


@pytest.fixture
def submitted(application):
    transitioned("submit", [application], owner_of(application))
    return application


def sheet_of(application) -> PerformanceTargetSheet:
    return PerformanceTargetSheet.objects.get(application=application)


def events(application, verb) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(verb=verb, target_type="applications.application", target_id=application.pk))


@pytest.fixture
def frozen(submitted, city_sme):
    transitioned("award", [submitted], city_sme)
    type(submitted).objects.filter(pk=submitted.pk).update(status=ApplicationStatus.AWARDED)
    submitted.refresh_from_db()
    return submitted


def indicator(application, key="benefit_economic:0") -> PerformanceIndicator:
    return PerformanceIndicator.objects.get(sheet__application=application, key=key)


def request_adjustment(application, new="≥400", reason="市场需求下降", key="benefit_economic:0"):
    return adjustments.target_adjustment_request(
        actor=owner_of(application), indicator=indicator(application, key), new_standard=new, reason=reason
    )


def test_the_enterprise_asks_and_the_section_approves(frozen, city_section):
    adjustment = request_adjustment(frozen)
    assert (adjustment.status, adjustment.old_standard, adjustment.new_standard) == ("pending", "≥500", "≥400")
    assert indicator(frozen).standard == "≥500"  # unchanged until approved
    adjustments.target_adjustment_approve(actor=city_section, adjustment=adjustment, reason="同意")
    changed = indicator(frozen)
    assert (changed.standard, changed.direction, changed.target) == ("≥400", ">=", Decimal(400))
    adjustment.refresh_from_db()
    assert (adjustment.status, adjustment.old_standard, adjustment.decided_by) == ("approved", "≥500", city_section)
    (event,) = events(frozen, AuditVerb.TARGET_ADJUSTMENT_APPROVED)
    assert (event.data["old"], event.data["new"]) == ("≥500", "≥400")
    assert len(events(frozen, AuditVerb.TARGET_ADJUSTMENT_REQUESTED)) == 1
    assert sheet_of(frozen).status == TargetStatus.FROZEN


def test_the_section_refuses_with_a_reason(frozen, city_section):
    adjustment = request_adjustment(frozen)
    with pytest.raises(ValidationError, match=adjustments.REFUSAL_REASON_REQUIRED):
        adjustments.target_adjustment_refuse(actor=city_section, adjustment=adjustment, reason="")
    adjustments.target_adjustment_refuse(actor=city_section, adjustment=adjustment, reason="理由不充分")
    adjustment.refresh_from_db()
    assert (adjustment.status, adjustment.decision_reason) == ("refused", "理由不充分")
    assert indicator(frozen).standard == "≥500"
    assert len(events(frozen, AuditVerb.TARGET_ADJUSTMENT_REFUSED)) == 1
    with pytest.raises(ValidationError, match="已审批"):
        adjustments.target_adjustment_approve(actor=city_section, adjustment=adjustment)


@pytest.mark.parametrize(
    ("new", "reason", "message"),
    [
        ("较多", "理由", TARGET_NOT_NUMERIC),
        ("≥500", "理由", adjustments.ADJUSTMENT_UNCHANGED),
        ("≥400", " ", adjustments.ADJUSTMENT_REASON_REQUIRED),
        ("≥" + "9" * 200, "理由", adjustments.ADJUSTMENT_TOO_LONG),
    ],
)
def test_adjustment_requests_refused(frozen, new, reason, message):
    with pytest.raises(ValidationError) as refused:
        request_adjustment(frozen, new=new, reason=reason)
    assert message in refused.value.messages
    assert not TargetAdjustment.objects.exists()


def test_a_qualitative_indicator_takes_words(frozen, city_section):
    adjustment = request_adjustment(frozen, new="基本满意", key="satisfaction_service_recipients:0")
    adjustments.target_adjustment_approve(actor=city_section, adjustment=adjustment)
    changed = indicator(frozen, "satisfaction_service_recipients:0")
    assert (changed.standard, changed.target) == ("基本满意", None)


def test_one_pending_adjustment_per_indicator(frozen):
    request_adjustment(frozen)
    with pytest.raises(ValidationError, match="待审批"):
        request_adjustment(frozen, new="≥300")
    assert TargetAdjustment.objects.count() == 1


def test_no_adjustment_before_the_freeze(submitted):
    with pytest.raises(ValidationError, match="尚未锁定"):
        request_adjustment(submitted)
    assert not TargetAdjustment.objects.exists()


def test_another_enterprise_cannot_ask(frozen, enterprise_user):
    with pytest.raises(PermissionDenied):
        adjustments.target_adjustment_request(
            actor=enterprise_user, indicator=indicator(frozen), new_standard="≥400", reason="理由"
        )


@pytest.mark.parametrize("persona", ["county_industry", "city_sme", "city_finance", "enterprise_admin"])
def test_only_the_item_section_decides(frozen, persona, request):
    adjustment = request_adjustment(frozen)
    user = request.getfixturevalue(persona)
    for decide in (adjustments.target_adjustment_approve, adjustments.target_adjustment_refuse):
        with pytest.raises(PermissionDenied):
            decide(actor=user, adjustment=adjustment, reason="理由")
    with pytest.raises(PermissionDenied):
        adjustments.target_adjustment_approve(actor=other_section_reviewer(), adjustment=adjustment)
    adjustment.refresh_from_db()
    assert adjustment.status == "pending" and indicator(frozen).standard == "≥500"
