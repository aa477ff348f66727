"""Writes of 绩效评价 (通知 五): the 中小企业科 opens the evaluations of a final list; the enterprise
submits its 自评 (final value per indicator, a written summary); the county verifies or returns it; the item's
section scores each indicator by the pack's rule (performance.scoring), adjusting a score only with a stated
reason, which gives the total and the grade; the 中小企业科 confirms the whole list's results, which then
become the enterprise's eligibility facts (performance/services/rectification.py, with 整改)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from awards.models import AwardList
from core.choices import AuditVerb
from core.services import AuditRecord, audit_event_record, audit_events_record_many
from notifications.choices import NotificationVerb
from notifications.selectors import county_reviewers
from notifications.services import notify_users
from performance import permissions
from performance.models import IndicatorScore, PerformanceEvaluation
from performance.scoring import grade_of, indicator_score
from performance.selectors.evaluation import list_evaluations
from performance.selectors.monitoring import (
    application_indicators,
    awarded_applications,
    indicator_from_row,
    pack_performance_rules,
    parse_reported_value,
)
from performance.services.common import (
    NO_PERFORMANCE_RULES,
    application_name,
    county_return_record,
    final_list_locked,
    section_reviewers,
    sme_required,
    step_locked,
    tell_enterprises,
    transition_check,
)
from performance.services.common import RETURN_REASON_REQUIRED as RETURN_REASON_REQUIRED  # tests import it here
from performance.services.rectification import enterprise_facts_record
from performance.workflow import EVALUATION_TRANSITIONS, EvaluationStatus
from policies.formengine.indicators import QUANTITATIVE

E = EvaluationStatus

# User-facing messages (tests import them).
LIST_NOT_FINAL = "奖补名单定稿后方可开展绩效评价。"
NOTHING_TO_OPEN = "该名单确定奖补的项目均已开展绩效评价。"
FINAL_VALUE_REQUIRED = "请填写实际完成值。"
FINAL_VALUE_NOT_NUMERIC = "定量指标的实际完成值须为数值，如“520”“92.5”（可带 %）。"
SUMMARY_REQUIRED = "请填写自评总结：项目实施、资金使用和绩效目标完成情况。"
JUDGEMENT_REQUIRED = "请判断该定性指标是否达到目标。"
SCORE_OUT_OF_RANGE = "得分须在 0 至 {weight} 分之间。"
ADJUST_REASON_REQUIRED = "调整得分须写明理由。"
NO_SELF_EVALUATION = "企业尚未提交自评，不能评分。"
NOTHING_SCORED = "该名单没有已评分的项目。"
NOT_ALL_SCORED = "尚有 {count} 个项目未完成评分（或未开展评价），全部评分后方可确认评价结果。"

# Inbox wording.
OPENED_TITLE = "绩效评价待自评：{name}"
OPENED_BODY = "请填报各项绩效指标的实际完成值，并撰写自评总结（项目实施、资金使用和绩效目标完成情况）。"
TO_VERIFY_TITLE = "待核实绩效自评：{enterprise}的“{name}”"
TO_SCORE_TITLE = "待绩效评分：{enterprise}的“{name}”"
RETURNED_TITLE = "绩效自评退回补正：{name}"
CONFIRMED_TITLE = "绩效评价结果：{name}为“{grade}”（{total} 分）"
CONFIRMED_BODY = "绩效评价结果已由市工信局中小企业科确认，将作为以后年度申报的参考。"


def _evaluation_url(evaluation: PerformanceEvaluation) -> str:
    return reverse("performance:evaluation", args=[evaluation.pk])


def _evaluation_locked(evaluation: PerformanceEvaluation, actor, may_act, refusal: str, name: str):
    return step_locked(
        evaluation, actor=actor, may_act=may_act, refusal=refusal, transitions=EVALUATION_TRANSITIONS, name=name,
        related=("application__enterprise__jurisdiction", "application__item", "application__pack"),
    )  # fmt: skip


# --- opening ---


@transaction.atomic
def evaluations_open(*, actor, award_list: AwardList) -> list[PerformanceEvaluation]:
    """One evaluation for each award of a final list that has none yet; each enterprise is asked for its 自评."""
    sme_required(actor)
    award_list = final_list_locked(award_list, not_final=LIST_NOT_FINAL)
    applications = list(
        awarded_applications(award_list)
        .filter(evaluation__isnull=True)
        .select_related("item")
        .only("id", "project_name", "enterprise_id", "item__name")
        .order_by("pk")
    )
    if not applications:
        raise ValidationError(NOTHING_TO_OPEN)
    evaluations = PerformanceEvaluation.objects.bulk_create(
        [PerformanceEvaluation(application=application) for application in applications], batch_size=1000
    )
    label = "开展绩效评价"
    audit_events_record_many(
        actor=actor,
        records=[AuditRecord(AuditVerb.EVALUATION_OPENED, a, {"label": label, "award_list": award_list.pk,
                                                               "evaluation": e.pk})
                 for a, e in zip(applications, evaluations, strict=True)],
    )  # fmt: skip
    tell_enterprises(
        ((application, OPENED_TITLE.format(name=application_name(application)), _evaluation_url(evaluation))
         for application, evaluation in zip(applications, evaluations, strict=True)),
        actor=actor, verb=NotificationVerb.ACTION_REQUIRED, body=OPENED_BODY,
    )  # fmt: skip
    return evaluations


# --- 自评 and the county's verification ---


@transaction.atomic
def evaluation_self_submit(
    *, actor, evaluation: PerformanceEvaluation, finals: Mapping[int, str], summary: str
) -> PerformanceEvaluation:
    """The enterprise's 自评: each indicator's final value (indicator pk -> text; a number for 定量) and a
    summary. Errors are keyed `final_<pk>` and `summary`. Scores are the section's, later."""
    evaluation = _evaluation_locked(
        evaluation, actor, permissions.is_evaluation_enterprise, permissions.NOT_THE_EVALUATED_ENTERPRISE,
        "self_evaluate",
    )  # fmt: skip
    application = evaluation.application
    indicators = application_indicators(application)
    errors: dict[str, str] = {}
    for indicator in indicators:
        value = (finals.get(indicator.pk) or "").strip()
        if not value:
            errors[f"final_{indicator.pk}"] = FINAL_VALUE_REQUIRED
        elif indicator.value_type == QUANTITATIVE and parse_reported_value(value) is None:
            errors[f"final_{indicator.pk}"] = FINAL_VALUE_NOT_NUMERIC
    if not summary.strip():
        errors["summary"] = SUMMARY_REQUIRED
    if errors:
        raise ValidationError(errors)
    evaluation.scores.all().delete()
    scores = [IndicatorScore(evaluation=evaluation, indicator=i, actual=finals[i.pk].strip()) for i in indicators]
    for score in scores:
        score.full_clean(exclude=["evaluation", "indicator"], validate_constraints=False)
    IndicatorScore.objects.bulk_create(scores)
    transition = EVALUATION_TRANSITIONS["self_evaluate"]
    evaluation.summary = summary.strip()
    evaluation.status = transition.target
    evaluation.total, evaluation.grade = None, ""
    evaluation.save(update_fields=["summary", "status", "total", "grade", "updated_at"])
    audit_event_record(
        actor=actor, verb=AuditVerb.EVALUATION_SELF_SUBMITTED, target=application,
        data={"label": transition.label, "evaluation": evaluation.pk,
              "finals": {i.key: finals[i.pk].strip() for i in indicators}},
    )  # fmt: skip
    notify_users(
        actor=actor, recipients=county_reviewers(application), application=application, verb=NotificationVerb.ACTION_REQUIRED,
        title=TO_VERIFY_TITLE.format(enterprise=application.enterprise.name, name=application_name(application)),
        body=evaluation.summary[:500], url=_evaluation_url(evaluation),
    )  # fmt: skip
    return evaluation


