"""绩效目标 writes: the 目标表 stored at submission and frozen at the award (from the workflow's signal),
目标审核 by the county and the section, and the enterprise's correction (目标调整: test_adjustments.py).
Every rejection writes nothing."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.models import Jurisdiction
from applications.models import ApplicationRevision
from applications.workflow import ApplicationStatus
from core.choices import AuditVerb
from core.models import AuditEvent
from performance import permissions
from performance.models import PerformanceTargetSheet, TargetReview
from performance.services import targets as services
from performance.tests.targets_helpers import (
    FORM_ID,
    application_at,
    indicator_row,
    other_section_reviewer,
    owner_of,
    transitioned,
    usable_targets,
)
from performance.workflow import TargetStatus

ALL_YES = {"clear": (True, ""), "measurable": (True, ""), "relevant": (True, ""), "reasonable": (True, "")}


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


def set_status(application, status):
    PerformanceTargetSheet.objects.filter(application=application).update(status=status)


# --- stored at submission -----------------------------------------------------------------------------


def test_submission_stores_the_targets_as_indicators(submitted):
    sheet = sheet_of(submitted)
    assert sheet.status == TargetStatus.SUBMITTED
    rows = list(sheet.indicators.all())
    assert [(i.level1, i.name, i.direction, i.target, i.unit, i.weight) for i in rows] == [
        ("成本指标", "项目总投资", "<=", Decimal(800), "万元", Decimal(25)),
        ("产出指标", "新增智能装备", ">=", Decimal(10), "台", Decimal(25)),
        ("效益指标", "新增产值", ">=", Decimal(500), "万元", Decimal(25)),
        ("满意度指标", "员工满意度", "", None, "", Decimal(25)),  # "/" is no unit
    ]
    assert [i.key for i in rows] == [
        "cost_economic:0", "output_quantity:0", "benefit_economic:0", "satisfaction_service_recipients:0",
    ]  # fmt: skip
    assert rows[1].level2 == "数量指标" and rows[3].standard == "满意"
    (event,) = events(submitted, AuditVerb.TARGETS_SUBMITTED)
    assert event.data["indicators"] == 4 and event.actor == owner_of(submitted)


def test_a_row_with_a_problem_is_left_out_and_counted(stored_pack):
    application = application_at(stored_pack, targets=usable_targets(
        output_quality=[indicator_row("合格率", "较高")],  # 定量 without a number
    ))  # fmt: skip
    transitioned("submit", [application], owner_of(application))
    assert sheet_of(application).indicators.count() == 4
    assert events(application, AuditVerb.TARGETS_SUBMITTED)[0].data["skipped"] == 1


def test_resubmission_after_a_return_replaces_the_indicators(submitted):
    set_status(submitted, TargetStatus.RETURNED)
    PerformanceTargetSheet.objects.filter(application=submitted).update(return_reason="目标值偏低")
    submitted.answers = {FORM_ID: usable_targets(benefit_economic=[indicator_row("新增产值", "≥900")])}
    submitted.save(update_fields=["answers"])
    transitioned("submit", [submitted], owner_of(submitted))
    sheet = sheet_of(submitted)
    assert (sheet.status, sheet.return_reason) == (TargetStatus.SUBMITTED, "")
    assert sheet.indicators.get(key="benefit_economic:0").target == Decimal(900)
    assert len(events(submitted, AuditVerb.TARGETS_SUBMITTED)) == 2


def test_accepted_targets_resubmitted_unchanged_keep_their_review(submitted):
    set_status(submitted, TargetStatus.ACCEPTED)
    transitioned("submit", [submitted], owner_of(submitted))
    assert sheet_of(submitted).status == TargetStatus.ACCEPTED
    assert len(events(submitted, AuditVerb.TARGETS_SUBMITTED)) == 1


def test_accepted_targets_resubmitted_changed_are_reviewed_again(submitted):
    set_status(submitted, TargetStatus.COUNTY_ACCEPTED)
    submitted.answers = {FORM_ID: usable_targets(output_quantity=[indicator_row("新增智能装备", "≥12", unit="台")])}
    submitted.save(update_fields=["answers"])
    transitioned("submit", [submitted], owner_of(submitted))
    sheet = sheet_of(submitted)
    assert sheet.status == TargetStatus.SUBMITTED
    assert sheet.indicators.get(key="output_quantity:0").target == Decimal(12)


def test_frozen_targets_refuse_a_submission(submitted):
    set_status(submitted, TargetStatus.FROZEN)
    before = list(sheet_of(submitted).indicators.values_list("pk", flat=True))
    with pytest.raises(ValidationError, match="锁定"):
        transitioned("submit", [submitted], owner_of(submitted))
    assert list(sheet_of(submitted).indicators.values_list("pk", flat=True)) == before


def test_submission_through_the_application_service_stores_its_targets(stored_pack, enterprise_admin):
    from applications import services as application_services
    from applications.tests.helpers import ELIGIBLE_PROFILE, IN_WINDOW, new_complete
    from enterprises.tests.factories import make_profile
    from policies.formengine.indicators import indicators_from_answers

    make_profile(enterprise=enterprise_admin.organisation, data=ELIGIBLE_PROFILE)
    application = new_complete(stored_pack, enterprise_admin, 2)
    application = application_services.application_submit(
        actor=enterprise_admin, application=application, now=IN_WINDOW
    )
    transitioned("submit", [application], enterprise_admin)  # a no-op once application_submit sends it itself
    parsed, problems = indicators_from_answers(stored_pack.data["forms"][FORM_ID], application.answers[FORM_ID])
    assert sheet_of(application).indicators.count() == len(parsed) > 0 and not problems
    assert len(events(application, AuditVerb.TARGETS_SUBMITTED)) == 1


# --- frozen at the award ------------------------------------------------------------------------------


def test_the_award_freezes_the_targets_of_each_application(stored_pack, city_sme):
    first, second = application_at(stored_pack), application_at(stored_pack)
    transitioned("submit", [first, second], owner_of(first))
    set_status(first, TargetStatus.ACCEPTED)
    transitioned("award", [first, second], city_sme)
    for application in (first, second):
        sheet = sheet_of(application)
        assert sheet.status == TargetStatus.FROZEN and sheet.frozen_at is not None
        (event,) = events(application, AuditVerb.TARGETS_FROZEN)
        assert event.actor == city_sme
    transitioned("award", [first], city_sme)  # again: nothing more
    assert len(events(first, AuditVerb.TARGETS_FROZEN)) == 1


def test_an_awarded_application_without_a_sheet_gets_its_targets_frozen(application, city_sme):
    transitioned("award", [application], city_sme)
    sheet = sheet_of(application)
    assert sheet.status == TargetStatus.FROZEN and sheet.indicators.count() == 4
    assert events(application, AuditVerb.TARGETS_FROZEN)[0].data["created"] is True


def test_returned_targets_refuse_the_award_and_nothing_is_frozen(stored_pack, city_sme):
    first, second = application_at(stored_pack), application_at(stored_pack)
    transitioned("submit", [first, second], owner_of(first))
    set_status(second, TargetStatus.RETURNED)
    with pytest.raises(ValidationError) as refused:
        transitioned("award", [first, second], city_sme)
    assert refused.value.messages == [services.TARGETS_NOT_FREEZABLE.format(application=second)]
    assert sheet_of(first).status == TargetStatus.SUBMITTED
    assert not AuditEvent.objects.filter(verb=AuditVerb.TARGETS_FROZEN).exists()


# --- 目标审核 -------------------------------------------------------------------------------------------


def test_the_county_then_the_section_accept(submitted, county_industry, city_section):
    services.target_review_record(actor=county_industry, application=submitted, checks=ALL_YES, accepted=True)
    assert sheet_of(submitted).status == TargetStatus.COUNTY_ACCEPTED
    Application = type(submitted)
    Application.objects.filter(pk=submitted.pk).update(status=ApplicationStatus.RECOMMENDED)
    submitted.refresh_from_db()
    services.target_review_record(actor=city_section, application=submitted, checks=ALL_YES, accepted=True)
    sheet = sheet_of(submitted)
    assert sheet.status == TargetStatus.ACCEPTED
    county, city = sheet.reviews.all()
    assert (county.stage, county.reviewer, county.accepted) == (TargetReview.Stage.COUNTY, county_industry, True)
    assert county.answers["clear"] == {"ok": True, "remark": ""}
    assert city.stage == TargetReview.Stage.CITY and city.reviewer_name == city_section.full_name
    assert len(events(submitted, AuditVerb.TARGETS_ACCEPTED)) == 2


def test_a_return_sends_back_the_targets_alone(submitted, county_industry):
    checks = {**ALL_YES, "reasonable": (False, "产值目标低于企业上年实际")}
    services.target_review_record(
        actor=county_industry, application=submitted, checks=checks, accepted=False, reason="请提高新增产值目标"
    )
    sheet = sheet_of(submitted)
    assert (sheet.status, sheet.return_reason) == (TargetStatus.RETURNED, "请提高新增产值目标")
    submitted.refresh_from_db()
    assert submitted.status == ApplicationStatus.SUBMITTED  # the application does not move
    (event,) = events(submitted, AuditVerb.TARGETS_RETURNED)
    assert event.data["reason"] == "请提高新增产值目标"
    assert event.data["checks"]["reasonable"] == {"ok": False, "remark": "产值目标低于企业上年实际"}


@pytest.mark.parametrize(
    ("checks", "accepted", "reason", "message"),
    [
        ({**ALL_YES, "clear": (None, "")}, True, "", services.CHECK_MISSING.format(text="目标明确")),
        ({**ALL_YES, "clear": (False, "")}, False, "理由", services.CHECK_REMARK_REQUIRED.format(text="目标明确")),
        ({**ALL_YES, "clear": (False, "不明确")}, True, "", services.CANNOT_ACCEPT.format(text="目标明确")),
        (ALL_YES, False, "  ", services.RETURN_REASON_REQUIRED),
    ],
)
def test_review_refusals_write_nothing(submitted, county_industry, checks, accepted, reason, message):
    with pytest.raises(ValidationError) as refused:
        services.target_review_record(
            actor=county_industry, application=submitted, checks=checks, accepted=accepted, reason=reason
        )
    assert message in refused.value.messages
    assert sheet_of(submitted).status == TargetStatus.SUBMITTED
    assert not TargetReview.objects.exists() and not events(submitted, AuditVerb.TARGETS_ACCEPTED)


def test_the_section_waits_for_the_county(submitted, city_section):
    type(submitted).objects.filter(pk=submitted.pk).update(status=ApplicationStatus.RECOMMENDED)
    submitted.refresh_from_db()
    with pytest.raises(ValidationError, match="当前状态不能市级绩效目标审核通过"):
        services.target_review_record(actor=city_section, application=submitted, checks=ALL_YES, accepted=True)
    assert not TargetReview.objects.exists()


def test_accepted_targets_cannot_be_accepted_again(submitted, county_industry):
    services.target_review_record(actor=county_industry, application=submitted, checks=ALL_YES, accepted=True)
    with pytest.raises(ValidationError):
        services.target_review_record(actor=county_industry, application=submitted, checks=ALL_YES, accepted=True)
    assert TargetReview.objects.count() == 1


@pytest.mark.parametrize("persona", ["county_finance", "other_county", "enterprise_user", "city_sme", "city_finance"])
def test_only_the_county_industry_reviewer_and_the_section_review(submitted, persona, request):
    user = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        services.target_review_record(actor=user, application=submitted, checks=ALL_YES, accepted=True)
    assert not TargetReview.objects.exists()


def test_another_section_cannot_review(submitted):
    type(submitted).objects.filter(pk=submitted.pk).update(status=ApplicationStatus.RECOMMENDED)
    set_status(submitted, TargetStatus.COUNTY_ACCEPTED)
    with pytest.raises(PermissionDenied):
        services.target_review_record(
            actor=other_section_reviewer(), application=submitted, checks=ALL_YES, accepted=True
        )


def test_a_closed_application_is_not_reviewed(submitted, county_industry):
    type(submitted).objects.filter(pk=submitted.pk).update(status=ApplicationStatus.WITHDRAWN)
    submitted.refresh_from_db()
    with pytest.raises(ValidationError, match="不再审核"):
        services.target_review_record(actor=county_industry, application=submitted, checks=ALL_YES, accepted=True)


# --- the enterprise corrects returned targets -----------------------------------------------------------


def corrected():
    return usable_targets(benefit_economic=[indicator_row("新增产值", "≥900")])


def test_the_enterprise_corrects_returned_targets(submitted):
    set_status(submitted, TargetStatus.RETURNED)
    owner, version = owner_of(submitted), submitted.version
    services.target_sheet_correct(actor=owner, application=submitted, form_answers=corrected())
    submitted.refresh_from_db()
    assert submitted.answers[FORM_ID]["benefit_economic"][0]["target_value"] == "≥900"
    assert submitted.version == version + 1 and submitted.status == ApplicationStatus.SUBMITTED
    revision = ApplicationRevision.objects.get(application=submitted, version=submitted.version)
    assert revision.kind == ApplicationRevision.Kind.SUBMIT
    assert revision.summary["digest"] == submitted.submission_digest != "0" * 64
    sheet = sheet_of(submitted)
    assert sheet.status == TargetStatus.SUBMITTED
    assert sheet.indicators.get(key="benefit_economic:0").target == Decimal(900)
    (event,) = events(submitted, AuditVerb.TARGETS_RESUBMITTED)
    assert event.data["digest"] == submitted.submission_digest


def _assert_unchanged(application, answers_before):
    application.refresh_from_db()
    assert application.answers == answers_before
    assert not ApplicationRevision.objects.filter(application=application).exists()
    assert not events(application, AuditVerb.TARGETS_RESUBMITTED)


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (TargetStatus.FROZEN, permissions.TARGETS_FROZEN),
        (TargetStatus.SUBMITTED, "当前状态不能重新提交绩效目标。"),
        (TargetStatus.ACCEPTED, "当前状态不能重新提交绩效目标。"),
    ],
)
def test_targets_not_returned_cannot_be_corrected(submitted, status, message):
    set_status(submitted, status)
    before = submitted.answers
    with pytest.raises(ValidationError) as refused:
        services.target_sheet_correct(actor=owner_of(submitted), application=submitted, form_answers=corrected())
    assert refused.value.messages == [message]
    _assert_unchanged(submitted, before)


def test_targets_with_problems_are_not_resubmitted(submitted):
    set_status(submitted, TargetStatus.RETURNED)
    before = submitted.answers
    broken = usable_targets(benefit_economic=[indicator_row("新增产值", "较多")], satisfaction_service_recipients=[])
    with pytest.raises(ValidationError) as refused:
        services.target_sheet_correct(actor=owner_of(submitted), application=submitted, form_answers=broken)
    assert refused.value.messages == [services.TARGETS_INVALID.format(count=2)]  # the number; no 满意度指标 row
    _assert_unchanged(submitted, before)
    assert sheet_of(submitted).status == TargetStatus.RETURNED


def test_a_returned_application_takes_its_targets_with_it(submitted):
    set_status(submitted, TargetStatus.RETURNED)
    type(submitted).objects.filter(pk=submitted.pk).update(status=ApplicationStatus.RETURNED)
    submitted.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        services.target_sheet_correct(actor=owner_of(submitted), application=submitted, form_answers=corrected())
    assert refused.value.messages == [permissions.TARGETS_NOT_CORRECTABLE_IN_APPLICATION]


def test_another_enterprise_cannot_correct(submitted, enterprise_user):
    set_status(submitted, TargetStatus.RETURNED)
    with pytest.raises(PermissionDenied):
        services.target_sheet_correct(actor=enterprise_user, application=submitted, form_answers=corrected())
    _assert_unchanged(submitted, submitted.answers)


def test_each_county_reviews_its_own_jurisdiction(stored_pack, other_county):
    elsewhere = application_at(stored_pack, jurisdiction=Jurisdiction.objects.get(code="430481"))
    transitioned("submit", [elsewhere], owner_of(elsewhere))
    services.target_review_record(actor=other_county, application=elsewhere, checks=ALL_YES, accepted=True)
    assert sheet_of(elsewhere).status == TargetStatus.COUNTY_ACCEPTED
