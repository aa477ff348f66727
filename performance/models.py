"""全过程绩效管理 records: the structured 绩效目标 of an application (附件3), their 目标审核 and adjustment,
monitoring rounds and reports, the evaluation with its scores, and the rectification a result can open.
Statuses follow performance/workflow.py; writes happen in performance/services.py only."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from applications.models import Application
from performance.workflow import EvaluationStatus, ReportStatus, TargetStatus


class PerformanceTargetSheet(models.Model):
    """The 绩效目标表 of one application as the later stages read it; frozen with the award."""

    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="target_sheet")
    status = models.CharField("状态", max_length=24, choices=TargetStatus.choices, default=TargetStatus.SUBMITTED)
    return_reason = models.TextField("退回理由", blank=True)
    frozen_at = models.DateTimeField("锁定时间", null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "绩效目标表"
        verbose_name_plural = "绩效目标表"

    def __str__(self) -> str:
        return f"{self.application}: {self.get_status_display()}"


class PerformanceIndicator(models.Model):
    """One 三级指标 with its target, stored as structured data from the 附件3 answers."""

    class Direction(models.TextChoices):
        AT_LEAST = ">=", "≥"
        MORE_THAN = ">", "＞"
        AT_MOST = "<=", "≤"
        LESS_THAN = "<", "＜"
        EQUAL = "=", "="
        NONE = "", "（定性）"

    sheet = models.ForeignKey(PerformanceTargetSheet, on_delete=models.CASCADE, related_name="indicators")
    key = models.CharField("指标编号", max_length=64)  # "<table>:<row>", stable across the stages
    position = models.PositiveSmallIntegerField("序号")
    level1 = models.CharField("一级指标", max_length=16)
    level2 = models.CharField("二级指标", max_length=32)
    name = models.CharField("三级指标", max_length=200)
    value_type = models.CharField("指标值类型", max_length=4)
    direction = models.CharField("方向", max_length=2, choices=Direction.choices, blank=True)
    target = models.DecimalField("目标值", max_digits=18, decimal_places=4, null=True, blank=True)
    standard = models.CharField("指标值", max_length=200)
    unit = models.CharField("度量单位", max_length=32, blank=True)
    weight = models.DecimalField("分值", max_digits=6, decimal_places=2)
    scoring_standard = models.TextField("评分（扣分标准）", blank=True)

    class Meta:
        verbose_name = "绩效指标"
        verbose_name_plural = "绩效指标"
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["sheet", "key"], name="indicator_key_per_sheet")]

    def __str__(self) -> str:
        return f"{self.level1}/{self.name}"


class TargetReview(models.Model):
    """事前绩效评估: a reviewer's answers to the pack's checklist (目标明确, 指标可衡量, …), 是/否 with a remark."""

    class Stage(models.TextChoices):
        COUNTY = "county", "县级"
        CITY = "city", "市级"

    sheet = models.ForeignKey(PerformanceTargetSheet, on_delete=models.CASCADE, related_name="reviews")
    stage = models.CharField("审核层级", max_length=8, choices=Stage.choices)
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reviewer_name = models.CharField("审核人姓名", max_length=64)
    answers = models.JSONField("审核要点", default=dict)  # checklist code -> {"ok": bool, "remark": str}
    accepted = models.BooleanField("审核结论")
    reason = models.TextField("退回理由", blank=True)
    created_at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "绩效目标审核"
        verbose_name_plural = "绩效目标审核"
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.sheet_id} {self.get_stage_display()}"


class TargetAdjustment(models.Model):
    """目标调整 after the targets are frozen: the enterprise asks with a reason; the section decides."""

    class Status(models.TextChoices):
        PENDING = "pending", "待审批"
        APPROVED = "approved", "已同意"
        REFUSED = "refused", "不同意"

    indicator = models.ForeignKey(PerformanceIndicator, on_delete=models.PROTECT, related_name="adjustments")
    old_standard = models.CharField("原指标值", max_length=200)
    new_standard = models.CharField("调整后指标值", max_length=200)
    reason = models.TextField("调整理由")
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.PENDING)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decision_reason = models.TextField("审批意见", blank=True)
    created_at = models.DateTimeField("申请时间", auto_now_add=True)
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)

    class Meta:
        verbose_name = "绩效目标调整"
        verbose_name_plural = "绩效目标调整"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.old_standard} → {self.new_standard}"


class PerformanceMonitoringRound(models.Model):
    """绩效运行监控: one round for an award list, opened by the 中小企业科."""

    award_list = models.ForeignKey("awards.AwardList", on_delete=models.PROTECT, related_name="monitoring_rounds")
    title = models.CharField("名称", max_length=100)
    period_starts_on = models.DateField("执行期起")
    period_ends_on = models.DateField("执行期止")
    as_of = models.DateField("监控截止时点")
    due_on = models.DateField("填报截止日期")
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "绩效监控轮次"
        verbose_name_plural = "绩效监控轮次"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class PerformanceMonitoringReport(models.Model):
    """One awarded application's report in a round: values reached, money spent, the county's check."""

    round = models.ForeignKey(PerformanceMonitoringRound, on_delete=models.PROTECT, related_name="reports")
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="monitoring_reports")
    status = models.CharField("状态", max_length=16, choices=ReportStatus.choices, default=ReportStatus.DUE)
    spent = models.DecimalField("已支出资金（万元）", max_digits=14, decimal_places=2, null=True, blank=True)
    explanation = models.TextField("执行情况说明", blank=True)
    spending_warning = models.CharField("资金偏离预警", max_length=200, blank=True)
    county_remark = models.TextField("县级核实意见", blank=True)
    correction_requested = models.BooleanField("要求纠偏", default=False)
    correction_plan = models.TextField("纠偏措施", blank=True)
    reported_at = models.DateTimeField("填报时间", null=True, blank=True)
    verified_at = models.DateTimeField("核实时间", null=True, blank=True)

    class Meta:
        verbose_name = "绩效监控报告"
        verbose_name_plural = "绩效监控报告"
        constraints = [models.UniqueConstraint(fields=["round", "application"], name="one_report_per_round")]

    def __str__(self) -> str:
        return f"{self.round}: {self.application}"


class IndicatorProgress(models.Model):
    """One indicator's value reached so far in a monitoring report, with its deviation warning."""

    report = models.ForeignKey(PerformanceMonitoringReport, on_delete=models.CASCADE, related_name="progress")
    indicator = models.ForeignKey(PerformanceIndicator, on_delete=models.PROTECT, related_name="+")
    actual = models.CharField("当前完成值", max_length=200)
    note = models.CharField("说明", max_length=500, blank=True)
    warning = models.CharField("偏离预警", max_length=200, blank=True)

    class Meta:
        verbose_name = "指标完成进度"
        verbose_name_plural = "指标完成进度"
        constraints = [models.UniqueConstraint(fields=["report", "indicator"], name="one_progress_per_indicator")]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.actual}"


