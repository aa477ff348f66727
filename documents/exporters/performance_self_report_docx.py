"""绩效自评报告 of one award as a Word document: the project, the indicators with their targets, final values and
(once scored) scores, the enterprise's written summary, the county's verification and the result, with the
lines the enterprise signs and seals. Whoever may see the application may download it once the 自评 is in."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from core.text import safe_filename
from documents import docx_base as w
from documents.exporters.base import DOCX, ApplicationExporter, Progress, Rendered, no_progress, register
from performance.models import PerformanceEvaluation
from performance.selectors.evaluation import evaluation_lines
from performance.selectors.monitoring import pack_performance_rules
from performance.workflow import EvaluationStatus

NO_SELF_EVALUATION = "该项目尚未提交绩效自评，没有自评报告。"
TITLE = "项目绩效自评报告"
INDICATOR_HEADER = ("一级指标", "二级指标", "三级指标", "指标值", "分值", "实际完成值", "得分")
SCORED = (EvaluationStatus.SCORED, EvaluationStatus.CONFIRMED)


def _number(value) -> str:
    return "" if value is None else f"{value.normalize():f}"


@register
class PerformanceSelfReportDocx(ApplicationExporter):
    identifier = "performance_self_report_docx"
    verbose_name = "绩效自评报告（Word）"

    missing = NO_SELF_EVALUATION

    @classmethod
    def objects_for(cls, application) -> dict[str, Any] | None:
        evaluation = PerformanceEvaluation.objects.filter(application=application).first()
        submitted = evaluation is not None and evaluation.status != EvaluationStatus.OPEN
        return {"evaluation": evaluation} if submitted else None

    def render(self, progress: Progress = no_progress) -> Rendered:
        application = self.objects["application"]
        evaluation: PerformanceEvaluation = self.objects["evaluation"]
        scored = evaluation.status in SCORED
        lines = evaluation_lines(evaluation, pack_performance_rules(application.pack))
        doc = w.new_document()
        w.title(doc, TITLE, size=20)
        w.paragraph(doc, f"（{application.pack.title}）", align="center", size=12)

        w.heading(doc, "一、项目基本情况", level=2)
        facts = [
            ("项目单位", application.enterprise.name),
            ("所在县市区（园区）", str(application.enterprise.jurisdiction or "")),
            ("支持事项", f"{application.item.number}. {application.item.name}"),
            ("项目名称", application.project_name or ""),
            ("回执号", application.receipt_number or ""),
            ("奖补金额", f"{_number(application.award_amount)} 万元" if application.award_amount is not None else ""),
        ]
        facts = [(label, value) for label, value in facts if value]
        t = w.table(doc, len(facts), 2)
        for (label, value), row in zip(facts, t.rows, strict=True):
            w.cell_text(row.cells[0], label, bold=True, size=12)
            w.cell_text(row.cells[1], value, size=12)

        w.heading(doc, "二、绩效目标完成情况", level=2)
        t = w.table(doc, 1, len(INDICATOR_HEADER), header_rows=1)
        for cell, label in zip(t.rows[0].cells, INDICATOR_HEADER, strict=True):
            w.cell_text(cell, label, bold=True, align="center")
        total_weight = 0
        for line in lines:
            indicator, score = line.indicator, line.score
            total_weight += indicator.weight
            target = f"{indicator.standard}{(' ' + indicator.unit) if indicator.unit else ''}"
            points = _number(score.score) if scored and score and score.score is not None else ""
            w.add_row(t, [indicator.level1, indicator.level2, indicator.name, target, _number(indicator.weight),
                          score.actual if score else "", points])  # fmt: skip
        w.add_row(t, ["合计", "", "", "", _number(total_weight), "", _number(evaluation.total) if scored else ""],
                  bold=True)  # fmt: skip
        adjusted = [line for line in lines if line.score and line.score.adjust_reason and scored]
        for line in adjusted:
            w.paragraph(
                doc, f"注：“{line.indicator.name}”计算得分 {_number(line.score.computed)} 分，评分调整为 "
                f"{_number(line.score.score)} 分，理由：{line.score.adjust_reason}", size=12,
            )  # fmt: skip

        w.heading(doc, "三、自评总结", level=2)
        for text in (evaluation.summary or "").split("\n"):
            if text.strip():
                w.paragraph(doc, text.strip(), indent=True)

        if evaluation.county_remark:
            w.heading(doc, "四、县级核实意见", level=2)
            w.paragraph(doc, evaluation.county_remark, indent=True)
        if scored:
            w.heading(doc, "五、评价结果" if evaluation.county_remark else "四、评价结果", level=2)
            state = "（已确认）" if evaluation.status == EvaluationStatus.CONFIRMED else "（待市工信局中小企业科确认）"
            w.paragraph(doc, f"总分 {_number(evaluation.total)} 分，等级“{evaluation.grade}”{state}。", indent=True)

        w.paragraph(doc, "")
        w.paragraph(doc, "本单位对自评内容的真实性、准确性负责。", indent=True)
        w.paragraph(doc, "项目单位（盖章）：", align="right")
        w.paragraph(doc, "法定代表人（签字）：", align="right")
        w.paragraph(doc, "年　　月　　日", align="right")
        w.footer(doc, left=application.receipt_number or "")
        progress(1, 1)
        name = safe_filename(application.enterprise.name, fallback="企业")
        stamp = timezone.localdate().strftime("%Y%m%d")
        filename = f"绩效自评报告-{name}-{application.receipt_number or application.pk}-{stamp}.docx"
        return Rendered(filename=filename, mimetype=DOCX, content=w.to_bytes(doc))
