"""The funds ledger (奖补资金台账) as an Excel workbook: one row per award the user may see, with what was awarded,
allocated, paid, confirmed and is outstanding (numbers in 元), its fund status, and a totals row; the same rows
and filters as the ledger page (item, county, list, status). openpyxl lays out the sheet and its header; the
rows are streamed by documents.xlsx_rows, so the city-wide ledger of 50,000 awards keeps memory flat
(bench/funds/README.md)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar

from django.utils import timezone
from openpyxl.utils import get_column_letter
from pydantic import field_validator

from accounts.models import Jurisdiction
from accounts.permissions import is_city_official, is_county_reviewer
from awards.models import AwardList
from core.text import clean_text, safe_filename
from documents.exporters.base import XLSX, Exporter, Options, Progress, Rendered, no_progress, register
from documents.xlsx_rows import BulkRows
from documents.xlsx_style import (
    FIRST_DATA_ROW,
    HEADER_ROW,
    listing_heading,
    table_page,
    totals_workbook,
)
from funds import permissions, selectors
from funds.workflow import FundStatus
from policies.models import SupportItem

TITLE = "衡阳市工信领域奖补资金台账"
UNIT_LINE = "金额单位：元"
PROGRESS_EVERY = 1000
STATUS_LABELS = dict(FundStatus.choices)

# (header, width, kind); the figures follow selectors.LEDGER_EXPORT_FIELDS, in 元.
COLUMNS: list[tuple[str, float, str]] = [
    ("序号", 6, "serial"),
    ("县市区/园区", 12, "text"),
    ("企业名称", 26, "text"),
    ("统一社会信用代码", 21, "text"),
    ("支持事项", 24, "text"),
    ("项目名称", 26, "text"),
    ("奖补名单", 11, "short"),
    ("奖补金额（元）", 15, "amount"),
    ("已下达（元）", 15, "amount"),
    ("已拨付（元）", 15, "amount"),
    ("已确认到账（元）", 15, "amount"),
    ("未拨付（元）", 15, "amount"),
    ("资金状态", 11, "short"),
]
FIRST_FIGURE = next(i for i, (_, _, kind) in enumerate(COLUMNS) if kind == "amount")
FIGURES = sum(1 for _, _, kind in COLUMNS if kind == "amount")


def _blank_is_none(value: Any) -> Any:
    return None if value == "" else value


class LedgerOptions(Options):
    """The ledger page's filters, under the page's own names, so its query string exports what it shows."""

    item: int | None = None
    county: int | None = None
    award_list: int | None = None
    status: FundStatus | None = None

    _blanks = field_validator("item", "county", "award_list", "status", mode="before")(_blank_is_none)


def _scope_line(user, options: LedgerOptions) -> str:
    """Whose ledger and which filters, as the sheet's second line states them."""
    parts = [f"制表单位：{user.organisation.name if user.organisation_id else user.get_username()}"]
    if options.award_list is not None:
        parts.append(f"奖补名单：{AwardList(pk=options.award_list)}")
    if options.item is not None:
        item = SupportItem.objects.filter(pk=options.item).only("number", "name").first()
        parts.append(f"支持事项：{item or '（无）'}")
    if options.county is not None:
        name = Jurisdiction.objects.filter(pk=options.county).values_list("name", flat=True).first()
        parts.append(f"县市区/园区：{name or '（无）'}")
    if options.status is not None:
        parts.append(f"资金状态：{options.status.label}")
    return "　".join(parts)


@register
class FundsLedgerXlsx(Exporter):
    identifier: ClassVar[str] = "funds_ledger_xlsx"
    verbose_name: ClassVar[str] = "奖补资金台账（Excel）"
    options_model: ClassVar[type[Options]] = LedgerOptions
    background: ClassVar[bool] = True

    @classmethod
    def may_export(cls, user) -> bool:
        return permissions.can_view_ledger(user)

    @classmethod
    def for_user(cls, user, params: dict[str, Any]) -> FundsLedgerXlsx:
        """The rows come from ledger_rows, scoped to the user: a county asking for another county's rows gets none."""
        options = cls.options_for(user, params)
        rows = selectors.ledger_rows(
            user, item_id=options.item, jurisdiction_id=options.county, award_list_id=options.award_list,
            status=options.status.value if options.status else None,
        )  # fmt: skip
        return cls(user=user, options=options, rows=rows)

    def render(self, progress: Progress = no_progress) -> Rendered:
        rows = self.objects["rows"]
        total = rows.count()
        today = timezone.localdate()
        workbook, sheet, styles = totals_workbook("奖补资金台账")
        # The header and the enterprise stay in view.
        table_page(sheet, [width for _, width, _ in COLUMNS], freeze=f"D{FIRST_DATA_ROW}", header_row=HEADER_ROW)

        listing_heading(
            sheet, styles, title=TITLE, line=clean_text(_scope_line(self.user, self.options)), units=UNIT_LINE,
            headers=[label for label, _, _ in COLUMNS], today=today,
        )  # fmt: skip

        out = BulkRows(workbook, sheet, first_row=FIRST_DATA_ROW)
        data_styles = [out.style_id(styles.of(kind)) for _, _, kind in COLUMNS]
        sums = [Decimal("0.00")] * FIGURES
        count = 0
        for (
            jurisdiction,
            enterprise,
            uscc,
            number,
            item,
            project,
            award_list,
            *figures,
            status,
        ) in selectors.ledger_export_rows(rows):
            count += 1
            out.append(
                [count, jurisdiction, enterprise, uscc, f"{number}. {item}", project, f"#{award_list}", *figures,
                 STATUS_LABELS.get(status, status)],
                data_styles,
            )  # fmt: skip
            sums = [a + b for a, b in zip(sums, figures, strict=True)]
            if count % PROGRESS_EVERY == 0:
                progress(count, max(total, count))

        totals_row = out.next_row
        totals: list[Any] = ["合计", f"共{count}项", *[None] * (FIRST_FIGURE - 2), *sums, None]
        text_style, amount_style = out.style_id(styles.of("total_text")), out.style_id(styles.of("total_amount"))
        out.append(totals, [amount_style if kind == "amount" else text_style for _, _, kind in COLUMNS])
        sheet.merged_cells.add(f"B{totals_row}:{get_column_letter(FIRST_FIGURE)}{totals_row}")
        progress(count, count)

        content = out.save()
        filename = f"奖补资金台账-{safe_filename(self._label())}-{today:%Y%m%d}.xlsx"
        return Rendered(filename=filename, mimetype=XLSX, content=content)

    def _label(self) -> str:
        """全市 for the city, the county's name for a county, the enterprise's own name for an enterprise."""
        if is_city_official(self.user):
            return "全市"
        organisation = self.user.organisation
        return organisation.jurisdiction.name if is_county_reviewer(self.user) else organisation.name
