"""The performance record's workflow (全过程绩效管理, 通知 五), one declarative table beside the
application's (applications/workflow.py): the 绩效目标 from submission to the frozen targets of the award,
each monitoring report, and the evaluation. Services execute transitions; nothing else changes a status."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models

from accounts.choices import Role


class TargetStatus(models.TextChoices):
    """The 绩效目标表 of one application (事前绩效评估 and 绩效目标管理)."""

    SUBMITTED = "submitted", "待目标审核"
    RETURNED = "returned", "目标退回修改"
    COUNTY_ACCEPTED = "county_accepted", "县级目标审核通过"
    ACCEPTED = "accepted", "目标审核通过"
    FROZEN = "frozen", "目标已锁定（随奖补确定）"


class ReportStatus(models.TextChoices):
    """One enterprise's report in a monitoring round (绩效运行监控)."""

    DUE = "due", "待填报"
    REPORTED = "reported", "已填报，待县级核实"
    RETURNED = "returned", "退回补正"
    VERIFIED = "verified", "县级已核实"


class EvaluationStatus(models.TextChoices):
    """One award's evaluation (绩效评价): 自评, 县级核实, 科室评分, 中小企业科确认."""

    OPEN = "open", "待企业自评"
    SELF_EVALUATED = "self_evaluated", "已自评，待县级核实"
    RETURNED = "returned", "自评退回补正"
    COUNTY_VERIFIED = "county_verified", "县级已核实，待科室评分"
    SCORED = "scored", "科室已评分，待确认"
    CONFIRMED = "confirmed", "评价结果已确认"


@dataclass(frozen=True)
class Transition:
    name: str
    sources: tuple[str, ...]
    target: str
    roles: frozenset[str]
    label: str  # the audit log's and the timeline's wording


def _t(name, sources, target, roles, label) -> Transition:
    return Transition(name, tuple(sources), target, frozenset(roles), label)


T, R, E = TargetStatus, ReportStatus, EvaluationStatus
COUNTY = (Role.COUNTY_INDUSTRY_REVIEWER, Role.COUNTY_FINANCE_REVIEWER)
SECTION = (Role.CITY_SECTION_REVIEWER,)
ENTERPRISE = (Role.ENTERPRISE_ADMIN, Role.ENTERPRISE_AGENT)

TARGET_TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        _t("targets_return", (T.SUBMITTED, T.COUNTY_ACCEPTED), T.RETURNED, COUNTY + SECTION, "绩效目标退回修改"),
        _t("targets_resubmit", (T.RETURNED,), T.SUBMITTED, ENTERPRISE, "重新提交绩效目标"),
        # The application was returned and resubmitted with changed 附件3 answers: targets already accepted (or
        # still waiting) are reviewed again from the start, as at a first submission.
        _t(
            "targets_reset",
            (T.SUBMITTED, T.COUNTY_ACCEPTED, T.ACCEPTED),
            T.SUBMITTED,
            ENTERPRISE,
            "修改后的绩效目标重新审核",
        ),
        _t("targets_county_accept", (T.SUBMITTED,), T.COUNTY_ACCEPTED, COUNTY, "县级绩效目标审核通过"),
        _t("targets_accept", (T.COUNTY_ACCEPTED,), T.ACCEPTED, SECTION, "市级绩效目标审核通过"),
        _t("targets_freeze", (T.SUBMITTED, T.COUNTY_ACCEPTED, T.ACCEPTED), T.FROZEN, (), "绩效目标随奖补锁定"),
    )
}

REPORT_TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        _t("report_submit", (R.DUE, R.RETURNED), R.REPORTED, ENTERPRISE, "填报绩效监控"),
        _t("report_verify", (R.REPORTED,), R.VERIFIED, COUNTY, "县级核实绩效监控"),
        _t("report_return", (R.REPORTED,), R.RETURNED, COUNTY, "绩效监控退回补正"),
    )
}

EVALUATION_TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        _t("self_evaluate", (E.OPEN, E.RETURNED), E.SELF_EVALUATED, ENTERPRISE, "提交绩效自评"),
        _t("evaluation_verify", (E.SELF_EVALUATED,), E.COUNTY_VERIFIED, COUNTY, "县级核实绩效自评"),
        _t("evaluation_return", (E.SELF_EVALUATED,), E.RETURNED, COUNTY, "绩效自评退回补正"),
        _t("evaluation_score", (E.COUNTY_VERIFIED, E.SCORED), E.SCORED, SECTION, "科室绩效评分"),
        _t("evaluation_confirm", (E.SCORED,), E.CONFIRMED, (Role.CITY_SME_COORDINATOR,), "确认绩效评价结果"),
    )
}

# Targets the enterprise may still edit in its 附件3 (returned alone for correction).
TARGETS_EDITABLE = frozenset({T.RETURNED})
# Targets that hold: the ones later stages read.
TARGETS_FINAL = frozenset({T.FROZEN})
# Targets the county has accepted (and any later status): the county may then approve the application (通知 五:
# the 绩效目标 is a precondition of the budget; performance/receivers.py).
TARGETS_COUNTY_REVIEWED = frozenset({T.COUNTY_ACCEPTED, T.ACCEPTED, T.FROZEN})


def transition_allowed(table: dict[str, Transition], name: str, status: str, roles: frozenset[str]) -> str:
    """ "" when the transition may be taken now by someone with these roles, else the reason in Chinese."""
    transition = table[name]
    if status not in transition.sources:
        return f"当前状态不能{transition.label}。"
    if transition.roles and not (transition.roles & roles):
        return f"您没有{transition.label}的权限。"
    return ""
