"""Pages of 绩效评价 and 整改: the evaluation work list (everyone, scoped), a list's results (中小企业科, sections)
where the 中小企业科 opens the evaluations and confirms the results, and one evaluation: the enterprise's
自评, the county's verification or return, the section's scores, and the 整改 the 中小企业科 opens from it.

The forms live here because each is used by one view of this stage only."""

from __future__ import annotations

from decimal import Decimal
from functools import partial

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.views.decorators.http import require_GET

from accounts.reauthentication import recent_authentication_required
from performance import permissions
from performance.models import PerformanceEvaluation, PerformanceIndicator, Rectification
from performance.selectors import evaluation as selectors
from performance.selectors.monitoring import application_indicators, pack_performance_rules
from performance.services import evaluation as services
from performance.services import rectification as rectification_services
from performance.views.common import button_view, form_step_view, label_table_cells
from performance.workflow import EvaluationStatus
from policies.formengine.indicators import QUANTITATIVE

OPENED = "已开展绩效评价：{count} 个项目，已通知企业自评。"
SELF_SUBMITTED = "绩效自评已提交，待县级核实。"
VERIFIED = "已核实绩效自评，待市工信局科室评分。"
RETURNED = "已退回企业补正。"
SCORED = "已评分：总分 {total} 分，等级“{grade}”。"
CONFIRMED = "已确认 {count} 个项目的绩效评价结果，并记入企业档案。"
RECTIFICATION_OPENED = "已启动整改，已通知企业和县级。"
RECOVERY_REQUESTED = "已建议追回奖补资金，已告知市财政局企业科。"
RECTIFICATION_CLOSED = "整改已完成。"
PAGE_SIZE = 50
RESULTS_PAGE_SIZE = 100
SCORE_DECIMALS = "调整后得分最多保留两位小数。"
ACHIEVED_CHOICES = [("", "请选择"), ("yes", "达到目标"), ("no", "未达到目标")]


# --- forms ---


class SelfEvaluationForm(forms.Form):
    # Not required here: the service reports every gap at once (values, numbers, summary) in its own words.
    summary = forms.CharField(
        label="自评总结", required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 8}),
        help_text="项目实施情况、资金使用情况、绩效目标完成情况，未完成的说明原因和改进措施。",
    )  # fmt: skip

    def __init__(self, *args, indicators: list[PerformanceIndicator], evaluation: PerformanceEvaluation, **kwargs):
        initial = {"summary": evaluation.summary}
        for score in evaluation.scores.all():
            initial[f"final_{score.indicator_id}"] = score.actual
        super().__init__(*args, initial=initial, **kwargs)
        self.indicators = indicators
        for indicator in indicators:
            unit = f"（{indicator.unit}）" if indicator.unit else ""
            self.fields[f"final_{indicator.pk}"] = forms.CharField(
                label=f"{indicator.name}：实际完成值{unit}", max_length=200, required=False
            )

        label_table_cells(self, ("final_",))

    def rows(self):
        return [(i, self[f"final_{i.pk}"]) for i in self.indicators]

    def finals(self) -> dict[int, str]:
        return {i.pk: self.cleaned_data.get(f"final_{i.pk}", "") for i in self.indicators}


class RemarkForm(forms.Form):
    remark = forms.CharField(
        label="县级核实意见", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="退回补正时必填。",
    )  # fmt: skip


