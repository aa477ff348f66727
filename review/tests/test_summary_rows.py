"""The 附件4 rows: columns, order, the county opinion column, and a query count that does not grow."""

from __future__ import annotations

from decimal import Decimal

import pytest

from accounts.models import Jurisdiction
from accounts.tests.factories import EnterpriseFactory
from applications.models import Application
from applications.workflow import ApplicationStatus as S
from enterprises.tests.factories import make_profile
from review.models import ReviewOpinion
from review.selectors import SummaryRow, county_opinion_text, summary_rows, summary_totals

pytestmark = pytest.mark.django_db


@pytest.fixture
def pack(stored_pack):
    return stored_pack


def make_application(
    *, pack, creator, jurisdiction_code: str = "430405", item_number: int = 2, status: str = S.RECOMMENDED,
    enterprise_name: str | None = None, project_name: str = "智能产线改造", total: str | None = "800",
    requested: str | None = "50", subtype_name: str = "",
) -> Application:  # fmt: skip
    """An application straight in the database (no services): the export reads only stored columns."""
    jurisdiction = Jurisdiction.objects.get(code=jurisdiction_code)
    enterprise = EnterpriseFactory(jurisdiction=jurisdiction, **({"name": enterprise_name} if enterprise_name else {}))
    make_profile(enterprise=enterprise, jurisdiction_code=jurisdiction_code)
    return Application.objects.create(
        enterprise=enterprise, pack=pack, item=pack.items.get(number=item_number), subtype_name=subtype_name,
        status=status, forms=[], project_name=project_name, total_investment=Decimal(total) if total else None,
        requested_amount=Decimal(requested) if requested else None, contact_name="钱联系",
        contact_phone="13907340000", created_by=creator,
    )  # fmt: skip


def give_opinion(application, reviewer, department, decision="agree", reason="", round_=1):
    return ReviewOpinion.objects.create(
        application=application, round=round_, stage=ReviewOpinion.Stage.COUNTY, department=department,
        reviewer=reviewer, reviewer_name=reviewer.full_name, decision=decision, reason=reason,
    )  # fmt: skip


def test_a_row_has_every_column(pack, county_industry, county_finance):
    application = make_application(pack=pack, creator=county_industry, subtype_name="培育市级智能制造标杆车间")
    give_opinion(application, county_industry, "industry")
    give_opinion(application, county_finance, "finance")
    [row] = list(summary_rows(applications=Application.objects.all()))
    assert row == SummaryRow(
        serial_number=1, jurisdiction="珠晖区", enterprise_name=application.enterprise.name,
        uscc=application.enterprise.profile.uscc, support_item="2. 企业智能制造装备贴息项目",
        subtype="培育市级智能制造标杆车间", project_name="智能产线改造", total_investment=Decimal("800.00"),
        requested_amount=Decimal("50.00"), support_method="补助", contact_name="钱联系",
        contact_phone="13907340000", county_opinion="工信部门：同意；财政部门：同意", status="已推荐",
    )  # fmt: skip


def test_rows_are_ordered_by_jurisdiction_then_item_then_pk(pack, county_industry):
    # 耒阳市 (430481) sorts after 珠晖区 (430405) in the reference order; items within a jurisdiction by number.
    made = [
        make_application(pack=pack, creator=county_industry, jurisdiction_code="430481", item_number=1),
        make_application(pack=pack, creator=county_industry, item_number=5),
        make_application(pack=pack, creator=county_industry, item_number=2),
        make_application(pack=pack, creator=county_industry, item_number=2),
    ]
    rows = list(summary_rows(applications=Application.objects.all()))
    assert [r.enterprise_name for r in rows] == [made[i].enterprise.name for i in (2, 3, 1, 0)]
    assert [r.serial_number for r in rows] == [1, 2, 3, 4]
    assert [r.jurisdiction for r in rows] == ["珠晖区", "珠晖区", "珠晖区", "耒阳市"]


