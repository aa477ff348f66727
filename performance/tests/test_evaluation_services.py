"""绩效评价 services: opening, the 自评, the county's check, the section's scores (adjusted only with a reason),
the 中小企业科's confirmation of the list, the result on the enterprise's record, and 整改 with the recovery
request. Every rejection writes nothing."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.choices import OrganisationKind, Role
from accounts.models import Organisation
from accounts.tests.factories import make_user, section
from awards.choices import AwardListStatus
from awards.models import AwardList
from core.choices import AuditVerb
from core.models import AuditEvent
from enterprises.models import EnterpriseProfile
from enterprises.selectors import profile_facts
from notifications.models import Notification
from performance import permissions
from performance.models import IndicatorScore, PerformanceEvaluation, Rectification
from performance.services import evaluation as services
from performance.services import rectification as rectification_services
from performance.tests.awarded import awarded_list
from performance.workflow import EvaluationStatus

pytestmark = pytest.mark.django_db
E = EvaluationStatus
D = Decimal


@pytest.fixture
def awarded(stored_pack, city_sme, enterprise_admin, profile):
    return awarded_list(stored_pack, sme=city_sme, owners=[enterprise_admin], count=1)


@pytest.fixture
def opened(awarded, city_sme):
    services.evaluations_open(actor=city_sme, award_list=awarded[0])
    return awarded


def mine(owner) -> PerformanceEvaluation:
    return PerformanceEvaluation.objects.get(application__enterprise=owner.organisation)


def indicator_pks(evaluation) -> dict[str, int]:
    return {i.key: i.pk for i in evaluation.application.target_sheet.indicators.all()}


def finals_for(evaluation, *, cost="600", output="400", benefit="1000", satisfaction="职工满意度调查 95%"):
    keys = indicator_pks(evaluation)
    return {keys["cost_economic:0"]: cost, keys["output_quantity:0"]: output, keys["benefit_economic:0"]: benefit,
            keys["satisfaction_service_recipients:0"]: satisfaction}  # fmt: skip


def snapshot():
    return (
        list(PerformanceEvaluation.objects.order_by("pk").values_list("pk", "status", "summary", "county_remark",
                                                                       "total", "grade", "confirmed_at")),
        list(IndicatorScore.objects.order_by("pk").values_list("pk", "actual", "computed", "score", "adjust_reason")),
        list(Rectification.objects.order_by("pk").values_list("pk", "closed_at", "recovery_requested")),
        list(EnterpriseProfile.objects.order_by("pk").values_list("pk", "data")),
        AuditEvent.objects.count(),
        Notification.objects.count(),
    )  # fmt: skip


def section_of(application):
    return make_user(Role.CITY_SECTION_REVIEWER, section(application.item.section_code))


def through_county(owner, county, evaluation=None, **finals):
    evaluation = evaluation or mine(owner)
    services.evaluation_self_submit(actor=owner, evaluation=evaluation, finals=finals_for(evaluation, **finals),
                                    summary="项目按期完成，资金按规定使用。")  # fmt: skip
    services.evaluation_verify(actor=county, evaluation=evaluation, remark="经核实，自评属实。")
    return evaluation


def satisfaction(evaluation) -> int:
    return indicator_pks(evaluation)["satisfaction_service_recipients:0"]


# --- opening ---


def test_the_sme_section_opens_one_evaluation_per_award(awarded, city_sme, enterprise_admin):
    award_list, applications = awarded
    created = services.evaluations_open(actor=city_sme, award_list=award_list)
    assert sorted(e.application_id for e in created) == sorted(a.pk for a in applications)
    assert {e.status for e in PerformanceEvaluation.objects.all()} == {E.OPEN}
    assert AuditEvent.objects.filter(verb=AuditVerb.EVALUATION_OPENED).count() == 2
    told = Notification.objects.get(recipient=enterprise_admin)
    assert (
        told.title.startswith("绩效评价待自评") and told.url == f"/performance/evaluation/{mine(enterprise_admin).pk}/"
    )
    with pytest.raises(ValidationError, match=services.NOTHING_TO_OPEN):
        services.evaluations_open(actor=city_sme, award_list=award_list)


@pytest.mark.parametrize("persona", ["city_section", "county_industry", "enterprise_admin", "city_finance"])
def test_only_the_sme_section_opens_evaluations(request, awarded, persona):
    before = snapshot()
    with pytest.raises(PermissionDenied):
        services.evaluations_open(actor=request.getfixturevalue(persona), award_list=awarded[0])
    assert snapshot() == before


def test_a_list_not_final_is_not_evaluated(awarded, city_sme):
    AwardList.objects.filter(pk=awarded[0].pk).update(status=AwardListStatus.COSIGNED)
    before = snapshot()
    with pytest.raises(ValidationError, match=services.LIST_NOT_FINAL):
        services.evaluations_open(actor=city_sme, award_list=awarded[0])
    assert snapshot() == before


# --- 自评 and the county ---


def test_the_self_evaluation_and_its_verification(opened, enterprise_admin, county_industry, city_section):
    evaluation = mine(enterprise_admin)
    services.evaluation_self_submit(actor=enterprise_admin, evaluation=evaluation, finals=finals_for(evaluation),
                                    summary="项目按期完成。")  # fmt: skip
    evaluation.refresh_from_db()
    assert evaluation.status == E.SELF_EVALUATED and evaluation.summary == "项目按期完成。"
    assert dict(evaluation.scores.values_list("indicator__key", "actual"))["output_quantity:0"] == "400"
    assert Notification.objects.filter(recipient=county_industry, title__startswith="待核实绩效自评").exists()
    services.evaluation_verify(actor=county_industry, evaluation=evaluation, remark="属实")
    evaluation.refresh_from_db()
    assert evaluation.status == E.COUNTY_VERIFIED and evaluation.county_remark == "属实"
    assert Notification.objects.filter(recipient=city_section, title__startswith="待绩效评分").exists()


def test_a_self_evaluation_with_gaps_is_refused_at_its_fields(opened, enterprise_admin):
    evaluation = mine(enterprise_admin)
    finals = finals_for(evaluation, output="四百台", satisfaction=" ")
    before = snapshot()
    with pytest.raises(ValidationError) as excinfo:
        services.evaluation_self_submit(actor=enterprise_admin, evaluation=evaluation, finals=finals, summary="")
    errors, keys = excinfo.value.message_dict, indicator_pks(evaluation)
    assert errors[f"final_{keys['output_quantity:0']}"] == [services.FINAL_VALUE_NOT_NUMERIC]
    assert errors[f"final_{keys['satisfaction_service_recipients:0']}"] == [services.FINAL_VALUE_REQUIRED]
    assert errors["summary"] == [services.SUMMARY_REQUIRED]
    assert snapshot() == before


@pytest.mark.parametrize("persona", ["enterprise_user", "county_industry", "city_section", "city_sme"])
def test_only_the_enterprise_evaluates_itself(request, opened, enterprise_admin, persona):
    evaluation = mine(enterprise_admin)
    before = snapshot()
    with pytest.raises(PermissionDenied, match=permissions.NOT_THE_EVALUATED_ENTERPRISE):
        services.evaluation_self_submit(actor=request.getfixturevalue(persona), evaluation=evaluation,
                                        finals=finals_for(evaluation), summary="总结")  # fmt: skip
    assert snapshot() == before


def test_the_county_returns_with_a_reason_and_the_enterprise_resubmits(opened, enterprise_admin, county_industry):
    evaluation = mine(enterprise_admin)
    services.evaluation_self_submit(actor=enterprise_admin, evaluation=evaluation, finals=finals_for(evaluation),
                                    summary="总结")  # fmt: skip
    before = snapshot()
    with pytest.raises(ValidationError):
        services.evaluation_return(actor=county_industry, evaluation=evaluation, reason=" ")
    assert snapshot() == before
    services.evaluation_return(actor=county_industry, evaluation=evaluation, reason="新增产值缺少财务报表佐证")
    evaluation.refresh_from_db()
    assert evaluation.status == E.RETURNED
    services.evaluation_self_submit(actor=enterprise_admin, evaluation=evaluation,
                                    finals=finals_for(evaluation, benefit="980"), summary="已补充财务报表")  # fmt: skip
    evaluation.refresh_from_db()
    assert evaluation.status == E.SELF_EVALUATED and evaluation.scores.count() == 4


@pytest.mark.parametrize("persona", ["other_county", "enterprise_admin", "city_section"])
def test_only_the_enterprises_county_verifies(request, opened, enterprise_admin, persona):
    evaluation = mine(enterprise_admin)
    services.evaluation_self_submit(actor=enterprise_admin, evaluation=evaluation, finals=finals_for(evaluation),
                                    summary="总结")  # fmt: skip
    before = snapshot()
    with pytest.raises(PermissionDenied):
        services.evaluation_verify(actor=request.getfixturevalue(persona), evaluation=evaluation, remark="属实")
    assert snapshot() == before


# --- the section's scores ---


def test_the_section_scores_by_the_packs_rule(opened, enterprise_admin, county_industry, city_section):
    """成本 600 ≤ 600 full 20; 产出 400 of ≥500 is 80 % of 30 = 24; 效益 1000 full 30; 满意度 judged met 20: 94, 优."""
    evaluation = through_county(enterprise_admin, county_industry)
    services.evaluation_score(actor=city_section, evaluation=evaluation, judgements={satisfaction(evaluation): True})
    evaluation.refresh_from_db()
    assert (evaluation.status, evaluation.total, evaluation.grade) == (E.SCORED, D("94.00"), "优")
    scores = dict(evaluation.scores.values_list("indicator__key", "score"))
    assert scores == {"cost_economic:0": D("20.00"), "output_quantity:0": D("24.00"), "benefit_economic:0": D("30.00"),
                      "satisfaction_service_recipients:0": D("20.00")}  # fmt: skip
    assert evaluation.scored_by == city_section
    assert AuditEvent.objects.get(verb=AuditVerb.EVALUATION_SCORED).data["grade"] == "优"


@pytest.mark.parametrize(
    ("cost", "output", "benefit", "achieved", "total", "grade"),
    [("1200", "500", "1000", True, "90.00", "优"), ("1200", "500", "999", True, "89.97", "良"),
     ("600", "500", "1000", False, "80.00", "良"), ("600", "499", "1000", False, "79.94", "中"),
     ("1200", "500", "0", True, "60.00", "中"), ("1201", "500", "0", True, "59.99", "差")],
)  # fmt: skip
def test_stored_grades_at_the_band_boundaries(opened, enterprise_admin, county_industry, city_section, cost, output,
                                              benefit, achieved, total, grade):  # fmt: skip
    """成本 1200 against a cap of 600 keeps 600/1200 of its 20 (10): 10 + 30 + 30 + 20 = 90 exactly, 优; a 定性
    miss loses its 20: 80 exactly, 良; 10 + 30 + 0 + 20 = 60 exactly, 中; 1201 leaves 9.99 of 20: 59.99, 差."""
    evaluation = through_county(enterprise_admin, county_industry, cost=cost, output=output, benefit=benefit)
    services.evaluation_score(actor=city_section, evaluation=evaluation,
                              judgements={satisfaction(evaluation): achieved})  # fmt: skip
    evaluation.refresh_from_db()
    assert (evaluation.total, evaluation.grade) == (D(total), grade)


def test_an_adjusted_score_needs_a_reason_and_stays_within_the_weight(opened, enterprise_admin, county_industry,
                                                                      city_section):  # fmt: skip
    evaluation = through_county(enterprise_admin, county_industry)
    keys = indicator_pks(evaluation)
    output = keys["output_quantity:0"]
    before = snapshot()
    with pytest.raises(ValidationError) as excinfo:
        services.evaluation_score(
            actor=city_section, evaluation=evaluation, judgements={satisfaction(evaluation): True},
            adjustments={output: (D("31"), ""), keys["cost_economic:0"]: (D("15"), "")},
        )  # fmt: skip
    errors = excinfo.value.message_dict
    assert errors[f"score_{output}"] == ["得分须在 0 至 30 分之间。"]
    assert errors[f"reason_{output}"] == [services.ADJUST_REASON_REQUIRED]
    assert errors[f"reason_{keys['cost_economic:0']}"] == [services.ADJUST_REASON_REQUIRED]
    with pytest.raises(ValidationError) as excinfo:
        services.evaluation_score(actor=city_section, evaluation=evaluation)
    assert excinfo.value.message_dict[f"achieved_{satisfaction(evaluation)}"] == [services.JUDGEMENT_REQUIRED]
    assert snapshot() == before
    services.evaluation_score(
        actor=city_section, evaluation=evaluation, judgements={satisfaction(evaluation): True},
        adjustments={output: (D("27"), "剩余设备已于评价后一周到货，酌情给分")},
    )  # fmt: skip
    evaluation.refresh_from_db()
    assert evaluation.total == D("97.00")
    score = evaluation.scores.get(indicator_id=output)
    assert (score.computed, score.score, score.adjust_reason) == (
        D("24.00"),
        D("27.00"),
        "剩余设备已于评价后一周到货，酌情给分",
    )
    # The same score as computed is no adjustment: no reason asked, none kept.
    services.evaluation_score(actor=city_section, evaluation=evaluation, judgements={satisfaction(evaluation): True},
                              adjustments={output: (D("24"), "")})  # fmt: skip
    score.refresh_from_db()
    assert (score.score, score.adjust_reason) == (D("24.00"), "")


@pytest.mark.parametrize("persona", ["city_sme", "county_industry", "enterprise_admin"])
def test_only_the_items_section_scores(request, opened, enterprise_admin, county_industry, persona):
    evaluation = through_county(enterprise_admin, county_industry)
    before = snapshot()
    with pytest.raises(PermissionDenied, match=permissions.NOT_THE_EVALUATION_SECTION):
        services.evaluation_score(actor=request.getfixturevalue(persona), evaluation=evaluation,
                                  judgements={satisfaction(evaluation): True})  # fmt: skip
    assert snapshot() == before


def test_a_section_cannot_score_before_the_county_verified(opened, enterprise_admin, city_section):
    evaluation = mine(enterprise_admin)
    with pytest.raises(ValidationError, match="当前状态不能科室绩效评分"):
        services.evaluation_score(actor=city_section, evaluation=evaluation)


# --- confirmation and the enterprise's record ---


def score_all(award_list, county, section, *, output="400", achieved=True):
    for evaluation in PerformanceEvaluation.objects.filter(application__award_entries__award_list=award_list,
                                                           status=E.OPEN):  # fmt: skip
        owner = evaluation.application.created_by
        through_county(owner, county if owner.organisation.jurisdiction_id == county.organisation.jurisdiction_id
                       else _county_of(owner), evaluation=evaluation, output=output)  # fmt: skip
        services.evaluation_score(actor=section, evaluation=evaluation, judgements={satisfaction(evaluation): achieved})


def _county_of(owner):
    bureau = Organisation.objects.get(kind=OrganisationKind.INDUSTRY_BUREAU,
                                      jurisdiction_id=owner.organisation.jurisdiction_id)  # fmt: skip
    return make_user(Role.COUNTY_INDUSTRY_REVIEWER, bureau)


def test_the_list_is_confirmed_once_every_award_is_scored(opened, city_sme, enterprise_admin, county_industry,
                                                          city_section, profile):  # fmt: skip
    award_list, _ = opened
    through_county(enterprise_admin, county_industry)
    services.evaluation_score(actor=city_section, evaluation=mine(enterprise_admin),
                              judgements={satisfaction(mine(enterprise_admin)): True})  # fmt: skip
    before = snapshot()
    with pytest.raises(ValidationError, match="尚有 1 个项目未完成评分"):
        services.evaluation_results_confirm(actor=city_sme, award_list=award_list)
    assert snapshot() == before
    score_all(award_list.__class__.objects.get(pk=award_list.pk), county_industry, city_section)
    confirmed = services.evaluation_results_confirm(actor=city_sme, award_list=award_list)
    assert len(confirmed) == 2 and {e.status for e in PerformanceEvaluation.objects.all()} == {E.CONFIRMED}
    profile.refresh_from_db()
    assert profile.data["last_performance_grade"] == "优" and profile.data["performance_rectification_open"] is False
    facts = profile_facts(profile)
    assert facts["last_performance_grade"] == "优" and facts["performance_rectification_open"] is False
    assert Notification.objects.filter(recipient=enterprise_admin, title__contains="为“优”（94.00 分）").exists()
    with pytest.raises(ValidationError, match=services.NOTHING_SCORED):
        services.evaluation_results_confirm(actor=city_sme, award_list=award_list)


def test_only_the_sme_section_confirms(opened, city_section):
    with pytest.raises(PermissionDenied):
        services.evaluation_results_confirm(actor=city_section, award_list=opened[0])


def test_the_enterprises_grade_is_the_lowest_of_its_latest_year(stored_pack, city_sme, enterprise_admin, profile,
                                                                 county_industry, city_section):  # fmt: skip
    award_list, _ = awarded_list(stored_pack, sme=city_sme, owners=[enterprise_admin, enterprise_admin], items=(2, 5))
    services.evaluations_open(actor=city_sme, award_list=award_list)
    good, poor = PerformanceEvaluation.objects.order_by("pk")
    for evaluation, output, achieved in ((good, "500", True), (poor, "0", False)):
        through_county(enterprise_admin, county_industry, evaluation=evaluation, output=output)
        services.evaluation_score(actor=section_of(evaluation.application), evaluation=evaluation,
                                  judgements={satisfaction(evaluation): achieved})  # fmt: skip
    services.evaluation_results_confirm(actor=city_sme, award_list=award_list)
    profile.refresh_from_db()
    assert profile.data["last_performance_grade"] == "差"


def test_a_profile_update_keeps_the_recorded_facts(confirmed_poor, enterprise_admin, profile):
    from enterprises.services import profile_update

    profile.refresh_from_db()
    profile_update(actor=enterprise_admin, profile=profile, changes={"contact_name": "孙联系"},
                   expected_version=profile.version)  # fmt: skip
    profile.refresh_from_db()
    assert profile.data["last_performance_grade"] == "差" and profile.data["contact_name"] == "孙联系"


# --- 整改 ---


@pytest.fixture
def confirmed_poor(opened, city_sme, enterprise_admin, county_industry, city_section):
    """Both awards scored 50 (差) and confirmed."""
    award_list, _ = opened
    score_all(award_list, county_industry, city_section, output="0", achieved=False)
    services.evaluation_results_confirm(actor=city_sme, award_list=award_list)
    return mine(enterprise_admin)


def test_a_poor_grade_opens_a_rectification_and_a_recovery_request(confirmed_poor, city_sme, enterprise_admin,
                                                                    county_industry, city_finance, profile):  # fmt: skip
    application = confirmed_poor.application
    rectification = rectification_services.rectification_open(
        actor=city_sme, application=application, cause=Rectification.Cause.POOR_GRADE,
        requirement="三个月内完成设备采购并提交整改报告",
    )  # fmt: skip
    profile.refresh_from_db()
    assert profile.data["performance_rectification_open"] is True
    assert profile_facts(profile)["performance_rectification_open"] is True
    assert Notification.objects.filter(recipient=enterprise_admin, title__startswith="绩效整改通知").exists()
    assert Notification.objects.filter(recipient=county_industry, title__startswith="绩效整改通知").exists()
    assert not Notification.objects.filter(recipient=city_finance).exists()
    rectification_services.rectification_recovery_request(actor=city_sme, rectification=rectification)
    rectification.refresh_from_db()
    assert rectification.recovery_requested
    assert Notification.objects.get(recipient=city_finance).title.startswith("建议追回奖补资金")
    with pytest.raises(ValidationError, match=rectification_services.RECOVERY_ALREADY_REQUESTED):
        rectification_services.rectification_recovery_request(actor=city_sme, rectification=rectification)
    rectification_services.rectification_close(actor=city_sme, rectification=rectification)
    profile.refresh_from_db()
    assert profile.data["performance_rectification_open"] is False
    verbs = set(AuditEvent.objects.values_list("verb", flat=True))
    assert {AuditVerb.RECTIFICATION_OPENED, AuditVerb.RECOVERY_REQUESTED, AuditVerb.RECTIFICATION_CLOSED} <= verbs
    with pytest.raises(ValidationError, match=rectification_services.RECTIFICATION_CLOSED):
        rectification_services.rectification_close(actor=city_sme, rectification=rectification)


def test_a_rectification_for_a_grade_needs_a_confirmed_poor_grade(opened, city_sme, enterprise_admin):
    application = mine(enterprise_admin).application
    before = snapshot()
    with pytest.raises(ValidationError) as excinfo:
        rectification_services.rectification_open(actor=city_sme, application=application, cause=Rectification.Cause.POOR_GRADE,
                                    requirement="整改")  # fmt: skip
    assert excinfo.value.message_dict["cause"] == [rectification_services.NOT_A_POOR_GRADE.format(grade="差")]
    with pytest.raises(ValidationError):
        rectification_services.rectification_open(actor=city_sme, application=application,
                                    cause=Rectification.Cause.FALSE_REPORTING, requirement=" ")  # fmt: skip
    assert snapshot() == before


def test_false_reporting_opens_a_rectification_with_recovery_at_once(opened, city_sme, enterprise_admin, city_finance):
    application = mine(enterprise_admin).application
    rectification_services.rectification_open(actor=city_sme, application=application, cause=Rectification.Cause.FALSE_REPORTING,
                                requirement="退回奖补资金", recovery_requested=True)  # fmt: skip
    assert Notification.objects.filter(recipient=city_finance).count() == 1
    with pytest.raises(ValidationError, match=rectification_services.RECTIFICATION_ALREADY_OPEN):
        rectification_services.rectification_open(actor=city_sme, application=application,
                                    cause=Rectification.Cause.FALSE_REPORTING, requirement="再次")  # fmt: skip


@pytest.mark.parametrize("persona", ["city_section", "county_industry", "city_finance"])
def test_only_the_sme_section_opens_a_rectification(request, opened, enterprise_admin, persona):
    before = snapshot()
    with pytest.raises(PermissionDenied):
        rectification_services.rectification_open(actor=request.getfixturevalue(persona), application=mine(enterprise_admin).application,
                                    cause=Rectification.Cause.FALSE_REPORTING, requirement="整改")  # fmt: skip
    assert snapshot() == before
