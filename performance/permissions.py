"""Who may see and act on performance records. Deny by default: every record is reached through the
application it belongs to, so the application's scoping applies (an enterprise its own, a county its
jurisdiction, a city section its items, 中小企业科 and 财政局企业科 the city); anything else is a 404."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from accounts import permissions as base
from applications.models import Application
from applications.permissions import applications_visible_to
from applications.workflow import EDITABLE_STATES, FINAL_STATES
from performance.models import (
    EvaluationEvidence,
    PerformanceEvaluation,
    PerformanceIndicator,
    PerformanceMonitoringReport,
    PerformanceMonitoringRound,
    PerformanceTargetSheet,
    Rectification,
    TargetAdjustment,
    TargetReview,
)
from performance.workflow import (
    EVALUATION_TRANSITIONS,
    REPORT_TRANSITIONS,
    TARGET_TRANSITIONS,
    ReportStatus,
    TargetStatus,
    transition_allowed,
)


def performance_applications_visible_to(user) -> QuerySet[Application]:
    """The applications whose performance records the user may see: the scoping of applications."""
    return applications_visible_to(user)


# --- targets (目标审核, 目标调整) ---

# User-facing reasons (services and tests import them).
NOT_A_TARGET_REVIEWER = "只有本县市区、园区工信部门或本事项的市工信局科室可以审核绩效目标。"
NOT_THE_ENTERPRISE = "只有申报企业可以修改绩效目标或申请目标调整。"
NOT_THE_SECTION = "只有本事项的市工信局科室可以审批目标调整。"
NO_TARGET_SHEET = "本申报尚无绩效目标表：绩效目标表随申报提交后生成。"
APPLICATION_CLOSED = "申报已“{status}”，绩效目标不再审核。"
TARGETS_FROZEN = (
    "绩效目标已随奖补确定锁定，不能再修改；如需变更某项指标的指标值，请申请目标调整，经市工信局科室同意后生效。"
)
TARGETS_NOT_CORRECTABLE_IN_APPLICATION = "申报已退回修改：请在申报书的绩效目标表（附件3）中修改，随申报一并重新提交。"
ADJUSTMENT_BEFORE_FREEZE = "绩效目标尚未锁定，无需申请调整；目标退回修改时可直接修改。"


def get_application_for_targets_or_404(user, pk: int) -> Application:
    """The application whose 绩效目标 the user may see; another county's or enterprise's is a 404."""
    return get_object_or_404(performance_applications_visible_to(user), pk=pk)


def get_indicator_for_user_or_404(user, pk: int) -> PerformanceIndicator:
    return get_object_or_404(
        PerformanceIndicator.objects.select_related("sheet__application").filter(
            sheet__application__in=performance_applications_visible_to(user)
        ),
        pk=pk,
    )


def get_target_adjustment_for_user_or_404(user, pk: int) -> TargetAdjustment:
    return get_object_or_404(
        TargetAdjustment.objects.select_related("indicator__sheet__application").filter(
            indicator__sheet__application__in=performance_applications_visible_to(user)
        ),
        pk=pk,
    )


def _is_owner(user, application: Application) -> bool:
    return base.is_enterprise_user(user) and user.organisation_id == application.enterprise_id


def _is_item_section(user, application: Application) -> bool:
    return base.is_city_section_reviewer(user) and user.organisation.section_code == application.item.section_code


def target_review_stage(user, application: Application) -> str | None:
    """The 目标审核 stage the user reviews this application's targets at: the county's 工信 reviewer of its
    jurisdiction, or the city section of its item; None for anyone else."""
    if (
        base.is_county_industry_reviewer(user)
        and user.organisation.jurisdiction_id == application.enterprise.jurisdiction_id
    ):
        return TargetReview.Stage.COUNTY
    if _is_item_section(user, application):
        return TargetReview.Stage.CITY
    return None


# Each stage's turn: the county accepts or returns targets waiting for it, the section those the county accepted.
REVIEW_TRANSITIONS = {TargetReview.Stage.COUNTY: "targets_county_accept", TargetReview.Stage.CITY: "targets_accept"}


def can_review_targets(user, application: Application, sheet: PerformanceTargetSheet | None) -> tuple[bool, str]:
    """(allowed, reason): whether the user may record a 目标审核 (accept or return) now."""
    stage = target_review_stage(user, application)
    if stage is None:
        return False, NOT_A_TARGET_REVIEWER
    if sheet is None:
        return False, NO_TARGET_SHEET
    if application.status in FINAL_STATES:
        return False, APPLICATION_CLOSED.format(status=application.get_status_display())
    reason = transition_allowed(TARGET_TRANSITIONS, REVIEW_TRANSITIONS[stage], sheet.status, user.role_set)
    return not reason, reason


def can_correct_targets(user, application: Application, sheet: PerformanceTargetSheet | None) -> tuple[bool, str]:
    """(allowed, reason): whether the enterprise may correct its returned targets on the performance page."""
    if not _is_owner(user, application):
        return False, NOT_THE_ENTERPRISE
    if sheet is None:
        return False, NO_TARGET_SHEET
    if sheet.status == TargetStatus.FROZEN:
        return False, TARGETS_FROZEN
    if application.status in EDITABLE_STATES:
        return False, TARGETS_NOT_CORRECTABLE_IN_APPLICATION
    reason = transition_allowed(TARGET_TRANSITIONS, "targets_resubmit", sheet.status, user.role_set)
    return not reason, reason


def can_request_target_adjustment(user, application: Application, sheet: PerformanceTargetSheet) -> tuple[bool, str]:
    """(allowed, reason): 目标调整 is asked by the enterprise, once its targets are frozen with the award."""
    if not _is_owner(user, application):
        return False, NOT_THE_ENTERPRISE
    if sheet.status != TargetStatus.FROZEN:
        return False, ADJUSTMENT_BEFORE_FREEZE
    return True, ""


def can_decide_target_adjustment(user, application: Application) -> tuple[bool, str]:
    """(allowed, reason): the city section of the item approves or refuses a 目标调整."""
    if not _is_item_section(user, application):
        return False, NOT_THE_SECTION
    return True, ""


# --- monitoring (运行监控) ---

# User-facing reasons (services and tests import them).
NOT_THE_REPORTING_ENTERPRISE = "只有申报企业可以填报本项目的绩效监控。"
NOT_THE_REPORT_COUNTY = "只有项目所在县市区、园区的审核人员可以核实绩效监控。"
CORRECTION_NOT_REQUESTED = "县级核实时未要求纠偏，无需填报纠偏措施。"


def monitoring_reports_visible_to(user) -> QuerySet[PerformanceMonitoringReport]:
    """Reports of the applications the user sees: the enterprise its own, the county its jurisdiction's, a
    section its items', 中小企业科 and 财政局企业科 all."""
    return PerformanceMonitoringReport.objects.filter(application__in=performance_applications_visible_to(user))


