"""附件4 申报汇总表 as an Excel workbook. openpyxl (write-only) lays out the sheet and its header; the data
and totals rows are streamed by documents.xlsx_rows, so a city-wide export of 50,000 applications keeps
memory flat and takes a few seconds (bench/documents/README.md)."""

from __future__ import annotations

from typing import Any, ClassVar, Literal

from django.shortcuts import get_object_or_404
from django.utils import timezone
from openpyxl.utils import get_column_letter
from pydantic import field_validator, model_validator

from accounts import permissions as base
from applications.permissions import applications_visible_to
from core.text import clean_text, safe_filename
from documents.exporters.base import XLSX, Exporter, Options, Progress, Rendered, no_progress, register
from documents.xlsx_rows import BulkRows
from documents.xlsx_style import table_page, totals_workbook
from policies.models import FormTemplate
from policies.selectors import item_of_pack_or_404, pack_offered_or_404
from review import permissions as review_permissions
from review.selectors import SUMMARY_LABELS, SummaryRow, SummaryTotals, summary_rows

# The notice's 附件4 title (line 1648, where the PDF line break left a space); the pack's form 4 holds it.
DEFAULT_TITLE = "衡阳市打好经济增长主动仗加快建设区域经济中心工信领域奖补资金申报汇总表"
UNIT_LINE = "单位：万元"  # notice line 1650
BATCH_REQUIRED = "请选择推荐批次"
ITEM_REQUIRED = "请选择支持事项"
PROGRESS_EVERY = 1000

# (SummaryRow field, header label as in the pack's form 4, column width, kind), in SummaryRow's order
COLUMNS: list[tuple[str, str, float, str]] = [
    (name, SUMMARY_LABELS[name], width, kind)
    for name, width, kind in (
        ("serial_number", 6, "serial"),
        ("jurisdiction", 12, "text"),
        ("enterprise_name", 26, "text"),
        ("uscc", 21, "text"),
        ("support_item", 24, "text"),
        ("subtype", 18, "text"),
        ("project_name", 26, "text"),
        ("total_investment", 13, "amount"),
        ("requested_amount", 13, "amount"),
        ("support_method", 8, "short"),
        ("contact_name", 9, "short"),
        ("contact_phone", 14, "short"),
        ("county_opinion", 26, "text"),
        ("status", 11, "short"),
    )
]
TITLE_ROW, REPORTER_ROW, UNIT_ROW, HEADER_ROW = 1, 2, 3, 4
FIRST_DATA_ROW = HEADER_ROW + 1
NAMES = [name for name, _, _, _ in COLUMNS]
if tuple(NAMES) != SummaryRow._fields:  # each row is written as it comes, field by field
    raise ImportError("COLUMNS must list SummaryRow's fields in their order")
KINDS = [kind for _, _, _, kind in COLUMNS]
LAST_COLUMN = get_column_letter(len(COLUMNS))
TOTAL_INVESTMENT_COLUMN = next(i for i, c in enumerate(COLUMNS) if c[0] == "total_investment")
REQUESTED_AMOUNT_COLUMN = next(i for i, c in enumerate(COLUMNS) if c[0] == "requested_amount")


def _empty_to_none(value: Any) -> Any:
    return None if value == "" else value


class SummaryOptions(Options):
    scope: Literal["batch", "item", "city"]
    batch: int | None = None
    item: int | None = None  # the item's number (序号) in the chosen pack
    pack: str = ""  # the city-wide or per-item table's pack ('hengyang-2023-gxj51'); the default pack when empty

    _blank_is_none = field_validator("batch", "item", mode="before")(_empty_to_none)

    @model_validator(mode="after")
    def _target_given(self) -> SummaryOptions:
        if self.scope == "batch" and self.batch is None:
            raise ValueError(BATCH_REQUIRED)
        if self.scope == "item" and self.item is None:
            raise ValueError(ITEM_REQUIRED)
        return self


