"""Reads of 绩效评价 and 评价结果应用: the lists an evaluation can be opened for, an evaluation's indicators with
their final values and scores (and the score each would get, for the section's form), a list's results
(the score per 一级指标, total, grade and monitoring warnings of every award, in a constant number of
queries, for the results page and the 绩效评价结果汇总表), and an enterprise's results as eligibility facts."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum

from applications.models import Application
from awards.choices import AwardListStatus
from awards.models import AwardList
from performance.models import (
    IndicatorProgress,
    IndicatorScore,
    PerformanceEvaluation,
    PerformanceIndicator,
    PerformanceMonitoringReport,
    PerformanceMonitoringRound,
    Rectification,
)
from performance.scoring import indicator_score
from performance.selectors.monitoring import indicator_from_row, parse_reported_value
from performance.workflow import EvaluationStatus
from policies.formengine.indicators import QUANTITATIVE, indicator_groups
from policies.models import FormTemplate, PolicyPack
from policies.pack.schema import PerformanceRules
from policies.selectors import pack_models

E = EvaluationStatus
# The 一级指标 of 附件3 when the pack's form cannot say (财预〔2020〕10号's four).
DEFAULT_LEVEL1 = ("成本指标", "产出指标", "效益指标", "满意度指标")
# Steps that still wait for someone before the 中小企业科 can confirm a list's results.
BEFORE_SCORED = (E.OPEN, E.SELF_EVALUATED, E.RETURNED, E.COUNTY_VERIFIED)
DEFERRED = (
    "application__forms",
    "application__answers",
    "application__eligibility_snapshot",
    "application__item__data",
)


def award_lists_for_evaluation() -> QuerySet[AwardList]:
    """Final lists, newest first, with their awards and how far their evaluations are."""
    awarded = Q(entries__excluded=False)
    evaluation = "entries__application__evaluation"
    return (
        AwardList.objects.filter(status=AwardListStatus.FINAL)
        .select_related("pack")
        .defer("pack__data")
        .annotate(
            awarded=Count("entries", filter=awarded),
            evaluations=Count(evaluation, filter=awarded),
            scored=Count(evaluation, filter=awarded & Q(**{f"{evaluation}__status": E.SCORED})),
            confirmed=Count(evaluation, filter=awarded & Q(**{f"{evaluation}__status": E.CONFIRMED})),
        )
        .order_by("-finalised_at", "-pk")
    )


def list_evaluations(award_list: AwardList) -> QuerySet[PerformanceEvaluation]:
    return PerformanceEvaluation.objects.filter(
        application__award_entries__award_list=award_list, application__award_entries__excluded=False
    )


def evaluation_rows(evaluations: QuerySet[PerformanceEvaluation]) -> QuerySet[PerformanceEvaluation]:
    """Evaluations as a work list shows them."""
    return (
        evaluations.select_related("application__enterprise__jurisdiction", "application__item")
        .defer(*DEFERRED)
        .order_by("application__item__number", "application__enterprise__name", "pk")
    )


def level1_names(pack: PolicyPack) -> list[str]:
    """The 一级指标 of the pack's 绩效目标表 (附件3), in its order."""
    form_id = pack_models(pack)[0].performance_form
    schema = FormTemplate.objects.filter(pack=pack, form_id=form_id).values_list("schema", flat=True).first()
    groups = [g.level1 for g in indicator_groups(schema)] if schema else []
    return groups or list(DEFAULT_LEVEL1)


@dataclass(frozen=True)
class ScoreLine:
    """One indicator of an evaluation: its target, the final value, the score, and (for the section's
    form) the score the indicator would get from the final value by the pack's rule."""

    indicator: PerformanceIndicator
    score: IndicatorScore | None
    preview: Decimal | None  # 定量 only: the computed score of the final value

    @property
    def quantitative(self) -> bool:
        return self.indicator.value_type == QUANTITATIVE


def evaluation_lines(evaluation: PerformanceEvaluation, rules: PerformanceRules | None) -> list[ScoreLine]:
    indicators = list(
        PerformanceIndicator.objects.filter(sheet__application_id=evaluation.application_id).order_by("position", "pk")
    )
    scores = {s.indicator_id: s for s in evaluation.scores.all()}
    lines = []
    for indicator in indicators:
        score = scores.get(indicator.pk)
        preview = None
        if rules and score and indicator.value_type == QUANTITATIVE:
            actual = parse_reported_value(score.actual)
            preview = indicator_score(indicator_from_row(indicator), actual=actual, achieved=None, rules=rules)
        lines.append(ScoreLine(indicator, score, preview))
    return lines


# --- a list's results ---


@dataclass
class ResultRow:
    """One award in the list's results: the 汇总表's row."""

    application_id: int
    jurisdiction: str
    enterprise: str
    item: str
    project: str
    amount: Decimal | None
    status: str
    level1: dict[str, Decimal | None] = field(default_factory=dict)
    total: Decimal | None = None
    grade: str = ""
    warnings: list[str] = field(default_factory=list)
    evaluation_id: int | None = None