class PerformanceEvaluation(models.Model):
    """绩效评价 of one award: the enterprise's 自评, the county's check, the section's scores, the grade."""

    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="evaluation")
    status = models.CharField("状态", max_length=16, choices=EvaluationStatus.choices, default=EvaluationStatus.OPEN)
    summary = models.TextField("自评总结", blank=True)
    county_remark = models.TextField("县级核实意见", blank=True)
    total = models.DecimalField("总分", max_digits=6, decimal_places=2, null=True, blank=True)
    grade = models.CharField("等级", max_length=4, blank=True)
    scored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    confirmed_at = models.DateTimeField("确认时间", null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "绩效评价"
        verbose_name_plural = "绩效评价"

    def __str__(self) -> str:
        return f"{self.application}: {self.grade or self.get_status_display()}"


class IndicatorScore(models.Model):
    """An indicator's final value (自评) and its score; the section may adjust with a stated reason."""

    evaluation = models.ForeignKey(PerformanceEvaluation, on_delete=models.CASCADE, related_name="scores")
    indicator = models.ForeignKey(PerformanceIndicator, on_delete=models.PROTECT, related_name="+")
    actual = models.CharField("实际完成值", max_length=200)
    computed = models.DecimalField("计算得分", max_digits=6, decimal_places=2, null=True, blank=True)
    score = models.DecimalField("得分", max_digits=6, decimal_places=2, null=True, blank=True)
    adjust_reason = models.CharField("调整理由", max_length=500, blank=True)

    class Meta:
        verbose_name = "指标得分"
        verbose_name_plural = "指标得分"
        constraints = [models.UniqueConstraint(fields=["evaluation", "indicator"], name="one_score_per_indicator")]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.score}"


class Rectification(models.Model):
    """整改: opened by a grade of 差 or a finding of false reporting; may lead to a recovery request."""

    class Cause(models.TextChoices):
        POOR_GRADE = "poor_grade", "绩效评价为差"
        FALSE_REPORTING = "false_reporting", "虚假申报"

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="rectifications")
    cause = models.CharField("原因", max_length=16, choices=Cause.choices)
    requirement = models.TextField("整改要求")
    closed_at = models.DateTimeField("整改完成时间", null=True, blank=True)
    recovery_requested = models.BooleanField("建议追回资金", default=False)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "绩效整改"
        verbose_name_plural = "绩效整改"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.application}: {self.get_cause_display()}"


def evidence_path(instance: EvaluationEvidence, filename: str) -> str:
    # The stored name never uses the uploaded name: it is kept only as metadata.
    return f"performance/{instance.evaluation_id}/{instance.sha256[:16]}.{instance.kind}"


class EvaluationEvidence(models.Model):
    """A 佐证材料 of the 自评, checked by its content like every upload, read by the county and the section."""

    evaluation = models.ForeignKey(PerformanceEvaluation, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField("文件", upload_to=evidence_path, max_length=255)
    original_name = models.CharField("原文件名", max_length=255)
    description = models.CharField("说明", max_length=200, blank=True)
    kind = models.CharField("类型", max_length=8)
    size = models.PositiveBigIntegerField("大小（字节）")
    sha256 = models.CharField("SHA-256", max_length=64)
    sm3 = models.CharField("SM3", max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = "绩效自评佐证材料"
        verbose_name_plural = "绩效自评佐证材料"
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name