class ScoreForm(forms.Form):
    """Per indicator: for 定性 the judgement (`achieved_<pk>`); for every one an optional adjusted score
    (`score_<pk>`) with its reason (`reason_<pk>`)."""

    def __init__(self, *args, lines: list[selectors.ScoreLine], **kwargs):
        initial = {}
        for line in lines:
            score = line.score
            if score and score.score is not None and score.adjust_reason:
                initial[f"score_{line.indicator.pk}"] = score.score
                initial[f"reason_{line.indicator.pk}"] = score.adjust_reason
            if score and score.computed is not None and not line.quantitative:
                initial[f"achieved_{line.indicator.pk}"] = "yes" if score.computed == line.indicator.weight else "no"
        super().__init__(*args, initial=initial, **kwargs)
        self.lines = lines
        for line in lines:
            indicator = line.indicator
            if not line.quantitative:
                self.fields[f"achieved_{indicator.pk}"] = forms.ChoiceField(
                    label=f"{indicator.name}：是否达到目标", choices=ACHIEVED_CHOICES, required=False
                )
            out_of_range = services.SCORE_OUT_OF_RANGE.format(weight=f"{indicator.weight.normalize():f}")
            self.fields[f"score_{indicator.pk}"] = forms.DecimalField(
                label=f"{indicator.name}：调整后得分", required=False, min_value=Decimal(0),
                max_value=indicator.weight, decimal_places=2, max_digits=6,
                error_messages={
                    **dict.fromkeys(("invalid", "min_value", "max_value", "max_digits", "max_whole_digits"),
                                    out_of_range),
                    "max_decimal_places": SCORE_DECIMALS,
                },
            )  # fmt: skip
            self.fields[f"reason_{indicator.pk}"] = forms.CharField(
                label=f"{indicator.name}：调整理由", required=False, max_length=500
            )

        label_table_cells(self, ("achieved_", "score_", "reason_"))

    def rows(self):
        return [
            (line, self[f"achieved_{line.indicator.pk}"] if not line.quantitative else None,
             self[f"score_{line.indicator.pk}"], self[f"reason_{line.indicator.pk}"])
            for line in self.lines
        ]  # fmt: skip

    def judgements(self) -> dict[int, bool]:
        data = self.cleaned_data
        return {
            line.indicator.pk: data[f"achieved_{line.indicator.pk}"] == "yes"
            for line in self.lines
            if not line.quantitative and data.get(f"achieved_{line.indicator.pk}")
        }

    def adjustments(self) -> dict[int, tuple[Decimal | None, str]]:
        data = self.cleaned_data
        return {
            line.indicator.pk: (data.get(f"score_{line.indicator.pk}"), data.get(f"reason_{line.indicator.pk}", ""))
            for line in self.lines
        }


class RectificationForm(forms.Form):
    cause = forms.ChoiceField(
        label="整改原因", choices=Rectification.Cause.choices, widget=forms.RadioSelect,
        error_messages={"required": rectification_services.CAUSE_REQUIRED,
                        "invalid_choice": rectification_services.CAUSE_REQUIRED},
    )  # fmt: skip
    requirement = forms.CharField(
        label="整改要求", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": rectification_services.REQUIREMENT_REQUIRED},
    )  # fmt: skip
    recovery_requested = forms.BooleanField(
        label="同时建议追回奖补资金", required=False, help_text="勾选后告知市财政局企业科办理资金追回。"
    )


class EvaluationFilterForm(forms.Form):
    status = forms.ChoiceField(label="状态", required=False, choices=[("", "全部"), *EvaluationStatus.choices])
    item = forms.IntegerField(label="支持事项序号", required=False, min_value=1, max_value=99)


# --- the work list, and a list's results ---


@require_GET
@login_required
def index(request):
    """The reader's evaluations; the 中小企业科 and the sections also see the final lists with their progress."""
    evaluations = permissions.evaluations_visible_to(request.user)
    form = EvaluationFilterForm(request.GET or None)
    if form.is_valid():
        if form.cleaned_data["status"]:
            evaluations = evaluations.filter(status=form.cleaned_data["status"])
        if form.cleaned_data["item"]:
            evaluations = evaluations.filter(application__item__number=form.cleaned_data["item"])
    page = Paginator(selectors.evaluation_rows(evaluations), PAGE_SIZE).get_page(request.GET.get("page"))
    results_reader = permissions.can_view_evaluation_results(request.user)
    context = {
        "form": form,
        "page": page,
        "lists": selectors.award_lists_for_evaluation() if results_reader else None,
    }
    template = "performance/evaluation_index.html#results" if request.htmx else "performance/evaluation_index.html"
    return render(request, template, context)


def _results_list_or_404(user, pk: int):
    if not permissions.can_view_evaluation_results(user):
        raise Http404
    return get_object_or_404(selectors.award_lists_for_evaluation(), pk=pk)


