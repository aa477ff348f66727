"""Pages of the 绩效目标 stage: the targets of one application (indicators, 目标审核, 目标调整), the
reviewers' checklist form (also in the application page's block), the enterprise's correction of returned
targets, and 目标调整 asked by the enterprise and decided by the section.

The forms live here, beside the only views that use them (performance has no forms module of its own)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_http_methods, require_POST

from core.actions import run_form_action
from performance import permissions
from performance.models import TargetAdjustment
from performance.selectors import targets as selectors
from performance.services import adjustments
from performance.services import targets as services
from policies.formengine.paths import path_to_anchor
from policies.formengine.post import parse_submission
from policies.formengine.render import render_sections

# Told where the user acted (tests import them).
TARGETS_ACCEPTED = "已提交绩效目标审核意见：审核通过。"
TARGETS_RETURNED = "已将绩效目标退回企业修改（申报本身不退回）。"
TARGETS_RESUBMITTED = "修改后的绩效目标已提交，等待县级工信部门重新审核。"
TARGETS_HAVE_ERRORS = "绩效目标表有 {count} 处需要更正，已在对应位置标出；本次修改未提交。"
ADJUSTMENT_REQUESTED = "目标调整申请已提交，等待市工信局科室审批。"
ADJUSTMENT_APPROVED = "已同意目标调整：“{name}”的指标值改为 {new}。"
ADJUSTMENT_REFUSED = "已不同意该目标调整，指标值不变。"
CHECK_REQUIRED = "请选择“是”或“否”。"
DECISION_REQUIRED = "请选择审核结论。"
NEW_STANDARD_REQUIRED = "请填写调整后的指标值。"
ADJUSTMENT_DECISION_REQUIRED = "请选择同意或不同意。"


class TargetReviewForm(forms.Form):
    """事前绩效评估: one 是/否 and 备注 per checklist point of the pack, then 通过 or 退回 with a reason."""

    decision = forms.ChoiceField(
        label="审核结论", choices=[("accept", "审核通过"), ("return", "退回企业修改绩效目标")],
        widget=forms.RadioSelect, error_messages={"required": DECISION_REQUIRED},
    )  # fmt: skip
    reason = forms.CharField(
        label="退回理由（退回时必填）", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, checklist, **kwargs):
        super().__init__(*args, **kwargs)
        self.checklist = list(checklist)
        for point in self.checklist:
            self.fields[f"check-{point.code}"] = forms.ChoiceField(
                label=point.text, choices=[("yes", "是"), ("no", "否")], widget=forms.RadioSelect,
                error_messages={"required": CHECK_REQUIRED},
            )  # fmt: skip
            self.fields[f"remark-{point.code}"] = forms.CharField(
                label=f"{point.text}：备注", required=False, max_length=500
            )
        self.order_fields([*self.fields.keys() - {"decision", "reason"}, "decision", "reason"])

    def rows(self):
        """(checklist point, its 是/否 field, its 备注 field) for the table."""
        return [(p, self[f"check-{p.code}"], self[f"remark-{p.code}"]) for p in self.checklist]

    def clean(self):
        data = super().clean()
        for point in self.checklist:
            if data.get(f"check-{point.code}") == "no" and not data.get(f"remark-{point.code}", "").strip():
                self.add_error(f"remark-{point.code}", services.CHECK_REMARK_REQUIRED.format(text=point.text))
        refused = next((p for p in self.checklist if data.get(f"check-{p.code}") == "no"), None)
        if data.get("decision") == "accept" and refused is not None:
            self.add_error("decision", services.CANNOT_ACCEPT.format(text=refused.text))
        if data.get("decision") == "return" and not data.get("reason", "").strip():
            self.add_error("reason", services.RETURN_REASON_REQUIRED)
        return data

    def checks(self) -> dict[str, tuple[bool | None, str]]:
        data = self.cleaned_data
        return {
            p.code: ({"yes": True, "no": False}.get(data.get(f"check-{p.code}")), data.get(f"remark-{p.code}", ""))
            for p in self.checklist
        }


class AdjustmentRequestForm(forms.Form):
    new_standard = forms.CharField(
        label="调整后的指标值", max_length=200, error_messages={"required": NEW_STANDARD_REQUIRED},
        help_text="定量指标写成数值，如“≥500”“≤600”“=100”（可带 %）；定性指标写明达到的标准。",
    )  # fmt: skip
    reason = forms.CharField(
        label="调整理由", max_length=2000, widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": adjustments.ADJUSTMENT_REASON_REQUIRED},
    )  # fmt: skip

    def __init__(self, *args, indicator, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicator = indicator

    def clean_new_standard(self):
        value = self.cleaned_data["new_standard"].strip()
        problem = adjustments.standard_problem(self.indicator, value) or (
            adjustments.ADJUSTMENT_UNCHANGED if value == self.indicator.standard else ""
        )
        if problem:
            raise forms.ValidationError(problem)
        return value


class AdjustmentDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="审批意见", choices=[("approve", "同意调整"), ("refuse", "不同意")], widget=forms.RadioSelect,
        error_messages={"required": ADJUSTMENT_DECISION_REQUIRED},
    )  # fmt: skip
    reason = forms.CharField(
        label="理由（不同意时必填）", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "refuse" and not data.get("reason", "").strip():
            self.add_error("reason", adjustments.REFUSAL_REASON_REQUIRED)
        return data


def _page(request, application, *, status: int = 200, **extra):
    """The targets page of one application: the block, the indicators, the adjustments and their forms."""
    block = selectors.target_block(user=request.user, application=application)
    adjustments = selectors.target_adjustments_of(block.sheet) if block.sheet else []
    can_decide = permissions.can_decide_target_adjustment(request.user, application)[0]
    decision_forms = extra.pop("decision_forms", {})
    context = {
        "application": application, "targets": block, "page": True,
        "form": extra.pop("form", None) or (TargetReviewForm(checklist=block.checklist) if block.can_review else None),
        "adjustments": [
            (a, decision_forms.get(a.pk) or AdjustmentDecisionForm(prefix=f"a{a.pk}"))
            if can_decide and a.status == TargetAdjustment.Status.PENDING else (a, None)
            for a in adjustments
        ],
        **extra,
    }  # fmt: skip
    return render(request, "performance/targets.html", context, status=status)


@require_http_methods(["GET"])
@login_required
def targets(request, pk: int):
    application = permissions.get_application_for_targets_or_404(request.user, pk)
    return _page(request, application)


@require_POST
@login_required
def targets_review(request, pk: int):
    """The county's or the section's 目标审核. htmx: the block again, with the outcome or the errors in it."""
    application = permissions.get_application_for_targets_or_404(request.user, pk)
    if permissions.target_review_stage(request.user, application) is None:
        raise Http404
    form = TargetReviewForm(request.POST, checklist=selectors.target_checklist(application))
    done = ""
    if run_form_action(form, lambda: services.target_review_record(
        actor=request.user, application=application, checks=form.checks(),
        accepted=form.cleaned_data["decision"] == "accept", reason=form.cleaned_data["reason"],
    )):  # fmt: skip
        done = TARGETS_ACCEPTED if form.cleaned_data["decision"] == "accept" else TARGETS_RETURNED
    if request.htmx:
        block = selectors.target_block(user=request.user, application=application)
        context = {"application": application, "targets": block, "done": done,
                   "form": None if done else form}  # fmt: skip
        return render(request, "performance/targets.html#block", context)
    if done:
        messages.success(request, done)
        return redirect(f"{reverse('applications:edit', args=[pk])}#target-review")
    return _page(request, application, form=form, status=400, focus="target-review-form")


@require_http_methods(["GET", "POST"])
@login_required
def targets_correct(request, pk: int):
    """The enterprise corrects targets returned alone (附件3 through the form engine) and submits them."""
    application = permissions.get_application_for_targets_or_404(request.user, pk)
    sheet = selectors.target_sheet_of(application)
    allowed, refusal = permissions.can_correct_targets(request.user, application, sheet)
    if refusal == permissions.NOT_THE_ENTERPRISE:
        raise Http404
    form, _total = selectors.target_form(application)
    if form is None:
        raise Http404
    answers, errors, raw, status, focus = application.answers, {}, {}, 200, ""
    if request.method == "POST" and not allowed:
        status, focus = 400, "targets-refusal"
    elif request.method == "POST":
        answers, parse_errors, raw = parse_submission([form], request.POST)
        errors = {**selectors.target_answer_errors(application, answers), **parse_errors}
        if not errors:
            try:
                services.target_sheet_correct(actor=request.user, application=application,
                                              form_answers=answers[form["id"]])  # fmt: skip
            except PermissionDenied:
                raise Http404 from None
            except ValidationError as exc:
                messages.error(request, "；".join(exc.messages))
                status, focus = 400, "messages"
            else:
                messages.success(request, TARGETS_RESUBMITTED)
                return redirect(f"{reverse('applications:edit', args=[pk])}#target-review")
        else:
            messages.error(request, TARGETS_HAVE_ERRORS.format(count=len(errors)))
            status, focus = 400, path_to_anchor(next(iter(errors)))
    sections = render_sections([form], answers, errors, raw, readonly=not allowed)
    context = {
        "application": application, "sheet": sheet, "sections": sections, "allowed": allowed, "refusal": refusal,
        "reviews": selectors.review_views(sheet, selectors.target_checklist(application)) if sheet else [],
        "focus": focus,
    }  # fmt: skip
    return render(request, "performance/targets_correct.html", context, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def target_adjustment_request(request, pk: int):
    """目标调整 of one frozen indicator, asked by the enterprise with a reason."""
    indicator = permissions.get_indicator_for_user_or_404(request.user, pk)
    application = indicator.sheet.application
    allowed, refusal = permissions.can_request_target_adjustment(request.user, application, indicator.sheet)
    if refusal == permissions.NOT_THE_ENTERPRISE:
        raise Http404
    form = AdjustmentRequestForm(request.POST if request.method == "POST" else None, indicator=indicator)
    status = 200
    if request.method == "POST":
        if allowed and run_form_action(form, lambda: adjustments.target_adjustment_request(
            actor=request.user, indicator=indicator, new_standard=form.cleaned_data["new_standard"],
            reason=form.cleaned_data["reason"],
        )):  # fmt: skip
            messages.success(request, ADJUSTMENT_REQUESTED)
            return redirect(f"{reverse('performance:targets', args=[application.pk])}#adjustments")
        status = 400
    pending = indicator.adjustments.filter(status=TargetAdjustment.Status.PENDING).first()
    context = {
        "application": application, "indicator": indicator, "form": form, "allowed": allowed, "refusal": refusal,
        "pending": pending,
    }  # fmt: skip
    return render(request, "performance/targets_adjust.html", context, status=status)


@require_POST
@login_required
def target_adjustment_decide(request, pk: int):
    """The item's section approves or refuses a 目标调整. htmx: that adjustment's row again."""
    adjustment = permissions.get_target_adjustment_for_user_or_404(request.user, pk)
    application = adjustment.indicator.sheet.application
    if not permissions.can_decide_target_adjustment(request.user, application)[0]:
        raise Http404
    form = AdjustmentDecisionForm(request.POST, prefix=f"a{adjustment.pk}")
    decided: list[TargetAdjustment] = []

    def decide():
        approve = form.cleaned_data["decision"] == "approve"
        decide = adjustments.target_adjustment_approve if approve else adjustments.target_adjustment_refuse
        decided.append(decide(actor=request.user, adjustment=adjustment, reason=form.cleaned_data["reason"]))

    done = ""
    if run_form_action(form, decide):
        adjustment = decided[0]
        done = (
            ADJUSTMENT_APPROVED.format(name=adjustment.indicator.name, new=adjustment.new_standard)
            if form.cleaned_data["decision"] == "approve"
            else ADJUSTMENT_REFUSED
        )
    if request.htmx:
        adjustment.refresh_from_db()
        row = (adjustment, None if adjustment.status != TargetAdjustment.Status.PENDING else form)
        context = {"application": application, "row": row, "done": done}
        return render(request, "performance/targets.html#adjustment", context)
    if done:
        messages.success(request, done)
        return redirect(f"{reverse('performance:targets', args=[application.pk])}#adjustment-{adjustment.pk}")
    return _page(request, application, decision_forms={adjustment.pk: form}, status=400,
                 focus=f"adjustment-{adjustment.pk}")  # fmt: skip


urlpatterns = [
    path("targets/<int:pk>/", targets, name="targets"),
    path("targets/<int:pk>/review/", targets_review, name="targets_review"),
    path("targets/<int:pk>/correct/", targets_correct, name="targets_correct"),
    path("targets/indicators/<int:pk>/adjust/", target_adjustment_request, name="target_adjustment_request"),
    path("targets/adjustments/<int:pk>/decide/", target_adjustment_decide, name="target_adjustment_decide"),
]
