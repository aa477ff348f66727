"""Material rules as pure functions (applications/material_rules.py): the 查询时间 window, the purchase
period, the agreement of form and upload, and materials required of some enterprises only. No database:
the 2023 pack's own materials and forms, read from the folder."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from applications.material_rules import (
    OUTSIDE_PERIOD,
    PERIOD_LIST_EMPTY,
    QUERY_DATE_AFTER_DEADLINE,
    QUERY_DATE_DISAGREES,
    QUERY_DATE_IN_FUTURE,
    QUERY_DATE_TOO_EARLY,
    REQUIRED_WHEN_APPLIES,
    REQUIRED_WHEN_UNDECIDED,
    DateWindow,
    date_rules,
    field_rule_errors,
    material_need,
    missing_label,
    query_date_disagreements,
    query_date_error,
)
from policies.pack.loader import load_pack_unchanged
from policies.tests.formtools import PACK_2023

ISSUED = dt.date(2023, 7, 26)  # 衡市工信〔2023〕51号 was issued on 26 July 2023
DEADLINE = dt.date(2023, 8, 25)  # "各县市区、市直园区请于8月25日前…报送"
WINDOW = DateWindow(issued=ISSUED, deadline=DEADLINE, today=dt.date(2023, 9, 1))


def _pack():
    return load_pack_unchanged(PACK_2023)


def _item(number: int) -> dict:
    item = next(i for i in _pack().items if i.number == number)
    return item.model_dump(mode="json")


def _materials(number: int) -> list[dict]:
    return _item(number)["materials"]


def _forms(number: int) -> list[dict]:
    return [_pack().forms[f].model_dump(mode="json") for f in _item(number)["forms"]]


def _material(number: int, material_id: str) -> dict:
    return next(m for m in _materials(number) if m["id"] == material_id)


SCREENSHOT_RULES = date_rules(_material(2, "credit_hunan_screenshot"))


# ---------------------------------------------------------------------------
# 6. 信用湖南 查询时间
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "date,expected",
    [
        (dt.date(2023, 7, 25), QUERY_DATE_TOO_EARLY.format(date=dt.date(2023, 7, 25), issued=ISSUED)),
        (ISSUED, None),
        (dt.date(2023, 7, 27), None),
        (dt.date(2023, 8, 24), None),
        (DEADLINE, None),
        (dt.date(2023, 8, 26), QUERY_DATE_AFTER_DEADLINE.format(date=dt.date(2023, 8, 26), deadline=DEADLINE)),
    ],
)
def test_query_date_lies_between_the_issue_date_and_the_deadline(date, expected):
    """附件2-2-1, 附件2-5: "申报人截止时间前的查询结果网页截图（复印件加盖公章）（注明查询时间，且查询时间不得早于申报通知
    发布日期）". The day before the notice is refused, the issue day and the deadline day are accepted, the
    day after the deadline is refused."""
    assert query_date_error(SCREENSHOT_RULES, date, WINDOW) == expected


@pytest.mark.parametrize(
    "date,expected",
    [
        (dt.date(2023, 8, 9), None),
        (dt.date(2023, 8, 10), None),
        (dt.date(2023, 8, 11), QUERY_DATE_IN_FUTURE.format(date=dt.date(2023, 8, 11), today=dt.date(2023, 8, 10))),
    ],
)
def test_query_date_is_not_in_the_future(date, expected):
    """ "申报人截止时间前的查询结果": a query made before the deadline cannot be dated after today either
    (yesterday and today accepted, tomorrow refused)."""
    window = DateWindow(issued=ISSUED, deadline=DEADLINE, today=dt.date(2023, 8, 10))
    assert query_date_error(SCREENSHOT_RULES, date, window) == expected


@given(st.dates(min_value=dt.date(2023, 1, 1), max_value=dt.date(2024, 12, 31)))
def test_a_query_date_is_accepted_exactly_inside_the_window(date):
    """Property: the date is accepted if and only if issue date ≤ date ≤ min(deadline, today)."""
    today = dt.date(2023, 8, 10)
    window = DateWindow(issued=ISSUED, deadline=DEADLINE, today=today)
    accepted = query_date_error(SCREENSHOT_RULES, date, window) is None
    assert accepted == (ISSUED <= date <= min(DEADLINE, today))


@pytest.mark.parametrize("number,form_id", [(2, "2-2-1"), (5, "2-5")])
def test_query_date_typed_in_the_form_is_checked_at_its_field(number, form_id):
    """ "查询时间不得早于申报通知发布日期": the form's 查询时间 (items 2 and 5) is checked as the upload is."""
    path = f"{form_id}.credit_hunan_query_date"
    for typed, expected in (
        ("2023-07-25", QUERY_DATE_TOO_EARLY.format(date=dt.date(2023, 7, 25), issued=ISSUED)),
        ("2023-07-26", None),
        ("2023-08-25", None),
        ("2023-08-26", QUERY_DATE_AFTER_DEADLINE.format(date=dt.date(2023, 8, 26), deadline=DEADLINE)),
    ):
        answers = {form_id: {"credit_hunan_query_date": typed}}
        errors = field_rule_errors(_materials(number), _forms(number), answers, WINDOW, required=set())
        assert errors.get(path) == expected, typed


