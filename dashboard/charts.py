"""Charts of the 数据看板, each built once from the aggregates: the same matrix feeds the chart's JSON (read by
dashboard/static/dashboard/board.js) and the accessible table beside it, whose cells link to the work list."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import urlencode

from django.urls import reverse

from applications.workflow import ApplicationStatus
from core.workdays import working_days_left
from dashboard.selectors import APPROVED_BY_CITY, SENT_TO_CITY, BoardData

STATUS_LABELS = dict(ApplicationStatus.choices)
NO_BUDGET = "未设预算"
NO_DATA = "—"


@dataclass(frozen=True)
class Cell:
    value: int | float | None  # what the chart plots (None: nothing to plot)
    text: str  # what the table shows
    url: str = ""  # the filtered work list


@dataclass(frozen=True)
class Series:
    name: str
    kind: str = "bar"  # bar | line
    stack: str = ""  # series with the same stack are piled up
    axis: int = 0  # 0: the left value axis, 1: the right one


@dataclass
class Chart:
    id: str
    title: str
    unit: str  # of the left axis
    categories: list[str]
    series: list[Series]
    cells: list[list[Cell]]  # one row per category, one cell per series
    category_header: str = ""  # the table's first column
    horizontal: bool = False
    right_unit: str = ""
    notes: list[str] = field(default_factory=list)  # said under the table
    labels: list[str] | None = None  # the table's row headers when the axis uses shorter ones

    @property
    def spec(self) -> dict:
        """What the page hands to board.js through json_script."""
        return {
            "title": self.title,
            "unit": self.unit,
            "right_unit": self.right_unit,
            "horizontal": self.horizontal,
            "categories": self.categories,
            "series": [self._series_spec(j, s) for j, s in enumerate(self.series)],
        }

    def _series_spec(self, index: int, series: Series) -> dict:
        data = [row[index].value for row in self.cells]
        return {"name": series.name, "kind": series.kind, "stack": series.stack, "axis": series.axis, "data": data}

    @property
    def rows(self) -> list[tuple[str, list[Cell]]]:
        return list(zip(self.labels or self.categories, self.cells, strict=True))

    @property
    def tall(self) -> bool:
        """A horizontal chart of many rows needs more height than the default."""
        return self.horizontal and len(self.categories) > 6


def worklist_url(**filters) -> str:
    return reverse("review:worklist") + "?" + urlencode({k: v for k, v in filters.items() if v not in (None, "")})


def _count(n: int, **filters) -> Cell:
    return Cell(n, str(n), worklist_url(**filters))


def _amount(value: Decimal | None, **filters) -> Cell:
    if value is None:
        return Cell(None, NO_BUDGET)
    value = Decimal(value).quantize(Decimal("0.01"))
    return Cell(float(value), str(value), worklist_url(**filters) if filters else "")


def _days(value: dt.timedelta | None, **filters) -> Cell:
    if value is None:
        return Cell(None, NO_DATA)
    days = round(value.total_seconds() / 86400, 1)
    return Cell(days, f"{days:.1f}", worklist_url(**filters))


def status_by_item(data: BoardData, *, county_filter: bool) -> Chart:
    """Applications of each item, piled up by status: the funnel from submission to award."""
    series = [Series(STATUS_LABELS[s], stack="status") for s in data.statuses]
    cells = [
        [_count(data.by_item.get((item.number, s), 0), item=item.number, status=s) for s in data.statuses]
        for item in data.items
    ]
    return Chart("by-item", "按支持事项的申报状态", "件", [f"{i.number}. {i.name}" for i in data.items], series,
                 cells, category_header="支持事项", horizontal=True)  # fmt: skip


def status_by_county(data: BoardData, *, county_filter: bool) -> Chart:
    """Applications of each county, piled up by status. A county's own work list has no county filter."""
    series = [Series(STATUS_LABELS[s], stack="status") for s in data.statuses]
    cells = [
        [_count(data.by_county.get((j.pk, s), 0), status=s, jurisdiction=j.pk if county_filter else None)
         for s in data.statuses]
        for j in data.jurisdictions
    ]  # fmt: skip
    return Chart("by-county", "按县市区/园区的申报状态", "件", [j.name for j in data.jurisdictions], series, cells,
                 category_header="县市区/园区", horizontal=True)  # fmt: skip


