"""The application workflow as one declarative table, owned by the app that owns the model: states with
every per-state fact (what the enterprise reads, who holds it next, editable, holding a project slot,
visible to the city, final), transitions, who may take each, and the label each side sees. Services
execute transitions; nothing else changes a status, and no other module lists states."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models

from accounts.choices import Role


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "已提交"
    COUNTY_REVIEW = "county_review", "县级审核中"
    RETURNED = "returned", "退回修改"
    COUNTY_APPROVED = "county_approved", "县级已通过"
    COUNTY_REJECTED = "county_rejected", "县级不予推荐"
    RECOMMENDED = "recommended", "已推荐"
    CITY_REVIEW = "city_review", "市级审核中"
    RETURNED_TO_COUNTY = "returned_to_county", "退回县级"
    CITY_APPROVED = "city_approved", "市级已通过"
    CITY_REJECTED = "city_rejected", "不予支持"
    PUBLICISED = "publicised", "公示中"
    AWARDED = "awarded", "已确定奖补"
    WITHDRAWN = "withdrawn", "已撤回"


class ReviewDecision(models.TextChoices):
    """A reviewer's decision on an application (review.ReviewOpinion records it; RETURN sends it back)."""

    AGREE = "agree", "同意"
    RETURN = "return", "退回修改"
    REJECT = "reject", "不予推荐"


S = ApplicationStatus
ENTERPRISE_ROLES = (Role.ENTERPRISE_AGENT, Role.ENTERPRISE_ADMIN)
COUNTY_ROLES = (Role.COUNTY_INDUSTRY_REVIEWER, Role.COUNTY_FINANCE_REVIEWER)
CITY_SECTION = (Role.CITY_SECTION_REVIEWER,)


@dataclass(frozen=True)
class StateFacts:
    """Everything the platform needs to know about one status, in one row."""

    enterprise_label: str  # what the enterprise reads in "my applications"
    next_holder: str  # who holds the application next
    editable: bool = False  # the enterprise may edit its answers
    holds_slot: bool = True  # counts toward the 2-project limit and the item 2/12 exclusion
    city_visible: bool = False  # city officials see it (once a county has recommended it)
    final: bool = False  # nothing more happens to it in this workflow
    holders: tuple[str, ...] = ()  # the roles whose turn it is (reminders, work lists)
    holds_quota: bool = False  # counts toward its county's 限报 quota (items 3, 4, 10) once recommended
    uses_budget: bool = False  # its proposed amount is drawn on the item's budget (市级审核通过 and after)


STATES: dict[str, StateFacts] = {
    S.DRAFT: StateFacts(
        "草稿（未提交）", "本企业：完善申报内容并提交", editable=True, holds_slot=False, holders=ENTERPRISE_ROLES
    ),
    S.SUBMITTED: StateFacts("已提交，等待县级审核", "县市区/园区工信、财政部门", holders=COUNTY_ROLES),
    S.COUNTY_REVIEW: StateFacts("县级审核中", "县市区/园区工信、财政部门", holders=COUNTY_ROLES),
    S.RETURNED: StateFacts(
        "已退回，请按意见修改后重新提交", "本企业：按审核意见修改", editable=True, holders=ENTERPRISE_ROLES
    ),
    S.COUNTY_APPROVED: StateFacts(
        "县级审核通过，等待推荐", "县市区/园区工信部门", holders=(Role.COUNTY_INDUSTRY_REVIEWER,)
    ),
    S.COUNTY_REJECTED: StateFacts("县级不予推荐", "—（办理结束）", holds_slot=False, final=True),
    S.RECOMMENDED: StateFacts(
        "已推荐至市级", "市工信局相关科室", city_visible=True, holders=CITY_SECTION, holds_quota=True
    ),
    S.CITY_REVIEW: StateFacts(
        "市级审核中", "市工信局相关科室", city_visible=True, holders=CITY_SECTION, holds_quota=True
    ),
    S.RETURNED_TO_COUNTY: StateFacts(
        "市级退回县级复核", "县市区/园区工信、财政部门", city_visible=True, holders=COUNTY_ROLES
    ),
    S.CITY_APPROVED: StateFacts(
        "市级审核通过，等待确定奖补名单",
        "市工信局中小企业科、市财政局企业科",
        city_visible=True,
        holders=(Role.CITY_SME_COORDINATOR, Role.CITY_FINANCE_REVIEWER),
        holds_quota=True,
        uses_budget=True,
    ),
    S.CITY_REJECTED: StateFacts("不予支持", "—（办理结束）", holds_slot=False, city_visible=True, final=True),
    S.PUBLICISED: StateFacts(
        "奖补名单公示中",
        "公示期内接受异议",
        city_visible=True,
        holders=(Role.CITY_SME_COORDINATOR,),
        holds_quota=True,
        uses_budget=True,
    ),
    S.AWARDED: StateFacts(
        "已确定奖补", "—（等待资金拨付）", city_visible=True, final=True, holds_quota=True, uses_budget=True
    ),
    S.WITHDRAWN: StateFacts("已撤回", "—（办理结束）", holds_slot=False, final=True),
}

