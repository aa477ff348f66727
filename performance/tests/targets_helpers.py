"""Helpers for the 绩效目标 tests: a usable 附件3, an application at a given step built directly (the
application workflow is tested in applications/ and review/), and the signal the workflow sends."""

from __future__ import annotations

import itertools

from accounts.choices import Role
from accounts.tests.factories import EnterpriseFactory, make_user, section
from applications.models import Application
from applications.signals import application_transitioned
from applications.tests.helpers import IN_WINDOW
from applications.workflow import ApplicationStatus

FORM_ID = "3"
_receipts = itertools.count(1)


def indicator_row(name: str, target: str = "≥500", *, unit: str = "万元", value_type: str = "定量", score="25"):
    return {
        "tier3_indicator": name, "target_value": target, "target_value_content": f"{name}的目标",
        "scoring_standard": "未达标按比例扣分", "measurement_unit": unit, "value_type": value_type, "score": score,
    }  # fmt: skip


def usable_targets(**overrides) -> dict:
    """附件3 answers with one indicator under each 一级指标, the 分值 adding up to 100."""
    answers = {
        "reporting_unit": "衡阳测试企业有限公司",
        "fund_name": "衡阳市工信领域奖补资金",
        "cost_economic": [indicator_row("项目总投资", "≤800")],
        "output_quantity": [indicator_row("新增智能装备", "≥10", unit="台")],
        "benefit_economic": [indicator_row("新增产值", "≥500")],
        "satisfaction_service_recipients": [
            indicator_row("员工满意度", "满意", unit="/", value_type="定性"),
        ],
        "preparer_name": "钱联系",
        "preparer_phone": "13907340000",
        "report_date": "2023-08-01",
    }
    return {**answers, **overrides}


def application_at(pack, *, status: str = ApplicationStatus.SUBMITTED, owner=None, targets: dict | None = None,
                   number: int = 2, jurisdiction=None) -> Application:  # fmt: skip
    """An item-`number` application of its own enterprise (珠晖区 unless told) whose only form is 附件3."""
    if owner is None:
        enterprise = EnterpriseFactory(**({"jurisdiction": jurisdiction} if jurisdiction else {}))
        owner = make_user(Role.ENTERPRISE_ADMIN, enterprise)
    return Application.objects.create(
        enterprise=owner.organisation, pack=pack, item=pack.items.get(number=number),
        forms=[pack.data["forms"][FORM_ID]], answers={FORM_ID: targets if targets is not None else usable_targets()},
        status=status, created_by=owner, project_name="智能产线改造", submitted_at=IN_WINDOW,
        receipt_number=f"HY2023-TEST-{next(_receipts):05d}", submission_digest="0" * 64,
    )  # fmt: skip


def transitioned(transition: str, applications, actor) -> None:
    """What an application service sends inside its transaction (applications/signals.py)."""
    application_transitioned.send(sender=Application, transition=transition, applications=list(applications),
                                  actor=actor, reasons={})  # fmt: skip


def owner_of(application: Application):
    return application.created_by


def other_section_reviewer():
    return make_user(Role.CITY_SECTION_REVIEWER, section("technology"))