def _county_step(actor, evaluation: PerformanceEvaluation, name: str) -> PerformanceEvaluation:
    return _evaluation_locked(
        evaluation, actor, permissions.is_evaluation_county, permissions.NOT_THE_EVALUATION_COUNTY, name
    )


@transaction.atomic
def evaluation_verify(*, actor, evaluation: PerformanceEvaluation, remark: str) -> PerformanceEvaluation:
    """核实 of the 自评 with remarks; the item's section is asked to score."""
    evaluation = _county_step(actor, evaluation, "evaluation_verify")
    transition = EVALUATION_TRANSITIONS["evaluation_verify"]
    evaluation.status = transition.target
    evaluation.county_remark = remark.strip()
    evaluation.save(update_fields=["status", "county_remark", "updated_at"])
    application = evaluation.application
    audit_event_record(
        actor=actor, verb=AuditVerb.EVALUATION_VERIFIED, target=application,
        data={"label": transition.label, "evaluation": evaluation.pk, "remark": evaluation.county_remark},
    )  # fmt: skip
    notify_users(
        actor=actor, recipients=section_reviewers(application), application=application, verb=NotificationVerb.ACTION_REQUIRED,
        title=TO_SCORE_TITLE.format(enterprise=application.enterprise.name, name=application_name(application)),
        body=f"县级核实意见：{evaluation.county_remark or '无'}", url=_evaluation_url(evaluation),
    )  # fmt: skip
    return evaluation