def get_monitoring_report_for_user_or_404(user, pk: int) -> PerformanceMonitoringReport:
    return get_object_or_404(
        monitoring_reports_visible_to(user)
        .select_related("round__award_list", "application__enterprise__jurisdiction", "application__item")
        .defer("application__forms", "application__answers", "application__eligibility_snapshot"),
        pk=pk,
    )


def can_view_monitoring_overview(user) -> bool:
    """The round overview is the 中小企业科's (every item) and the sections' (their items)."""
    return base.is_city_sme_coordinator(user) or base.is_city_section_reviewer(user)


def monitoring_rounds_visible_to(user) -> QuerySet[PerformanceMonitoringRound]:
    rounds = PerformanceMonitoringRound.objects.all()
    return rounds if can_view_monitoring_overview(user) else rounds.none()


def get_monitoring_round_for_user_or_404(user, pk: int) -> PerformanceMonitoringRound:
    return get_object_or_404(
        monitoring_rounds_visible_to(user).select_related("award_list__pack").defer("award_list__pack__data"), pk=pk
    )


def can_open_monitoring_round(user) -> bool:
    return base.is_city_sme_coordinator(user)


def is_report_enterprise(user, report: PerformanceMonitoringReport) -> bool:
    return _is_owner(user, report.application)


def is_report_county(user, report: PerformanceMonitoringReport) -> bool:
    return (
        base.is_county_reviewer(user)
        and user.organisation.jurisdiction_id == report.application.enterprise.jurisdiction_id
    )


def can_submit_monitoring_report(user, report: PerformanceMonitoringReport) -> tuple[bool, str]:
    """(allowed, reason): the enterprise files (or files again) a report that is due or returned."""
    if not is_report_enterprise(user, report):
        return False, NOT_THE_REPORTING_ENTERPRISE
    reason = transition_allowed(REPORT_TRANSITIONS, "report_submit", report.status, user.role_set)
    return not reason, reason


def can_verify_monitoring_report(user, report: PerformanceMonitoringReport) -> tuple[bool, str]:
    """(allowed, reason): the county of the enterprise verifies or returns a filed report."""
    if not is_report_county(user, report):
        return False, NOT_THE_REPORT_COUNTY
    reason = transition_allowed(REPORT_TRANSITIONS, "report_verify", report.status, user.role_set)
    return not reason, reason