@require_GET
@login_required
def results(request, pk: int):
    """The list's results: one row per award (scores per 一级指标, total, grade, warnings), the 汇总表 export,
    and the 中小企业科's actions (open the evaluations, confirm the results)."""
    award_list = _results_list_or_404(request.user, pk)
    applications = permissions.performance_applications_visible_to(request.user)
    level1 = selectors.level1_names(award_list.pack)
    rows = [
        (row, [row.level1.get(name) for name in level1]) for row in selectors.list_results(award_list, applications)
    ]
    page = Paginator(rows, RESULTS_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "award_list": award_list,
        "page": page,
        "level1": level1,
        "is_sme": permissions.is_sme_coordinator(request.user),
        "outstanding": selectors.list_outstanding(award_list),
    }
    return render(request, "performance/evaluation_results.html", context)


def _sme_list_step(service, success: str):
    """The 中小企业科's action on a whole list (open the evaluations, confirm the results)."""
    return button_view(
        get_or_404=_results_list_or_404, may_act=lambda user, _: permissions.is_sme_coordinator(user),
        call=lambda user, award_list: service(actor=user, award_list=award_list),
        then=lambda award_list: reverse("performance:evaluation_results", args=[award_list.pk]),
        done=lambda done: success.format(count=len(done)),
    )  # fmt: skip


open_evaluations = _sme_list_step(services.evaluations_open, OPENED)
# Confirming the results writes them into every enterprise's file: a real-name act (issue 16 §12).
confirm_results = recent_authentication_required(_sme_list_step(services.evaluation_results_confirm, CONFIRMED))


# --- one evaluation ---


def _context(request, evaluation, **forms_given) -> dict:
    user = request.user
    application = evaluation.application
    rules = pack_performance_rules(application.pack)
    lines = selectors.evaluation_lines(evaluation, rules)
    can_self = permissions.can_self_evaluate(user, evaluation)[0]
    can_verify = permissions.can_verify_evaluation(user, evaluation)[0]
    can_score = permissions.can_score_evaluation(user, evaluation)[0]
    can_rectify = permissions.is_sme_coordinator(user)
    return {
        "evaluation": evaluation,
        "application": application,
        "lines": lines,
        "rectifications": application.rectifications.order_by("-created_at"),
        "confirmed": evaluation.status == EvaluationStatus.CONFIRMED,
        "self_form": forms_given.get("self_form")
        or (SelfEvaluationForm(indicators=application_indicators(application), evaluation=evaluation)
            if can_self else None),
        "remark_form": forms_given.get("remark_form") or (RemarkForm() if can_verify else None),
        "score_form": forms_given.get("score_form") or (ScoreForm(lines=lines) if can_score else None),
        "rectification_form": forms_given.get("rectification_form") or (RectificationForm() if can_rectify else None),
        "can_rectify": can_rectify,
        "evidence_form": forms_given.get("evidence_form"),  # a refused upload, shown again at its field
        "quantitative": QUANTITATIVE,
    }  # fmt: skip


def evaluation_page(request, evaluation, status: int = 200, focus: str = "", **forms_given):
    """The evaluation page; `focus`, the id of the section it opens at (a refused form's)."""
    context = {**_context(request, evaluation, **forms_given), "focus": focus}
    return render(request, "performance/evaluation.html", context, status=status)


@require_GET
@login_required
def detail(request, pk: int):
    return evaluation_page(request, permissions.get_evaluation_for_user_or_404(request.user, pk))


# Each step on an evaluation: who may act, the form, the service call, and what the user is told.
_evaluation_step = partial(
    form_step_view,
    get_or_404=permissions.get_evaluation_for_user_or_404,
    page=evaluation_page,
    then="performance:evaluation",
)
self_submit = _evaluation_step(
    may_act=permissions.is_evaluation_enterprise, form_name="self_form", section="self-evaluation",
    form=lambda request, evaluation: SelfEvaluationForm(
        request.POST, indicators=application_indicators(evaluation.application), evaluation=evaluation
    ),
    call=lambda user, evaluation, form: services.evaluation_self_submit(
        actor=user, evaluation=evaluation, finals=form.finals(), summary=form.cleaned_data["summary"]
    ),
    done=SELF_SUBMITTED,
)  # fmt: skip