def amounts_by_item(data: BoardData) -> Chart:
    """Requested, proposed and awarded amounts of each item against its budget (万元)."""
    series = [Series("申请金额"), Series("建议金额"), Series("确定奖补"), Series("预算")]
    cells = []
    for item in data.items:
        sums = data.amounts[item.number]
        cells.append([
            _amount(sums["requested"], item=item.number),
            _amount(sums["proposed"], item=item.number),
            _amount(sums["awarded"], item=item.number, status=ApplicationStatus.AWARDED),
            _amount(sums["budget"]),
        ])  # fmt: skip
    notes = []
    if any(data.amounts[i.number]["budget"] is None for i in data.items):
        notes.append(f"“{NO_BUDGET}”：市工信局中小企业科、市财政局企业科尚未为该事项设定预算。")
    return Chart("amounts", "申请、建议与确定奖补金额（万元）", "万元", [f"第{i.number}项" for i in data.items],
                 series, cells, category_header="支持事项", notes=notes,
                 labels=[f"{i.number}. {i.name}" for i in data.items])  # fmt: skip


def county_progress(data: BoardData, *, today: dt.date, county_filter: bool) -> Chart:
    """Each county's applications sent to the city and approved there, against its deadline's working days."""
    series = [Series("已上报市级"), Series("市级审核通过"), Series("距截止剩余工作日", kind="line", axis=1)]
    cells = []
    for j in data.jurisdictions:
        sent = sum(data.by_county.get((j.pk, s), 0) for s in SENT_TO_CITY)
        approved = sum(data.by_county.get((j.pk, s), 0) for s in APPROVED_BY_CITY)
        deadline = data.deadlines.get(j.pk)
        left = working_days_left(today, deadline) if deadline else None
        jurisdiction = j.pk if county_filter else None
        cells.append([
            Cell(sent, str(sent), worklist_url(jurisdiction=jurisdiction)),
            Cell(approved, str(approved), worklist_url(jurisdiction=jurisdiction, status=ApplicationStatus.CITY_APPROVED)),
            Cell(left, NO_DATA if left is None else f"{left}（截止 {deadline:%Y-%m-%d}）"),
        ])  # fmt: skip
    return Chart("progress", "县市区/园区进度与申报截止", "件", [j.name for j in data.jurisdictions], series, cells,
                 category_header="县市区/园区", right_unit="工作日")  # fmt: skip


def stage_times(data: BoardData) -> Chart:
    """Median and p90 of each department's time to its opinion, in days."""
    statuses = {"county": ApplicationStatus.COUNTY_REVIEW, "city": ApplicationStatus.CITY_REVIEW}
    cells = [
        [_days(t.median, status=statuses[t.stage]), _days(t.p90, status=statuses[t.stage])] for t in data.stage_times
    ]
    counts = "；".join(f"{t.label}：{t.count} 份意见" for t in data.stage_times)
    return Chart("stage-times", "各环节办理时长（天）", "天", [t.label for t in data.stage_times],
                 [Series("中位数"), Series("90% 分位数")], cells, category_header="环节",
                 notes=[f"从申报到达该环节（县级：企业提交；市级：联合推荐上报）到出具审核意见的时间。{counts}。"])  # fmt: skip


def quota_use(data: BoardData, *, county_filter: bool) -> Chart | None:
    """Each county's applications holding the quota of every item that has one (限报, 通知 二)."""
    items = [i for i in data.items if i.county_quota]
    if not items:
        return None
    series = [Series(f"第{i.number}项（限报{i.county_quota}个）") for i in items]
    cells = [
        [_count(data.quota_use.get((j.pk, i.number), 0), item=i.number,
                jurisdiction=j.pk if county_filter else None) for i in items]
        for j in data.jurisdictions
    ]  # fmt: skip
    over = [
        f"{j.name}第{i.number}项"
        for j in data.jurisdictions
        for i in items
        if data.quota_use.get((j.pk, i.number), 0) > i.county_quota
    ]
    notes = ["计入限额：已推荐至市级且未被退回或不予支持的申报。"]
    if over:
        notes.append("超过限额：" + "、".join(over) + "。")
    return Chart("quota", "限报事项名额使用", "个", [j.name for j in data.jurisdictions], series, cells,
                 category_header="县市区/园区", notes=notes)  # fmt: skip