def test_form_and_upload_must_give_the_same_query_date():
    """ "注明查询时间": one screenshot has one 查询时间, so the date typed in 附件2-2-1 and the date given with
    the upload must be the same; a blank form field is left to the required check."""
    materials, forms = _materials(2), _forms(2)
    answers = {"2-2-1": {"credit_hunan_query_date": "2023-08-02"}}
    assert query_date_disagreements(materials, forms, answers, [("credit_hunan_screenshot", dt.date(2023, 8, 2))]) == []
    assert query_date_disagreements(materials, forms, answers, [("business_license", None)]) == []
    assert query_date_disagreements(materials, forms, {}, [("credit_hunan_screenshot", dt.date(2023, 8, 1))]) == []
    found = query_date_disagreements(materials, forms, answers, [("credit_hunan_screenshot", dt.date(2023, 8, 1))])
    message = QUERY_DATE_DISAGREES.format(
        label="查询时间",
        typed=dt.date(2023, 8, 2),
        material="“信用湖南”网站查询结果网页截图",
        uploaded="2023年08月01日",
    )
    assert found == [("2-2-1.credit_hunan_query_date", message)]


# ---------------------------------------------------------------------------
# 7. Purchase period
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "number,form_id,field_id",
    [(2, "2-2", "equipment_purchases"), (12, "2-12", "investment_purchases")],
)
@pytest.mark.parametrize(
    "invoice_date,outside",
    [("2021-12-31", True), ("2022-01-01", False), ("2022-12-31", False), ("2023-01-01", True)],
)
def test_purchase_invoices_lie_within_2022(number, form_id, field_id, invoice_date, outside):
    """附件2-2 申报材料4, 附件2-12 一、5: "2022年1月1日至2022年12月31日，采购…清单及…发票". Each row's 开票日期 is
    checked at its cell: the last day of 2021 and the first of 2023 are refused, 1 January and 31 December
    2022 accepted."""
    rows = [{"invoice_date": "2022-06-30"}, {"invoice_date": invoice_date}]
    answers = {form_id: {field_id: rows}}
    errors = field_rule_errors(_materials(number), _forms(number), answers, WINDOW, required=set())
    path = f"{form_id}.{field_id}[1].invoice_date"
    if outside:
        date = dt.date.fromisoformat(invoice_date)
        assert errors == {
            path: OUTSIDE_PERIOD.format(label="开票日期", date=date, year=2022, text="2022年1月1日至2022年12月31日")
        }
    else:
        assert errors == {}


def test_an_empty_purchase_list_is_reported_where_the_table_does_not_require_rows():
    """Item 12's list is typed in 附件2-12, which items 13 and 14 share: the table is optional there, so
    the material rule asks for the rows when the material is required."""
    materials, forms = _materials(12), _forms(12)
    errors = field_rule_errors(materials, forms, {}, WINDOW, required={"investment_evidence"})
    assert errors == {
        "2-12.investment_purchases": PERIOD_LIST_EMPTY.format(
            label="2022年1月1日至2022年12月31日采购软硬件装备清单",
            material=_material(12, "investment_evidence")["name"],
            text="2022年1月1日至2022年12月31日",
        )
    }
    assert field_rule_errors(materials, forms, {}, WINDOW, required=set()) == {}  # a draft being saved
    # Item 2's table is itself required (min_rows 1): the form engine reports it, not twice.
    assert field_rule_errors(_materials(2), _forms(2), {}, WINDOW, required={"equipment_purchase_list"}) == {}


def test_items_13_and_14_are_not_asked_for_a_purchase_list():
    for number in (13, 14):
        assert field_rule_errors(_materials(number), _forms(number), {}, WINDOW, required={"x"}) == {}


# ---------------------------------------------------------------------------
# 8. 第9项 生产许可证
# ---------------------------------------------------------------------------

LICENCE = _material(9, "production_license")
LICENCE_CLAUSE = "医药、食品工业企业须提供所属行业的生产许可证"


@pytest.mark.parametrize(
    "division,required",
    [
        ("13", True),  # 农副食品加工业
        ("14", True),  # 食品制造业
        ("15", True),  # 酒、饮料和精制茶制造业
        ("27", True),  # 医药制造业
        ("17", False),  # 纺织业
        ("24", False),  # 文教、工美、体育和娱乐用品制造业 (轻工)
        ("26", False),  # 化学原料和化学制品制造业: next to 27, not 医药
        ("28", False),  # 化学纤维制造业: next to 27, not 医药
    ],
)
def test_licence_is_required_of_pharmaceutical_and_food_firms_only(division, required):
    """附件2-9 注2: "医药、食品工业企业须提供所属行业的生产许可证"."""
    need = material_need(LICENCE, {"industry_division": division})
    assert (need.required, need.clause, need.undecided) == (required, LICENCE_CLAUSE, False)


def test_an_unknown_sector_does_not_waive_the_licence():
    """ "须提供": while the enterprise's 大类 is unknown the licence is asked for, saying why, so that a
    missing fact never silently waives it; filling in the profile settles it."""
    need = material_need(LICENCE, {})
    assert need.required and need.undecided and need.missing_facts == ("industry_division",)
    label = missing_label(LICENCE, need, {"industry_division": "所属行业大类代码（GB/T 4754-2017）"})
    assert label == REQUIRED_WHEN_UNDECIDED.format(
        name="所属行业的生产许可证", clause=LICENCE_CLAUSE, facts="所属行业大类代码（GB/T 4754-2017）"
    )
    known = material_need(LICENCE, {"industry_division": "14"})
    assert missing_label(LICENCE, known, {}) == REQUIRED_WHEN_APPLIES.format(
        name="所属行业的生产许可证", clause=LICENCE_CLAUSE
    )


def test_materials_without_required_when_keep_their_flag():
    assert material_need(_material(9, "tax_payment_2022"), {}).required is True
    assert material_need(_material(9, "standards_evidence"), {}).required is False
