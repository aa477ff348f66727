"""A final award list's 绩效评价结果汇总表 as an Excel workbook: one row per award with its score under each
一级指标 of 附件3, the total, the grade, the evaluation's state and the latest monitoring round's 偏离预警.
openpyxl lays out the sheet and its header; the rows are streamed by documents.xlsx_rows, so a list of
5,000 awards renders in about a second (bench/performance/README.md)."""

from __future__ import annotations

from typing import Any, ClassVar

from django.shortcuts import get_object_or_404
from django.utils import timezone
from openpyxl import Workbook

from core.text import safe_filename
from documents.exporters.base import XLSX, Exporter, Options, Progress, Rendered, no_progress, register
from documents.xlsx_rows import BulkRows
from documents.xlsx_style import BODY, FIRST_DATA_ROW, GRID, HEADER_ROW, RIGHT, CellStyles, listing_heading, table_page
from performance import permissions
from performance.selectors.evaluation import award_lists_for_evaluation, level1_names, list_results

TITLE = "绩效评价结果汇总表"
UNIT_LINE = "金额单位：万元；得分单位：分"
SCORE_FORMAT = "0.00"
PROGRESS_EVERY = 1000

# (header, width, kind) before and after the 一级指标 columns, which the pack's 附件3 names.
LEADING = [("序号", 6, "serial"), ("县市区/园区", 12, "text"), ("企业名称", 26, "text"), ("支持事项", 22, "text"),
           ("项目名称", 26, "text"), ("奖补金额", 11, "amount")]  # fmt: skip
TRAILING = [("总分", 8, "score"), ("等级", 6, "short"), ("评价状态", 14, "short"), ("运行监控偏离预警", 40, "text")]


class ResultsOptions(Options):
    award_list: int


@register
class PerformanceResultsXlsx(Exporter):
    identifier: ClassVar[str] = "performance_results_xlsx"
    verbose_name: ClassVar[str] = "绩效评价结果汇总表（Excel）"
    options_model: ClassVar[type[Options]] = ResultsOptions
    background: ClassVar[bool] = True

    @classmethod
    def may_export(cls, user) -> bool:
        """The 中小企业科 (every award) and the sections (their items' awards)."""
        return permissions.can_view_evaluation_results(user)

    @classmethod
    def for_user(cls, user, params: dict[str, Any]) -> PerformanceResultsXlsx:
        options = cls.options_for(user, params)
        award_list = get_object_or_404(award_lists_for_evaluation(), pk=options.award_list)
        applications = permissions.performance_applications_visible_to(user)
        return cls(user=user, options=options, award_list=award_list, applications=applications)

    def render(self, progress: Progress = no_progress) -> Rendered:
        award_list, applications = self.objects["award_list"], self.objects["applications"]
        level1 = level1_names(award_list.pack)
        columns = [*LEADING, *((name, 10, "score") for name in level1), *TRAILING]
        today = timezone.localdate()
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("绩效评价结果")
        styles = CellStyles(
            sheet, score={"font": BODY, "alignment": RIGHT, "border": GRID, "number_format": SCORE_FORMAT}
        )
        # The header and the enterprise stay in view.
        table_page(sheet, [width for _, width, _ in columns], freeze=f"D{FIRST_DATA_ROW}", header_row=HEADER_ROW)

        pack = award_list.pack
        listing_heading(
            sheet, styles, title=TITLE, line=f"{pack.title}（{pack.document_number}） {award_list}", units=UNIT_LINE,
            headers=[label for label, _, _ in columns], today=today,
        )  # fmt: skip

        rows = BulkRows(workbook, sheet, first_row=FIRST_DATA_ROW)
        data_styles = [rows.style_id(styles.of(kind)) for _, _, kind in columns]
        count = 0
        for result in list_results(award_list, applications):
            count += 1
            rows.append(
                [count, result.jurisdiction, result.enterprise, result.item, result.project or None, result.amount,
                 *(result.level1.get(name) for name in level1), result.total, result.grade or None, result.status,
                 "；".join(result.warnings) or None],
                data_styles,
            )  # fmt: skip
            if count % PROGRESS_EVERY == 0:
                progress(count, count + PROGRESS_EVERY)
        progress(count, count)
        content = rows.save()
        filename = f"绩效评价结果汇总表-{safe_filename(str(award_list))}-{today:%Y%m%d}.xlsx"
        return Rendered(filename=filename, mimetype=XLSX, content=content)