@transaction.atomic
def evaluation_return(*, actor, evaluation: PerformanceEvaluation, reason: str) -> PerformanceEvaluation:
    """退回补正 of the 自评, with a reason."""
    evaluation = _county_step(actor, evaluation, "evaluation_return")
    county_return_record(
        actor=actor, record=evaluation, transition=EVALUATION_TRANSITIONS["evaluation_return"], reason=reason,
        verb=AuditVerb.EVALUATION_RETURNED, data={"evaluation": evaluation.pk}, title=RETURNED_TITLE,
        url=_evaluation_url(evaluation), update_fields=("updated_at",),
    )  # fmt: skip
    return evaluation


# --- the section's scores ---


@transaction.atomic
def evaluation_score(
    *,
    actor,
    evaluation: PerformanceEvaluation,
    judgements: Mapping[int, bool] | None = None,
    adjustments: Mapping[int, tuple[Decimal | None, str]] | None = None,
) -> PerformanceEvaluation:
    """Score every indicator by the pack's rule: a 定量 one from its final value, a 定性 one from the
    section's judgement (indicator pk -> achieved). An adjusted score (pk -> (score, reason)) replaces the
    computed one only with a reason, and within 0 and the indicator's 分值. Gives the total and the grade.
    Errors are keyed `achieved_<pk>`, `score_<pk>` and `reason_<pk>`."""
    evaluation = _evaluation_locked(
        evaluation, actor, permissions.is_evaluation_section, permissions.NOT_THE_EVALUATION_SECTION,
        "evaluation_score",
    )  # fmt: skip
    application = evaluation.application
    rules = pack_performance_rules(application.pack)
    if rules is None:
        raise ValidationError(NO_PERFORMANCE_RULES)
    judgements, adjustments = judgements or {}, adjustments or {}
    scores = list(evaluation.scores.select_related("indicator").order_by("indicator__position", "pk"))
    if not scores:
        raise ValidationError(NO_SELF_EVALUATION)
    errors: dict[str, str] = {}
    for score in scores:
        indicator = score.indicator
        pk = indicator.pk
        achieved = judgements.get(pk)
        if indicator.value_type != QUANTITATIVE and achieved is None:
            errors[f"achieved_{pk}"] = JUDGEMENT_REQUIRED
            continue
        actual = parse_reported_value(score.actual) if indicator.value_type == QUANTITATIVE else None
        score.computed = indicator_score(indicator_from_row(indicator), actual=actual, achieved=achieved, rules=rules)
        adjusted, reason = adjustments.get(pk, (None, ""))
        reason = (reason or "").strip()
        if adjusted is None or adjusted == score.computed:
            score.score, score.adjust_reason = score.computed, ""
            continue
        if not (Decimal(0) <= adjusted <= indicator.weight):
            errors[f"score_{pk}"] = SCORE_OUT_OF_RANGE.format(weight=f"{indicator.weight.normalize():f}")
        if not reason:
            errors[f"reason_{pk}"] = ADJUST_REASON_REQUIRED
        score.score, score.adjust_reason = adjusted.quantize(Decimal("0.01")), reason
    if errors:
        raise ValidationError(errors)
    IndicatorScore.objects.bulk_update(scores, ["computed", "score", "adjust_reason"])
    transition = EVALUATION_TRANSITIONS["evaluation_score"]
    evaluation.total = sum((s.score for s in scores), Decimal(0))
    evaluation.grade = grade_of(evaluation.total, rules)
    evaluation.status = transition.target
    evaluation.scored_by = actor
    evaluation.save(update_fields=["total", "grade", "status", "scored_by", "updated_at"])
    audit_event_record(
        actor=actor, verb=AuditVerb.EVALUATION_SCORED, target=application,
        data={"label": transition.label, "evaluation": evaluation.pk, "total": str(evaluation.total),
              "grade": evaluation.grade,
              "adjusted": {s.indicator.key: {"computed": str(s.computed), "score": str(s.score),
                                             "reason": s.adjust_reason} for s in scores if s.adjust_reason}},
    )  # fmt: skip
    return evaluation


