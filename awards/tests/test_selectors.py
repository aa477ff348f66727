"""Reads: the enterprise's view of its award, list totals, public rows, candidates."""

from decimal import Decimal

import pytest

from applications.models import Application
from awards import selectors, services
from awards.tests.helpers import AFTER_PERIOD, ENDS_ON, STARTS_ON, objection_in

pytestmark = pytest.mark.django_db


def test_no_award_shown_before_the_list_is_publicised(cosigned_list, approved_applications):
    assert selectors.award_for_application(approved_applications[0]) is None


def test_award_while_publicised(notice, approved_applications):
    info = selectors.award_for_application(approved_applications[0])
    assert info.state == "publicised" and info.amount == Decimal("50.00")
    assert (info.notice_id, info.starts_on, info.ends_on) == (notice.pk, STARTS_ON, ENDS_ON)
    assert info.label == "已列入奖补名单，正在公示"


def test_award_after_finalisation_awarded_and_excluded(city_sme, notice, approved_applications):
    entry = notice.award_list.entries.get(application=approved_applications[0])
    objection = objection_in(notice, day=STARTS_ON, entry=entry)
    services.objection_resolve(actor=city_sme, objection=objection, upheld=True, resolution="不符合条件。")
    services.award_list_finalise(actor=city_sme, award_list=notice.award_list, today=AFTER_PERIOD)
    excluded = selectors.award_for_application(approved_applications[0])
    assert excluded.state == "excluded" and excluded.amount is None and excluded.label == "公示期间异议成立，不予奖补"
    assert excluded.amount_text == ""
    awarded = selectors.award_for_application(approved_applications[1])
    assert awarded.state == "awarded" and awarded.amount == Decimal("30.00")
    assert awarded.amount_text == "30.00 万元（大写：人民币叁拾万元整）"


def test_an_upheld_objection_shows_as_excluded_before_finalisation(city_sme, notice, approved_applications):
    entry = notice.award_list.entries.get(application=approved_applications[0])
    objection = objection_in(notice, day=STARTS_ON, entry=entry)
    services.objection_resolve(actor=city_sme, objection=objection, upheld=True, resolution="不符合条件。")
    assert selectors.award_for_application(approved_applications[0]).state == "excluded"
    assert selectors.award_for_application(approved_applications[1]).state == "publicised"


def test_summary_leaves_excluded_entries_out_of_the_totals(city_sme, notice, approved_applications):
    entry = notice.award_list.entries.get(application=approved_applications[0])
    objection = objection_in(notice, day=STARTS_ON, entry=entry)
    services.objection_resolve(actor=city_sme, objection=objection, upheld=True, resolution="不符合条件。")
    summary = selectors.award_list_summary(notice.award_list)  # excluded as soon as the objection is upheld
    assert (summary.count, summary.total) == (2, Decimal("50.00"))
    services.award_list_finalise(actor=city_sme, award_list=notice.award_list, today=AFTER_PERIOD)
    summary = selectors.award_list_summary(notice.award_list)
    assert (summary.count, summary.total) == (2, Decimal("50.00"))
    assert [(s.number, s.count, s.amount) for s in summary.subtotals] == [
        (2, 1, Decimal("20.00")),
        (5, 1, Decimal("30.00")),
    ]


def test_public_rows_carry_no_person(notice):
    rows = selectors.public_notice_rows(notice)
    assert [(r.item_number, r.amount) for r in rows] == [
        (2, Decimal("50.00")),
        (2, Decimal("20.00")),
        (5, Decimal("30.00")),
    ]
    assert set(rows[0].__dataclass_fields__) == {"entry_id", "enterprise_name", "item_number", "item_name", "amount"}


def test_packs_with_candidates_counts_ready_and_left_out(stored_pack, approved_applications):
    Application.objects.filter(pk=approved_applications[2].pk).update(proposed_amount=None)
    [row] = selectors.packs_with_candidates()
    assert (row.pack, row.ready, row.without_amount) == (stored_pack, 2, 1)