def _latest_round(award_list: AwardList) -> PerformanceMonitoringRound | None:
    return award_list.monitoring_rounds.order_by("-as_of", "-pk").first()


def warnings_by_application(round: PerformanceMonitoringRound | None, applications: Iterable[int] | QuerySet
                            ) -> dict[int, list[str]]:  # fmt: skip
    """The 偏离预警 of each application's report in the round: "<三级指标>：<reason>", then the spending one."""
    found: dict[int, list[str]] = defaultdict(list)
    if round is None:
        return found
    progress = (
        IndicatorProgress.objects.filter(report__round=round, report__application__in=applications)
        .exclude(warning="")
        .order_by("report__application_id", "indicator__position", "pk")
        .values_list("report__application_id", "indicator__name", "warning")
    )
    for application_id, name, warning in progress:
        found[application_id].append(f"{name}：{warning}")
    spending = (
        PerformanceMonitoringReport.objects.filter(round=round, application__in=applications)
        .exclude(spending_warning="")
        .values_list("application_id", "spending_warning")
    )
    for application_id, warning in spending:
        found[application_id].append(warning)
    return found


def list_results(award_list: AwardList, applications: QuerySet[Application]) -> Iterator[ResultRow]:
    """Every award of the list among `applications` (the reader's), in item and enterprise order, with its
    evaluation's score per 一级指标, total, grade and the latest round's warnings. Four queries whatever the
    list's size: the awards, the score sums, the latest round, its warnings (two)."""
    statuses = dict(EvaluationStatus.choices)
    awarded = (
        award_list.entries.filter(excluded=False, application__in=applications)
        .order_by("application__item__number", "application__enterprise__name", "pk")
        .values_list(
            "application_id", "application__enterprise__jurisdiction__name", "application__enterprise__name",
            "application__item__number", "application__item__name", "application__project_name", "amount",
            "application__evaluation__pk", "application__evaluation__status", "application__evaluation__total",
            "application__evaluation__grade",
        )
    )  # fmt: skip
    list_applications = award_list.entries.filter(excluded=False, application__in=applications).values("application_id")
    sums: dict[int, dict[str, Decimal | None]] = defaultdict(dict)
    scores = (
        IndicatorScore.objects.filter(evaluation__application__in=list_applications)
        .values_list("evaluation__application_id", "indicator__level1")
        .annotate(points=Sum("score"))
        .order_by()
    )
    for application_id, level1, points in scores:
        sums[application_id][level1] = points
    round = _latest_round(award_list)
    warnings = warnings_by_application(round, list_applications)
    for (application_id, jurisdiction, enterprise, number, item, project, amount, evaluation_id, status, total,
         grade) in awarded.iterator(chunk_size=2000):  # fmt: skip
        scored = status in (E.SCORED, E.CONFIRMED)
        yield ResultRow(
            application_id=application_id, jurisdiction=jurisdiction or "", enterprise=enterprise,
            item=f"{number}. {item}", project=project, amount=amount,
            status=statuses.get(status, "未开展评价") if status else "未开展评价",
            level1=sums.get(application_id, {}) if scored else {}, total=total if scored else None,
            grade=grade if scored else "", warnings=warnings.get(application_id, []), evaluation_id=evaluation_id,
        )  # fmt: skip


def list_outstanding(award_list: AwardList) -> int:
    """Awards of the list whose evaluation is not yet scored (or not opened): they hold up the confirmation."""
    awarded = award_list.entries.filter(excluded=False).values("application_id")
    opened = PerformanceEvaluation.objects.filter(application__in=awarded)
    return awarded.count() - opened.filter(status__in=(E.SCORED, E.CONFIRMED)).count()


# --- 评价结果应用 ---


def enterprise_performance_facts(enterprise_ids: Iterable[int]) -> dict[int, dict[str, object]]:
    """{enterprise id: {"last_performance_grade": …, "performance_rectification_open": …}}.

    The grade is that of the enterprise's latest confirmed evaluation year (the pack's year); where it had
    several awards evaluated that year, the lowest total's grade, so that one 差 is not hidden by a 优. A
    rectification is open until it is closed. An enterprise never evaluated has no grade."""
    ids = list(enterprise_ids)
    facts: dict[int, dict[str, object]] = {i: {"performance_rectification_open": False} for i in ids}
    latest: dict[int, tuple[int, Decimal, str]] = {}
    confirmed = PerformanceEvaluation.objects.filter(status=E.CONFIRMED, application__enterprise_id__in=ids)
    for enterprise_id, year, total, grade in confirmed.values_list(
        "application__enterprise_id", "application__pack__year", "total", "grade"
    ):
        key = (year, -(total or Decimal(0)))
        if enterprise_id not in latest or key > latest[enterprise_id][:2]:
            latest[enterprise_id] = (*key, grade)
    for enterprise_id, (_year, _total, grade) in latest.items():
        facts[enterprise_id]["last_performance_grade"] = grade
    open_rectifications = Rectification.objects.filter(application__enterprise_id__in=ids, closed_at=None)
    for enterprise_id in open_rectifications.values_list("application__enterprise_id", flat=True).distinct():
        facts[enterprise_id]["performance_rectification_open"] = True
    return facts
