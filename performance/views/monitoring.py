"""Pages of 绩效运行监控: the rounds and their overview (中小企业科, sections), opening a round (中小企业科), the
report work list (everyone, scoped), and one report: the enterprise files it, the county verifies or
returns it and may ask for a 纠偏措施, which the enterprise records.

The forms live here because each is used by one view of this stage only."""

from __future__ import annotations

from decimal import Decimal
from functools import partial

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from accounts.models import Jurisdiction
from core.actions import not_found_unless, run_form_step
from core.forms import DateInput, LineField, posted_version
from performance import permissions
from performance.models import PerformanceIndicator, PerformanceMonitoringReport
from performance.scoring import expected_share
from performance.selectors import monitoring as selectors
from performance.services import monitoring as services
from performance.views.common import form_step_view, label_table_cells
from performance.workflow import ReportStatus

ROUND_OPENED = "已开展绩效运行监控“{title}”：共 {count} 个项目，填报截止 {due:%Y年%m月%d日}。"
REPORT_FILED = "绩效监控已填报，待县级核实。"
REPORT_FILED_WITH_WARNINGS = "绩效监控已填报，待县级核实。有 {count} 项偏离预警，已告知县级和市工信局科室。"
REPORT_VERIFIED = "已核实该绩效监控报告。"
REPORT_VERIFIED_CORRECTION = "已核实该绩效监控报告，并要求企业填报纠偏措施。"
REPORT_RETURNED = "已退回企业补正。"
CORRECTION_RECORDED = "纠偏措施已填报，已告知县级和市工信局科室。"
LIST_REQUIRED = "请选择已定稿的奖补名单。"
DATE_INVALID = "请按“2024-06-30”的格式填写日期。"
STARTS_REQUIRED = "请填写执行期起。"
ENDS_REQUIRED = "请填写执行期止。"
AS_OF_REQUIRED = "请填写监控截止时点。"
WORKING_DAYS_RANGE = services.WORKING_DAYS_RANGE.format(low=services.MIN_WORKING_DAYS, high=services.MAX_WORKING_DAYS)
PAGE_SIZE = 50
ROUND_OPEN_SECTION = "round-open"  # the id of the form's section, where a refused opening comes back


def _today():
    return timezone.localdate()


# --- forms ---