def test_only_the_given_applications_are_listed(pack, county_industry):
    mine = make_application(pack=pack, creator=county_industry)
    make_application(pack=pack, creator=county_industry, jurisdiction_code="430481")
    rows = list(summary_rows(applications=Application.objects.filter(enterprise__jurisdiction__code="430405")))
    assert [r.enterprise_name for r in rows] == [mine.enterprise.name]


def test_blank_amounts_and_no_profile_or_opinion_give_blank_cells(pack, county_industry):
    application = make_application(pack=pack, creator=county_industry, total=None, requested=None)
    application.enterprise.profile.delete()
    [row] = list(summary_rows(applications=Application.objects.all()))
    assert (row.total_investment, row.requested_amount, row.uscc, row.county_opinion) == (None, None, "", "")


def test_county_opinion_shows_the_latest_round_with_reasons(pack, county_industry, county_finance):
    application = make_application(pack=pack, creator=county_industry)
    give_opinion(application, county_industry, "industry")
    give_opinion(application, county_finance, "finance", "return", "请补充贷款合同")
    [row] = list(summary_rows(applications=Application.objects.all()))
    assert row.county_opinion == "工信部门：同意；财政部门：退回修改（请补充贷款合同）"
    # The enterprise resubmitted; in round 2 only 工信 has spoken so far: round 1 is no longer shown.
    give_opinion(application, county_industry, "industry", "reject", "不符合产业政策", round_=2)
    [row] = list(summary_rows(applications=Application.objects.all()))
    assert row.county_opinion == "工信部门：不予推荐（不符合产业政策）"


def test_city_opinions_are_not_county_opinions(pack, county_industry, city_section):
    application = make_application(pack=pack, creator=county_industry)
    ReviewOpinion.objects.create(
        application=application, stage=ReviewOpinion.Stage.CITY, department=ReviewOpinion.Department.SECTION,
        reviewer=city_section, reviewer_name="科室", decision="reject", reason="预算不足",
    )  # fmt: skip
    [row] = list(summary_rows(applications=Application.objects.all()))
    assert row.county_opinion == ""


@pytest.mark.parametrize(
    ("opinions", "text"),
    [
        ([("industry", None), ("finance", None)], ""),
        ([("industry", {"round": 1, "decision": "agree", "reason": "无"}), ("finance", None)], "工信部门：同意"),
        (
            [("industry", {"round": 1, "decision": "agree", "reason": ""}),
             ("finance", {"round": 3, "decision": "return", "reason": "补材料"})],
            "财政部门：退回修改（补材料）",
        ),
    ],
)  # fmt: skip
def test_county_opinion_text(opinions, text):
    assert county_opinion_text(opinions) == text


@pytest.mark.parametrize("count", [3, 30])
def test_query_count_does_not_grow_with_rows(pack, county_industry, county_finance, count, django_assert_num_queries):
    for index in range(count):
        application = make_application(pack=pack, creator=county_industry, item_number=1 + index % 14)
        give_opinion(application, county_industry, "industry")
        give_opinion(application, county_finance, "finance", "return", "补充材料")
    applications = Application.objects.all()
    # One query: applications joined with jurisdiction, enterprise, profile and item, and the latest county
    # opinion of each department as two correlated subqueries in the same SELECT.
    with django_assert_num_queries(1):
        rows = list(summary_rows(applications=applications))
    assert len(rows) == count
    assert all(r.county_opinion == "工信部门：同意；财政部门：退回修改（补充材料）" for r in rows)


def _row(total, requested) -> SummaryRow:
    return SummaryRow(1, "珠晖区", "企业", "", "2. 事项", "", "项目", total, requested, "", "", "", "", "")


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([], None),
        ([None, None], None),  # all blank: the 合计 cell stays blank, not 0
        ([None, Decimal("12.5")], Decimal("12.5")),
        ([Decimal("0"), None], Decimal("0")),
        ([Decimal("800"), Decimal("1234.5")], Decimal("2034.5")),
    ],
)
def test_summary_totals_stay_blank_until_a_value_is_added(values, expected):
    totals = summary_totals(_row(value, value) for value in values)
    assert totals.count == len(values)
    assert totals.total_investment == expected and totals.requested_amount == expected