def can_record_correction(user, report: PerformanceMonitoringReport) -> tuple[bool, str]:
    """(allowed, reason): the enterprise records the 纠偏措施 the county asked for when it verified."""
    if not is_report_enterprise(user, report):
        return False, NOT_THE_REPORTING_ENTERPRISE
    if report.status != ReportStatus.VERIFIED or not report.correction_requested:
        return False, CORRECTION_NOT_REQUESTED
    return True, ""


# --- evaluation (绩效评价, 整改) ---

# User-facing reasons (services and tests import them).
NOT_THE_EVALUATED_ENTERPRISE = "只有申报企业可以提交本项目的绩效自评。"
NOT_THE_EVALUATION_COUNTY = "只有项目所在县市区、园区的审核人员可以核实绩效自评。"
NOT_THE_EVALUATION_SECTION = "只有本事项的市工信局科室可以评分。"
NOT_THE_SME_COORDINATOR = "只有市工信局中小企业科可以开展绩效评价、确认评价结果和处理整改。"


def evaluations_visible_to(user) -> QuerySet[PerformanceEvaluation]:
    """Evaluations of the applications the user sees (the application's scoping)."""
    return PerformanceEvaluation.objects.filter(application__in=performance_applications_visible_to(user))


def get_evaluation_for_user_or_404(user, pk: int) -> PerformanceEvaluation:
    return get_object_or_404(
        evaluations_visible_to(user)
        .select_related("application__enterprise__jurisdiction", "application__item", "application__pack")
        .defer("application__forms", "application__answers", "application__eligibility_snapshot"),
        pk=pk,
    )


def get_evidence_for_user_or_404(user, pk: int) -> EvaluationEvidence:
    """A 佐证材料 of an evaluation the user sees; 404 for anyone else's."""
    return get_object_or_404(
        EvaluationEvidence.objects.select_related("evaluation").filter(evaluation__in=evaluations_visible_to(user)),
        pk=pk,
    )


def is_sme_coordinator(user) -> bool:
    return base.is_city_sme_coordinator(user)


def can_view_evaluation_results(user) -> bool:
    """A list's results page and its 汇总表: the 中小企业科 (every item) and the sections (their items)."""
    return base.is_city_sme_coordinator(user) or base.is_city_section_reviewer(user)


def is_evaluation_enterprise(user, evaluation: PerformanceEvaluation) -> bool:
    return _is_owner(user, evaluation.application)


def is_evaluation_county(user, evaluation: PerformanceEvaluation) -> bool:
    return (
        base.is_county_reviewer(user)
        and user.organisation.jurisdiction_id == evaluation.application.enterprise.jurisdiction_id
    )


def is_evaluation_section(user, evaluation: PerformanceEvaluation) -> bool:
    return _is_item_section(user, evaluation.application)


def _evaluation_step(user, evaluation: PerformanceEvaluation, name: str) -> tuple[bool, str]:
    reason = transition_allowed(EVALUATION_TRANSITIONS, name, evaluation.status, user.role_set)
    return not reason, reason


def can_self_evaluate(user, evaluation: PerformanceEvaluation) -> tuple[bool, str]:
    """(allowed, reason): the enterprise submits (or resubmits) its 自评."""
    if not is_evaluation_enterprise(user, evaluation):
        return False, NOT_THE_EVALUATED_ENTERPRISE
    return _evaluation_step(user, evaluation, "self_evaluate")


def can_verify_evaluation(user, evaluation: PerformanceEvaluation) -> tuple[bool, str]:
    """(allowed, reason): the county of the enterprise verifies or returns the 自评."""
    if not is_evaluation_county(user, evaluation):
        return False, NOT_THE_EVALUATION_COUNTY
    return _evaluation_step(user, evaluation, "evaluation_verify")


def can_score_evaluation(user, evaluation: PerformanceEvaluation) -> tuple[bool, str]:
    """(allowed, reason): the item's section scores (or rescores, until the results are confirmed)."""
    if not is_evaluation_section(user, evaluation):
        return False, NOT_THE_EVALUATION_SECTION
    return _evaluation_step(user, evaluation, "evaluation_score")


def rectifications_visible_to(user) -> QuerySet[Rectification]:
    return Rectification.objects.filter(application__in=performance_applications_visible_to(user))


def get_rectification_for_user_or_404(user, pk: int) -> Rectification:
    return get_object_or_404(
        rectifications_visible_to(user).select_related("application__enterprise", "application__item"), pk=pk
    )