class RoundOpenForm(forms.Form):
    award_list = forms.ModelChoiceField(
        label="奖补名单", queryset=selectors.award_lists_for_monitoring(), empty_label="请选择",
        error_messages={"required": LIST_REQUIRED, "invalid_choice": LIST_REQUIRED},
    )  # fmt: skip
    title = LineField(
        label="监控轮次名称", max_length=100, help_text="如“2024年上半年绩效运行监控”。",
        error_messages={"required": services.TITLE_REQUIRED},
    )  # fmt: skip
    period_starts_on = forms.DateField(
        label="执行期起", widget=DateInput(), error_messages={"required": STARTS_REQUIRED, "invalid": DATE_INVALID}
    )
    period_ends_on = forms.DateField(
        label="执行期止", widget=DateInput(), error_messages={"required": ENDS_REQUIRED, "invalid": DATE_INVALID}
    )
    as_of = forms.DateField(
        label="监控截止时点", widget=DateInput(), error_messages={"required": AS_OF_REQUIRED, "invalid": DATE_INVALID},
        help_text="企业填报截至该日的完成情况；时间进度按执行期内已过天数计算。",
    )  # fmt: skip
    working_days = forms.IntegerField(
        label="填报期限（工作日）", initial=10, min_value=services.MIN_WORKING_DAYS,
        max_value=services.MAX_WORKING_DAYS, help_text="自开展次日起计算，按法定节假日和调休安排自动得出截止日期。",
        error_messages=dict.fromkeys(("required", "invalid", "min_value", "max_value"), WORKING_DAYS_RANGE),
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["award_list"].label_from_instance = lambda award_list: (
            f"{award_list}（{award_list.pack.title}，{award_list.awarded} 项）"
        )


class ReportForm(forms.Form):
    """Per indicator, the value reached and a note (`actual_<pk>`, `note_<pk>`); the money spent."""

    # Not required here either: a blank is the service's SPENT_INVALID, reported with the values' gaps.
    spent = forms.DecimalField(
        label="已支出资金（万元）", required=False, min_value=Decimal(0), max_digits=14, decimal_places=2,
        help_text="截至监控截止时点，奖补资金及项目资金的累计支出。",
        error_messages={"invalid": services.SPENT_INVALID, "min_value": services.SPENT_INVALID,
                        "max_digits": services.SPENT_INVALID, "max_decimal_places": services.SPENT_INVALID},
    )  # fmt: skip
    explanation = forms.CharField(
        label="执行情况说明", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, indicators: list[PerformanceIndicator], report: PerformanceMonitoringReport, **kwargs):
        filed = {p.indicator_id: p for p in report.progress.all()}
        initial = {"spent": report.spent, "explanation": report.explanation}
        for indicator in indicators:
            if indicator.pk in filed:
                initial[f"actual_{indicator.pk}"] = filed[indicator.pk].actual
                initial[f"note_{indicator.pk}"] = filed[indicator.pk].note
        super().__init__(*args, initial=initial, **kwargs)
        self.indicators = indicators
        for indicator in indicators:
            unit = f"（{indicator.unit}）" if indicator.unit else ""
            # Not required here: the service reports every missing or non-numeric value at once.
            self.fields[f"actual_{indicator.pk}"] = forms.CharField(
                label=f"{indicator.name}：当前完成值{unit}", max_length=200, required=False
            )
            self.fields[f"note_{indicator.pk}"] = forms.CharField(
                label=f"{indicator.name}：说明", max_length=500, required=False
            )

        label_table_cells(self, ("actual_", "note_"))

    def rows(self):
        """(indicator, value field, note field) for the table the template draws."""
        return [(i, self[f"actual_{i.pk}"], self[f"note_{i.pk}"]) for i in self.indicators]

    def money_fields(self):
        return [self["spent"], self["explanation"]]

    def values(self) -> dict[int, tuple[str, str]]:
        data = self.cleaned_data
        return {i.pk: (data.get(f"actual_{i.pk}", ""), data.get(f"note_{i.pk}", "")) for i in self.indicators}


class VerifyForm(forms.Form):
    remark = forms.CharField(
        label="县级核实意见", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="退回补正或要求纠偏时必填。",
    )  # fmt: skip
    correction_requested = forms.BooleanField(
        label="要求企业填报纠偏措施",
        required=False,
        help_text="存在偏离预警或执行问题时勾选，并在核实意见中写明需纠正的问题。",
    )


class CorrectionForm(forms.Form):
    plan = forms.CharField(
        label="纠偏措施", max_length=2000, widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": services.CORRECTION_PLAN_REQUIRED},
    )  # fmt: skip


class ReportFilterForm(forms.Form):
    status = forms.ChoiceField(
        label="状态", required=False, choices=[("", "全部"), *ReportStatus.choices, ("late", "逾期未报")]
    )
    warning = forms.BooleanField(label="只看偏离预警", required=False)
    item = forms.IntegerField(label="支持事项序号", required=False, min_value=1, max_value=99)
    jurisdiction = forms.ModelChoiceField(
        label="县市区/园区", required=False, queryset=Jurisdiction.objects.order_by("sort_order"), empty_label="全部"
    )


# --- rounds (中小企业科, sections) ---


@require_GET
@login_required
def index(request):
    """The rounds, each with the reader's share of reports; the 中小企业科 opens a round here."""
    not_found_unless(permissions.can_view_monitoring_overview(request.user))
    applications = permissions.performance_applications_visible_to(request.user)
    rounds = selectors.monitoring_rounds_with_counts(permissions.monitoring_rounds_visible_to(request.user),
                                                     applications)  # fmt: skip
    can_open = permissions.can_open_monitoring_round(request.user)
    context = {"rounds": rounds, "can_open": can_open, "form": RoundOpenForm() if can_open else None}
    return render(request, "performance/monitoring_index.html", context)


@require_POST
@login_required
def round_open(request):
    not_found_unless(permissions.can_view_monitoring_overview(request.user))
    if not permissions.can_open_monitoring_round(request.user):
        raise PermissionDenied
    form = RoundOpenForm(request.POST)

    def open_round():
        data = form.cleaned_data
        return services.monitoring_round_open(
            actor=request.user, award_list=data["award_list"], title=data["title"],
            period_starts_on=data["period_starts_on"], period_ends_on=data["period_ends_on"], as_of=data["as_of"],
            working_days=data["working_days"], today=_today(),
        )  # fmt: skip

    done = run_form_step(
        request,
        form,
        open_round,
        then=lambda round: reverse("performance:monitoring_round", args=[round.pk]),
        done=lambda round: ROUND_OPENED.format(title=round.title, count=round.reports.count(), due=round.due_on),
    )
    if done:
        return done
    applications = permissions.performance_applications_visible_to(request.user)
    rounds = selectors.monitoring_rounds_with_counts(permissions.monitoring_rounds_visible_to(request.user),
                                                     applications)  # fmt: skip
    context = {"rounds": rounds, "can_open": True, "form": form, "focus": ROUND_OPEN_SECTION}
    return render(request, "performance/monitoring_index.html", context, status=400)


@require_GET
@login_required
def round_detail(request, pk: int):
    """The overview: the reader's reports of the round by item and by county (due, late, verified, warnings)."""
    round = permissions.get_monitoring_round_for_user_or_404(request.user, pk)
    reports = permissions.monitoring_reports_visible_to(request.user)
    overview = selectors.monitoring_overview(round=round, reports=reports, today=_today())
    expected = expected_share(starts_on=round.period_starts_on, ends_on=round.period_ends_on, as_of=round.as_of)
    return render(
        request, "performance/monitoring_round.html", {"round": round, "overview": overview, "expected": expected}
    )


# --- reports ---


@require_GET
@login_required
def report_list(request):
    """The reader's reports: the enterprise its own, the county its jurisdiction's, a section its items'."""
    reports = permissions.monitoring_reports_visible_to(request.user)
    form = ReportFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    # Digits only, and few enough for an integer column: ?round=<20 digits> gave a 500 (OverflowError on SQLite).
    round_id = posted_version(request.GET, "round")
    if round_id is not None:
        reports = reports.filter(round_id=round_id)
    reports = selectors.report_filter(
        reports, today=_today(), status=filters.get("status") or "", warning=bool(filters.get("warning")),
        item=filters.get("item"), jurisdiction=getattr(filters.get("jurisdiction"), "pk", None),
    )  # fmt: skip
    page = Paginator(selectors.report_rows(reports), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "today": _today(), "round_id": round_id or ""}
    template = "performance/monitoring_reports.html#results" if request.htmx else "performance/monitoring_reports.html"
    return render(request, template, context)


def _report_context(request, report, **forms_given) -> dict:
    user = request.user
    indicators = selectors.application_indicators(report.application)
    can_submit = permissions.can_submit_monitoring_report(user, report)
    can_verify = permissions.can_verify_monitoring_report(user, report)
    can_correct = permissions.can_record_correction(user, report)
    round = report.round
    return {
        "report": report,
        "application": report.application,
        "round": round,
        "lines": selectors.report_progress_lines(report),
        "expected": expected_share(starts_on=round.period_starts_on, ends_on=round.period_ends_on, as_of=round.as_of),
        "late": report.status in selectors.OUTSTANDING and _today() > round.due_on,
        "can_submit": can_submit[0],
        "can_verify": can_verify[0],
        "can_correct": can_correct[0],
        "report_form": forms_given.get("report_form")
        or (ReportForm(indicators=indicators, report=report) if can_submit[0] else None),
        "verify_form": forms_given.get("verify_form") or (VerifyForm() if can_verify[0] else None),
        "correction_form": forms_given.get("correction_form") or (CorrectionForm() if can_correct[0] else None),
    }


@require_GET
@login_required
def report_detail(request, pk: int):
    report = permissions.get_monitoring_report_for_user_or_404(request.user, pk)
    return render(request, "performance/monitoring_report.html", _report_context(request, report))


def _page(request, report, status: int = 200, focus: str = "", **forms_given):
    context = {**_report_context(request, report, **forms_given), "focus": focus}
    return render(request, "performance/monitoring_report.html", context, status=status)


def _filed(report: PerformanceMonitoringReport) -> str:
    warned = report.progress.exclude(warning="").count() + bool(report.spending_warning)
    return REPORT_FILED_WITH_WARNINGS.format(count=warned) if warned else REPORT_FILED


# Each step on a report: who may act, the form, the service call, and what the user is told.
_report_step = partial(
    form_step_view, get_or_404=permissions.get_monitoring_report_for_user_or_404, page=_page,
    then="performance:monitoring_report",
)  # fmt: skip
report_submit = _report_step(
    may_act=permissions.is_report_enterprise, form_name="report_form", section="report-form",
    form=lambda request, report: ReportForm(
        request.POST, indicators=selectors.application_indicators(report.application), report=report
    ),
    call=lambda user, report, form: services.monitoring_report_submit(
        actor=user, report=report, values=form.values(), spent=form.cleaned_data["spent"],
        explanation=form.cleaned_data["explanation"],
    ),
    done=_filed,
)  # fmt: skip
report_verify = _report_step(
    may_act=permissions.is_report_county, form_name="verify_form", section="county-verify", form=lambda request, _: VerifyForm(request.POST),
    call=lambda user, report, form: services.monitoring_report_verify(
        actor=user, report=report, remark=form.cleaned_data["remark"],
        correction_requested=form.cleaned_data["correction_requested"],
    ),
    done=lambda report: REPORT_VERIFIED_CORRECTION if report.correction_requested else REPORT_VERIFIED,
)  # fmt: skip
report_return = _report_step(
    may_act=permissions.is_report_county, form_name="verify_form", section="county-verify", form=lambda request, _: VerifyForm(request.POST),
    call=lambda user, report, form: services.monitoring_report_return(
        actor=user, report=report, reason=form.cleaned_data["remark"]
    ),
    done=REPORT_RETURNED,
)  # fmt: skip
correction_record = _report_step(
    may_act=permissions.is_report_enterprise, form_name="correction_form", section="correction-form",
    form=lambda request, _: CorrectionForm(request.POST),
    call=lambda user, report, form: services.monitoring_correction_record(
        actor=user, report=report, plan=form.cleaned_data["plan"]
    ),
    done=CORRECTION_RECORDED,
)  # fmt: skip


urlpatterns = [
    path("monitoring/", index, name="monitoring_index"),
    path("monitoring/open/", round_open, name="monitoring_open"),
    path("monitoring/<int:pk>/", round_detail, name="monitoring_round"),
    path("monitoring/reports/", report_list, name="monitoring_reports"),
    path("monitoring/reports/<int:pk>/", report_detail, name="monitoring_report"),
    path("monitoring/reports/<int:pk>/submit/", report_submit, name="monitoring_report_submit"),
    path("monitoring/reports/<int:pk>/verify/", report_verify, name="monitoring_report_verify"),
    path("monitoring/reports/<int:pk>/return/", report_return, name="monitoring_report_return"),
    path("monitoring/reports/<int:pk>/correction/", correction_record, name="monitoring_correction"),
]