def _county_step(service, argument: str, done: str):
    """核实 or 退回 of the 自评: the county's remark goes to the service as `argument`."""
    return _evaluation_step(
        may_act=permissions.is_evaluation_county, form_name="remark_form", section="county-verify",
        form=lambda request, _: RemarkForm(request.POST),
        call=lambda user, evaluation, form: service(
            actor=user, evaluation=evaluation, **{argument: form.cleaned_data["remark"]}
        ),
        done=done,
    )  # fmt: skip


verify = _county_step(services.evaluation_verify, "remark", VERIFIED)
return_for_correction = _county_step(services.evaluation_return, "reason", RETURNED)
score = _evaluation_step(
    may_act=permissions.is_evaluation_section, form_name="score_form", section="score-form",
    form=lambda request, evaluation: ScoreForm(
        request.POST, lines=selectors.evaluation_lines(evaluation, pack_performance_rules(evaluation.application.pack))
    ),
    call=lambda user, evaluation, form: services.evaluation_score(
        actor=user, evaluation=evaluation, judgements=form.judgements(), adjustments=form.adjustments()
    ),
    done=lambda scored: SCORED.format(total=f"{scored.total:f}", grade=scored.grade),
)  # fmt: skip


# --- 整改 ---


rectification_open = _evaluation_step(
    may_act=lambda user, _: permissions.is_sme_coordinator(user), form_name="rectification_form",
    section="rectification-form",
    form=lambda request, _: RectificationForm(request.POST),
    call=lambda user, evaluation, form: rectification_services.rectification_open(
        actor=user, application=evaluation.application, cause=form.cleaned_data["cause"],
        requirement=form.cleaned_data["requirement"], recovery_requested=form.cleaned_data["recovery_requested"],
    ),
    done=RECTIFICATION_OPENED,
)  # fmt: skip


def _evaluation_of(rectification: Rectification) -> str:
    """Back to the evaluation the 整改 was opened from (the work list, should there be none)."""
    evaluation = PerformanceEvaluation.objects.filter(application_id=rectification.application_id).first()
    return (
        reverse("performance:evaluation", args=[evaluation.pk])
        if evaluation
        else reverse("performance:evaluation_index")
    )


def _rectification_step(service, success: str):
    """The 中小企业科's action on an open 整改 (ask for the money back, close it)."""
    return button_view(
        get_or_404=permissions.get_rectification_for_user_or_404,
        may_act=lambda user, _: permissions.is_sme_coordinator(user),
        call=lambda user, rectification: service(actor=user, rectification=rectification), then=_evaluation_of,
        done=success,
    )  # fmt: skip


recovery_request = _rectification_step(rectification_services.rectification_recovery_request, RECOVERY_REQUESTED)
rectification_close = _rectification_step(rectification_services.rectification_close, RECTIFICATION_CLOSED)


urlpatterns = [
    path("evaluation/", index, name="evaluation_index"),
    path("evaluation/lists/<int:pk>/", results, name="evaluation_results"),
    path("evaluation/lists/<int:pk>/open/", open_evaluations, name="evaluation_open"),
    path("evaluation/lists/<int:pk>/confirm/", confirm_results, name="evaluation_confirm"),
    path("evaluation/<int:pk>/", detail, name="evaluation"),
    path("evaluation/<int:pk>/self/", self_submit, name="evaluation_self"),
    path("evaluation/<int:pk>/verify/", verify, name="evaluation_verify"),
    path("evaluation/<int:pk>/return/", return_for_correction, name="evaluation_return"),
    path("evaluation/<int:pk>/score/", score, name="evaluation_score"),
    path("evaluation/<int:pk>/rectification/", rectification_open, name="rectification_open"),
    path("rectifications/<int:pk>/recovery/", recovery_request, name="rectification_recovery"),
    path("rectifications/<int:pk>/close/", rectification_close, name="rectification_close"),
]