# Derived from the table: no other module lists states.
ENTERPRISE_VIEW: dict[str, tuple[str, str]] = {s: (f.enterprise_label, f.next_holder) for s, f in STATES.items()}
EDITABLE_STATES = tuple(s for s, f in STATES.items() if f.editable)
# States that hold one of the enterprise's project slots (the 2-project limit, the item 2/12 exclusion).
SLOT_HOLDING_STATES = tuple(s for s, f in STATES.items() if f.holds_slot)
CITY_VISIBLE_STATES = tuple(s for s, f in STATES.items() if f.city_visible)
FINAL_STATES = tuple(s for s, f in STATES.items() if f.final)
# Recommended and not turned down: counts toward its county's 限报 quota (items 3, 4 and 10).
QUOTA_HOLDING_STATES = tuple(s for s, f in STATES.items() if f.holds_quota)
# Approved by the city and not turned down: its proposed amount is drawn on the item's budget.
BUDGET_USING_STATES = tuple(s for s, f in STATES.items() if f.uses_budget)
# Held by a county before it recommends (reminders while the submission window is open).
COUNTY_HELD: dict[str, tuple[str, ...]] = {
    s: f.holders for s, f in STATES.items() if f.holders and set(f.holders) <= set(COUNTY_ROLES) and not f.city_visible
}


@dataclass(frozen=True)
class Transition:
    name: str
    sources: tuple[str, ...]
    target: str
    roles: tuple[str, ...]
    label: str  # the button and the timeline entry
    needs_reason: bool = False


TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        Transition("submit", (S.DRAFT, S.RETURNED), S.SUBMITTED, ENTERPRISE_ROLES, "提交申报"),
        Transition("withdraw", (S.SUBMITTED,), S.WITHDRAWN, ENTERPRISE_ROLES, "撤回申报", needs_reason=False),
        Transition("county_start", (S.SUBMITTED,), S.COUNTY_REVIEW, COUNTY_ROLES, "开始县级审核"),
        Transition("county_return", (S.SUBMITTED, S.COUNTY_REVIEW), S.RETURNED, COUNTY_ROLES, "退回企业修改", True),
        Transition("county_approve", (S.COUNTY_REVIEW,), S.COUNTY_APPROVED, COUNTY_ROLES, "县级审核通过"),
        Transition("county_reject", (S.COUNTY_REVIEW,), S.COUNTY_REJECTED, COUNTY_ROLES, "县级不予推荐", True),
        Transition("recommend", (S.COUNTY_APPROVED,), S.RECOMMENDED, (Role.COUNTY_INDUSTRY_REVIEWER,), "联合推荐上报"),
        Transition(
            "quota_reject",
            (S.COUNTY_APPROVED,),
            S.COUNTY_REJECTED,
            (Role.COUNTY_INDUSTRY_REVIEWER,),
            "不予推荐（限额）",
            True,
        ),
        Transition("city_start", (S.RECOMMENDED,), S.CITY_REVIEW, (Role.CITY_SECTION_REVIEWER,), "开始市级审核"),
        Transition(
            "city_return",
            (S.RECOMMENDED, S.CITY_REVIEW),
            S.RETURNED_TO_COUNTY,
            (Role.CITY_SECTION_REVIEWER,),
            "退回县级",
            True,
        ),
        Transition("county_reopen", (S.RETURNED_TO_COUNTY,), S.COUNTY_REVIEW, COUNTY_ROLES, "县级重新审核"),
        Transition("city_approve", (S.CITY_REVIEW,), S.CITY_APPROVED, (Role.CITY_SECTION_REVIEWER,), "市级审核通过"),
        Transition("city_reject", (S.CITY_REVIEW,), S.CITY_REJECTED, (Role.CITY_SECTION_REVIEWER,), "不予支持", True),
        Transition("publicise", (S.CITY_APPROVED,), S.PUBLICISED, (Role.CITY_SME_COORDINATOR,), "列入奖补名单公示"),
        Transition("award", (S.PUBLICISED,), S.AWARDED, (Role.CITY_SME_COORDINATOR,), "确定奖补"),
        # 公示 exists so that objections can stop an award: an upheld one ends the application.
        Transition(
            "objection_upheld",
            (S.PUBLICISED,),
            S.CITY_REJECTED,
            (Role.CITY_SME_COORDINATOR,),
            "公示异议成立，不予奖补",
            True,
        ),
    )
}


def transition_allowed(name: str, status: str, roles: frozenset[str]) -> tuple[bool, str]:
    """(allowed, reason): the table's answer before any guard runs."""
    transition = TRANSITIONS.get(name)
    if transition is None:
        return False, "未知的操作。"
    if status not in transition.sources:
        return False, f"当前状态为“{S(status).label}”，不能{transition.label}。"
    if not roles & set(transition.roles):
        return False, f"您的角色不能{transition.label}。"
    return True, ""