# --- the 中小企业科's confirmation, and the result on the enterprise's record ---


@transaction.atomic
def evaluation_results_confirm(*, actor, award_list: AwardList) -> list[PerformanceEvaluation]:
    """The 中小企业科 confirms the results of the whole list once every award is scored; each grade is stored on
    the enterprise's record and told to the enterprise."""
    sme_required(actor)
    award_list = final_list_locked(award_list, not_final=LIST_NOT_FINAL)
    awarded = award_list.entries.filter(excluded=False).values("application_id")
    evaluations = list(
        list_evaluations(award_list)
        .select_for_update(of=("self",))
        .select_related("application__item")
        .only(
            "pk",
            "status",
            "total",
            "grade",
            "application__id",
            "application__project_name",
            "application__enterprise_id",
            "application__item__name",
        )
        .order_by("pk")
    )
    outstanding = awarded.count() - sum(1 for e in evaluations if e.status in (E.SCORED, E.CONFIRMED))
    if outstanding:
        raise ValidationError(NOT_ALL_SCORED.format(count=outstanding))
    to_confirm = [e for e in evaluations if e.status == E.SCORED]
    if not to_confirm:
        raise ValidationError(NOTHING_SCORED)
    for evaluation in to_confirm:
        transition_check(EVALUATION_TRANSITIONS, "evaluation_confirm", evaluation, actor)
    transition = EVALUATION_TRANSITIONS["evaluation_confirm"]
    now = timezone.now()
    for evaluation in to_confirm:
        evaluation.status, evaluation.confirmed_at, evaluation.updated_at = transition.target, now, now
    PerformanceEvaluation.objects.bulk_update(to_confirm, ["status", "confirmed_at", "updated_at"], batch_size=1000)
    audit_events_record_many(
        actor=actor,
        records=[AuditRecord(AuditVerb.EVALUATION_CONFIRMED, e.application,
                             {"label": transition.label, "evaluation": e.pk, "award_list": award_list.pk,
                              "total": str(e.total), "grade": e.grade}) for e in to_confirm],
    )  # fmt: skip
    enterprise_facts_record({e.application.enterprise_id for e in to_confirm}, actor=actor)
    tell_enterprises(
        ((e.application, CONFIRMED_TITLE.format(name=application_name(e.application), grade=e.grade,
                                                total=f"{e.total:f}"), _evaluation_url(e)) for e in to_confirm),
        actor=actor, verb=NotificationVerb.STATUS_CHANGED, body=CONFIRMED_BODY,
    )  # fmt: skip
    return to_confirm
