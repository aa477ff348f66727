"""Reads of the 绩效目标 stage: an application's 目标表 with its indicators, 目标审核 and 目标调整, the pack's
checklist, the 附件3 form the enterprise corrects with its problems at their cells, and what the
绩效目标审核 block shows each reader."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from accounts import permissions as base
from applications.completeness import performance_target_sheet
from applications.models import Application
from applications.workflow import ApplicationStatus
from core.prepared import PreparedQuery
from performance import permissions
from performance.models import PerformanceIndicator, PerformanceTargetSheet, TargetAdjustment, TargetReview
from performance.workflow import TargetStatus
from policies.formengine.form_rules import form_rule_errors
from policies.formengine.indicators import Indicator, indicators_from_answers, target_sheet_issues
from policies.formengine.validate import validate_answers
from policies.pack.schema import ChecklistPoint, PerformanceRules
from policies.selectors import pack_models


def performance_rules(application: Application) -> PerformanceRules | None:
    """The pack's 全过程绩效管理 rules (checklist, total score, …); None for a pack that declares none."""
    pack, _items = pack_models(application.pack)
    return pack.performance


def target_checklist(application: Application) -> list[ChecklistPoint]:
    """The 目标审核 checklist the pack declares (目标明确, 指标可衡量, …)."""
    rules = performance_rules(application)
    return list(rules.checklist) if rules else []


def target_form(application: Application) -> tuple[dict | None, Decimal]:
    """The application's frozen 绩效目标表 template (附件3) and the 分值 total its indicators add up to."""
    return performance_target_sheet(application)


def target_indicators_parsed(form: dict, form_answers: dict) -> tuple[list[Indicator], set[str]]:
    """The indicators of the 附件3 answers, and the ids of those with a problem at one of their cells."""
    indicators, problems = indicators_from_answers(form, form_answers)
    return indicators, {f"{p.table}:{p.row}" for p in problems}


def target_answer_errors(application: Application, answers: dict[str, Any]) -> dict[str, str]:
    """path -> message of everything that keeps corrected 附件3 answers ({form id: answers}) from being a
    usable 绩效目标表: the form's own checks (kinds, required cells, an indicator under every 一级指标) and
    the indicators' (a number and unit for 定量, a standard for 定性, a 分值; the 分值 total)."""
    form, total = target_form(application)
    if form is None:
        return {}
    errors = {
        **validate_answers([form], answers, complete=True),
        **form_rule_errors([form], answers),
    }
    for path, message in target_sheet_issues(form, answers.get(form["id"]) or {}, total_score=total):
        errors.setdefault(path, message)
    return errors


# Every page of a submitted application reads it: compiled once per process (core/prepared.py); the indicators
# and reviews come by Django's prefetch as before.
_SHEET_OF_APPLICATION = PreparedQuery(
    lambda application: (
        PerformanceTargetSheet.objects.filter(application_id=application)
        .prefetch_related("indicators", "reviews")
        .order_by("pk")[:1]
    ),
    application=int,
)


def target_sheet_of(application: Application) -> PerformanceTargetSheet | None:
    """The application's 目标表 with its indicators and reviews (two more queries), or None before submission.
    Read once per application object: the page's status line, the county's hint and the 目标审核 block share it
    (a service never reads it here: it locks the sheet itself)."""
    if application.status == ApplicationStatus.DRAFT:
        # A sheet is made at submission (target_sheet_store) or at the award, and the workflow table has no
        # transition back to DRAFT: a draft has none, so its page reads none.
        return None
    if not hasattr(application, "_target_sheet"):
        application._target_sheet = _SHEET_OF_APPLICATION.first(application=application.pk)
    return application._target_sheet


def target_adjustments_of(sheet: PerformanceTargetSheet) -> list[TargetAdjustment]:
    """Every 目标调整 of the sheet, newest first, with the indicator it changes."""
    return list(TargetAdjustment.objects.filter(indicator__sheet=sheet).select_related("indicator"))


@dataclass(frozen=True)
class IndicatorGroupView:
    level1: str
    indicators: list[PerformanceIndicator]
    weight: Decimal


def indicator_groups_of(sheet: PerformanceTargetSheet) -> list[IndicatorGroupView]:
    """The sheet's indicators under their 一级指标, in the order of the table, with each group's 分值."""
    groups: dict[str, list[PerformanceIndicator]] = {}
    for indicator in sheet.indicators.all():
        groups.setdefault(indicator.level1, []).append(indicator)
    return [
        IndicatorGroupView(level1, rows, sum((i.weight for i in rows), Decimal(0))) for level1, rows in groups.items()
    ]


