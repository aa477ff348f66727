"""Awarded applications for the monitoring and evaluation tests, built directly: a final award list whose
entries are AWARDED applications, each with a frozen 绩效目标表 of four indicators, one per 一级指标.

Built row by row rather than through submission and review, so that a test (or the benchmark) can make
one award or thousands and pin query counts against their number."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from accounts.choices import Role
from accounts.models import Jurisdiction
from accounts.tests.factories import EnterpriseFactory, make_user
from applications.models import Application
from applications.workflow import ApplicationStatus
from awards.choices import AwardListStatus
from awards.models import AwardEntry, AwardList
from enterprises.tests.factories import make_profile
from performance.models import PerformanceIndicator, PerformanceTargetSheet
from performance.workflow import TargetStatus

# The execution period: 10 days, so that a round whose 监控截止时点 is 2024-01-06 is at 50 % exactly.
PERIOD_STARTS, PERIOD_ENDS, HALF_WAY = dt.date(2024, 1, 1), dt.date(2024, 1, 11), dt.date(2024, 1, 6)
OPENED_ON = dt.date(2024, 1, 8)  # a Monday: 10 working days later is 2024-01-22

# (key, 一级指标, 二级指标, 三级指标, type, direction, target, 指标值, unit, 分值)
INDICATORS = [
    ("cost_economic:0", "成本指标", "经济成本指标", "项目总成本", "定量", "<=", "600", "≤600", "万元", "20"),
    ("output_quantity:0", "产出指标", "数量指标", "新增智能装备", "定量", ">=", "500", "≥500", "台", "30"),
    ("benefit_economic:0", "效益指标", "经济效益指标", "新增产值", "定量", ">=", "1000", "≥1000", "万元", "30"),
    ("satisfaction_service_recipients:0", "满意度指标", "服务对象满意度指标", "职工满意度", "定性", "", None,
     "达到预期", "", "20"),
]  # fmt: skip


def indicators_for(application: Application) -> list[PerformanceIndicator]:
    sheet, _ = PerformanceTargetSheet.objects.update_or_create(
        application=application, defaults={"status": TargetStatus.FROZEN, "frozen_at": timezone.now()}
    )
    sheet.indicators.all().delete()
    return PerformanceIndicator.objects.bulk_create(
        PerformanceIndicator(
            sheet=sheet, key=key, position=position, level1=level1, level2=level2, name=name, value_type=kind,
            direction=direction, target=Decimal(target) if target else None, standard=standard, unit=unit,
            weight=Decimal(weight),
        )
        for position, (key, level1, level2, name, kind, direction, target, standard, unit, weight) in enumerate(
            INDICATORS, start=1
        )
    )  # fmt: skip


def awarded_list(pack, *, sme, owners=(), count: int = 0, item_number: int = 2, amount: str = "100.00",
                 items: tuple[int, ...] = ()):  # fmt: skip
    """A final list of AWARDED applications: one for each owner (enterprise admin) given, then `count` more
    of new enterprises spread over the jurisdictions, all for item `item_number` unless `items` names the
    item of each owner in turn (an enterprise holds one application per item). Returns (award_list,
    applications)."""
    by_number = {i.number: i for i in pack.items.all()}
    jurisdictions = list(Jurisdiction.objects.order_by("pk"))
    owners = list(owners)
    for n in range(count):
        owner = make_user(Role.ENTERPRISE_ADMIN, EnterpriseFactory(jurisdiction=jurisdictions[n % len(jurisdictions)]))
        make_profile(enterprise=owner.organisation, data={})
        owners.append(owner)
    award_list = AwardList.objects.create(
        pack=pack, status=AwardListStatus.FINAL, created_by=sme, finalised_by=sme, finalised_at=timezone.now()
    )
    applications = []
    for n, owner in enumerate(owners):
        item = by_number[items[n] if n < len(items) else item_number]
        application = Application.objects.create(
            enterprise=owner.organisation, pack=pack, item=item, forms=[], status=ApplicationStatus.AWARDED,
            project_name=f"智能化改造项目{n + 1}", proposed_amount=Decimal(amount), award_amount=Decimal(amount),
            created_by=owner,
        )  # fmt: skip
        AwardEntry.objects.create(award_list=award_list, application=application, amount=Decimal(amount))
        indicators_for(application)
        applications.append(application)
    return award_list, applications
