"""绩效运行监控 and 绩效评价 as arithmetic: progress, 偏离预警, indicator scores, the total and its grade.

Pure: Decimal in, Decimal out, with the pack's PerformanceRules (bands, threshold, shortfall rule).
Scores are kept to 2 decimals, rounded half up, as a reviewer would write them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from policies.formengine.indicators import QUANTITATIVE, Indicator
from policies.pack.schema import PerformanceRules

CENT = Decimal("0.01")
HUNDRED = Decimal(100)


def _cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _shown(value: Decimal) -> str:
    """A percentage as a person writes it: 19.9, 50, 30."""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def target_met(indicator: Indicator, actual: Decimal) -> bool:
    target = indicator.target
    return {
        ">=": actual >= target,
        ">": actual > target,
        "<=": actual <= target,
        "<": actual < target,
        "=": actual == target,
    }[indicator.direction]


def achieved_share(indicator: Indicator, actual: Decimal) -> Decimal:
    """How much of a missed 定量 target was reached, from 0 to 1 (the proportional rule)."""
    target = indicator.target
    if indicator.direction in (">=", ">"):
        return max(Decimal(0), min(Decimal(1), actual / target)) if target > 0 else Decimal(0)
    if indicator.direction in ("<=", "<"):
        return max(Decimal(0), min(Decimal(1), target / actual)) if actual > 0 else Decimal(0)
    if target == 0:
        return Decimal(0)
    return max(Decimal(0), Decimal(1) - abs(actual - target) / abs(target))


def indicator_score(
    indicator: Indicator, *, actual: Decimal | None, achieved: bool | None, rules: PerformanceRules
) -> Decimal:
    """Full marks when the target is met; a shortfall loses by the pack's rule. A 定性 indicator is
    judged by the section (`achieved`); a 定量 one compares `actual` with its target."""
    weight = indicator.weight
    if indicator.value_type == QUANTITATIVE:
        if actual is None:
            return Decimal(0)
        if target_met(indicator, actual):
            return _cents(weight)
        share = achieved_share(indicator, actual)
    else:
        if achieved:
            return _cents(weight)
        share = Decimal(0)
    if rules.shortfall_rule == "fixed_deduction":
        return _cents(weight * (Decimal(1) - Decimal(str(rules.fixed_deduction_share))))
    return _cents(weight * share)


def grade_of(total: Decimal, rules: PerformanceRules) -> str:
    """The band holding the total: [min, max), the top band including its max."""
    bands = sorted(rules.grade_bands, key=lambda b: b.min)
    for band in bands:
        if Decimal(str(band.min)) <= total < Decimal(str(band.max)):
            return band.grade
    if total >= Decimal(str(bands[-1].max)):
        return bands[-1].grade
    return bands[0].grade


@dataclass(frozen=True)
class Deviation:
    indicator_id: str
    expected: Decimal  # % of the period elapsed
    progress: Decimal | None  # % of the target reached (None: not measurable as progress)
    warning: bool
    reason: str


def expected_share(*, starts_on: dt.date, ends_on: dt.date, as_of: dt.date) -> Decimal:
    """The share of the period elapsed on `as_of`, in % (0 before it starts, 100 at its end)."""
    total = (ends_on - starts_on).days
    if total <= 0:
        return HUNDRED
    elapsed = min(max((as_of - starts_on).days, 0), total)
    return _cents(Decimal(elapsed) / Decimal(total) * HUNDRED)


def indicator_deviation(
    indicator: Indicator, *, reported: Decimal | None, expected: Decimal, rules: PerformanceRules
) -> Deviation:
    """偏离预警: progress behind the elapsed share by more than the pack's threshold (percentage points),
    or a cap (≤) already passed. 定性 indicators are followed by the verifier's remarks, not by numbers."""
    threshold = Decimal(str(rules.deviation_threshold))
    if indicator.value_type != QUANTITATIVE or reported is None:
        return Deviation(indicator.id, expected, None, False, "")
    if indicator.direction in ("<=", "<"):
        over = not target_met(indicator, reported)
        reason = f"已超过目标值（{indicator.standard}）" if over else ""
        return Deviation(indicator.id, expected, None, over, reason)
    progress = _cents(achieved_share(indicator, reported) * HUNDRED)
    behind = expected - progress
    warning = behind > threshold
    reason = (
        f"完成进度 {_shown(progress)}% 落后于时间进度 {_shown(expected)}% 超过 {_shown(threshold)} 个百分点"
        if warning
        else ""
    )
    return Deviation(indicator.id, expected, progress, warning, reason)


def spending_deviation(*, spent: Decimal, awarded: Decimal, expected: Decimal, rules: PerformanceRules) -> Deviation:
    """预算执行: money spent against the award, by the same threshold."""
    threshold = Decimal(str(rules.deviation_threshold))
    progress = _cents(min(spent / awarded, Decimal(1)) * HUNDRED) if awarded > 0 else HUNDRED
    behind = expected - progress
    warning = behind > threshold
    reason = (
        f"资金支出进度 {_shown(progress)}% 落后于时间进度 {_shown(expected)}% 超过 {_shown(threshold)} 个百分点"
        if warning
        else ""
    )
    return Deviation("budget", expected, progress, warning, reason)