@dataclass(frozen=True)
class ReviewView:
    """One 目标审核 with its checklist answers as the reader sees them (要点, 是/否, 备注)."""

    review: TargetReview
    checks: list[tuple[str, bool | None, str]]


def review_views(sheet: PerformanceTargetSheet, checklist: list[ChecklistPoint]) -> list[ReviewView]:
    texts = {p.code: p.text for p in checklist}
    views = []
    for review in sheet.reviews.all():
        answers = review.answers or {}
        codes = [p.code for p in checklist] + [c for c in answers if c not in texts]
        checks = [
            (texts.get(code, code), (answers.get(code) or {}).get("ok"), (answers.get(code) or {}).get("remark", ""))
            for code in codes
            if code in answers
        ]
        views.append(ReviewView(review, checks))
    return views


@dataclass
class TargetBlock:
    """What the 绩效目标审核 block of the application page shows one reader, and what they may do there."""

    application: Application
    sheet: PerformanceTargetSheet | None
    checklist: list[ChecklistPoint] = field(default_factory=list)
    groups: list[IndicatorGroupView] = field(default_factory=list)
    total_weight: Decimal = Decimal(0)
    reviews: list[ReviewView] = field(default_factory=list)
    stage: str | None = None  # the reader's 目标审核 stage (county / city), if any
    can_review: bool = False
    review_refusal: str = ""  # why a reviewer cannot act now
    can_correct: bool = False
    correct_refusal: str = ""
    can_request_adjustment: bool = False
    pending_adjustments: int = 0
    is_enterprise: bool = False

    @property
    def frozen(self) -> bool:
        return self.sheet is not None and self.sheet.status == TargetStatus.FROZEN

    @property
    def returned(self) -> bool:
        return self.sheet is not None and self.sheet.status == TargetStatus.RETURNED

    @property
    def stage_label(self) -> str:
        return TargetReview.Stage(self.stage).label if self.stage else ""


def target_block(*, user, application: Application) -> TargetBlock:
    """The block for this reader. Queries: the sheet, its indicators, its reviews, pending adjustments."""
    sheet = target_sheet_of(application)
    checklist = target_checklist(application)
    stage = permissions.target_review_stage(user, application)
    block = TargetBlock(
        application=application, sheet=sheet, checklist=checklist, stage=stage,
        is_enterprise=base.is_enterprise_user(user),
    )  # fmt: skip
    if sheet is None:
        return block
    block.groups = indicator_groups_of(sheet)
    block.total_weight = sum((g.weight for g in block.groups), Decimal(0))
    block.reviews = review_views(sheet, checklist)
    if stage is not None:
        block.can_review, block.review_refusal = permissions.can_review_targets(user, application, sheet)
    if block.is_enterprise:
        block.can_correct, block.correct_refusal = permissions.can_correct_targets(user, application, sheet)
        block.can_request_adjustment = permissions.can_request_target_adjustment(user, application, sheet)[0]
    if sheet.status == TargetStatus.FROZEN:
        block.pending_adjustments = TargetAdjustment.objects.filter(
            indicator__sheet=sheet, status=TargetAdjustment.Status.PENDING
        ).count()
    return block


# The line on the targets' status next to the application's state, when there is something to do or know.
TARGETS_RETURNED_LINE = "绩效目标已退回修改（申报本身未退回）"
TARGETS_RETURNED_LINK = "查看退回理由并修改绩效目标"
TARGETS_TO_REVIEW_LINE = "待{stage}目标审核"
TARGETS_TO_REVIEW_LINK = "进行绩效目标审核"


def target_status_line(*, user, application: Application) -> tuple[str, str] | None:
    """(what the targets wait for, the link to the 绩效目标审核 block) for the enterprise whose targets are back
    with it and for the reviewer whose 目标审核 they wait for; None for anyone else. The sheet as target_sheet_of reads it."""
    sheet = target_sheet_of(application)
    if sheet is None:
        return None
    if permissions.can_correct_targets(user, application, sheet)[0]:
        return TARGETS_RETURNED_LINE, TARGETS_RETURNED_LINK
    if permissions.can_review_targets(user, application, sheet)[0]:
        stage = TargetReview.Stage(permissions.target_review_stage(user, application)).label
        return TARGETS_TO_REVIEW_LINE.format(stage=stage), TARGETS_TO_REVIEW_LINK
    return None