@register
class SummaryXlsx(Exporter):
    identifier: ClassVar[str] = "summary_xlsx"
    verbose_name: ClassVar[str] = "申报汇总表（附件4，Excel）"
    options_model: ClassVar[type[Options]] = SummaryOptions
    background: ClassVar[bool] = True

    @classmethod
    def may_export(cls, user) -> bool:
        """Only county reviewers and city officials draw up 附件4; enterprises and others get 404."""
        return base.is_county_reviewer(user) or base.is_city_official(user)

    @classmethod
    def for_user(cls, user, params: dict[str, Any]) -> SummaryXlsx:
        """Every scope goes through applications_visible_to, so a county asking for the city-wide table gets
        its own jurisdiction's rows only (the table it sends to the city), never another county's."""
        options = cls.options_for(user, params)
        applications = applications_visible_to(user)
        if options.scope == "batch":
            batch = get_object_or_404(
                review_permissions.batches_visible_to(user).select_related("pack"), pk=options.batch
            )
            pack, applications = batch.pack, applications.filter(batch=batch)
            reporter = batch.jurisdiction.name
            label = f"{batch.jurisdiction.name}-{batch.number or f'批次{batch.pk}'}"
        else:
            pack = pack_offered_or_404(options.pack)  # a batch names its own pack; the city chooses one here
            applications = applications.filter(pack=pack)
            reporter = user.organisation.jurisdiction.name if base.is_county_reviewer(user) else user.organisation.name
            label = reporter if base.is_county_reviewer(user) else "全市"
            if options.scope == "item":
                item = item_of_pack_or_404(pack=pack, number=options.item)
                applications = applications.filter(item=item)
                label = f"{label}-第{item.number}项"
        return cls(user=user, options=options, applications=applications, pack=pack, reporter=reporter, label=label)

    def _title(self) -> str:
        pack = self.objects["pack"]
        form_id = pack.data.get("pack", {}).get("summary_form", "4")
        title = FormTemplate.objects.filter(pack=pack, form_id=form_id).values_list("title", flat=True).first()
        return clean_text(title or DEFAULT_TITLE)

    def render(self, progress: Progress = no_progress) -> Rendered:
        applications = self.objects["applications"]
        total = applications.count()
        today = timezone.localdate()
        workbook, sheet, styles = totals_workbook("申报汇总表")
        _set_up_page(sheet)

        width, split = len(COLUMNS), len(COLUMNS) // 2
        sheet.row_dimensions[TITLE_ROW].height = 36
        sheet.row_dimensions[HEADER_ROW].height = 32
        sheet.append(styles.line([(self._title(), width)], "title"))
        reporter = f"填报单位：{clean_text(self.objects['reporter'])}（盖章）"
        date = f"填报日期：{today.year}年{today.month}月{today.day}日"
        sheet.append(styles.line([(reporter, split)], "line") + styles.line([(date, width - split)], "line_right"))
        sheet.append(styles.line([(UNIT_LINE, width)], "line_right"))
        sheet.append([styles.cell(label, "header") for _, label, _, _ in COLUMNS])
        sheet.merged_cells.add(f"A{TITLE_ROW}:{LAST_COLUMN}{TITLE_ROW}")
        sheet.merged_cells.add(f"A{REPORTER_ROW}:{get_column_letter(split)}{REPORTER_ROW}")
        sheet.merged_cells.add(f"{get_column_letter(split + 1)}{REPORTER_ROW}:{LAST_COLUMN}{REPORTER_ROW}")
        sheet.merged_cells.add(f"A{UNIT_ROW}:{LAST_COLUMN}{UNIT_ROW}")

        rows = BulkRows(workbook, sheet, first_row=FIRST_DATA_ROW)
        data_styles = [rows.style_id(styles.of(kind)) for kind in KINDS]
        sums = SummaryTotals()
        for row in summary_rows(applications=applications):
            rows.append(row, data_styles)
            sums.add(row)
            if sums.count % PROGRESS_EVERY == 0:
                progress(sums.count, max(total, sums.count))

        count = sums.count
        totals_row = rows.next_row
        totals: list[Any] = [None] * len(COLUMNS)
        totals[0], totals[1] = "合计", f"共{count}项"
        totals[TOTAL_INVESTMENT_COLUMN] = sums.total_investment
        totals[REQUESTED_AMOUNT_COLUMN] = sums.requested_amount
        text_style, amount_style = rows.style_id(styles.of("total_text")), rows.style_id(styles.of("total_amount"))
        amount_columns = (TOTAL_INVESTMENT_COLUMN, REQUESTED_AMOUNT_COLUMN)
        rows.append(totals, [amount_style if i in amount_columns else text_style for i in range(len(COLUMNS))])
        sheet.merged_cells.add(f"B{totals_row}:{get_column_letter(TOTAL_INVESTMENT_COLUMN)}{totals_row}")
        progress(count, count)

        content = rows.save()
        filename = f"附件4申报汇总表-{safe_filename(self.objects['label'])}-{today:%Y%m%d}.xlsx"
        return Rendered(filename=filename, mimetype=XLSX, content=content)


def _set_up_page(sheet) -> None:
    """Title, reporter, unit and header stay in view; the header repeats on every printed page."""
    table_page(sheet, [width for _, _, width, _ in COLUMNS], freeze=f"A{FIRST_DATA_ROW}", header_row=HEADER_ROW)
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.page_margins.top = sheet.page_margins.bottom = 0.6
