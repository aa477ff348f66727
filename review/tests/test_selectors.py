"""Reads for officials: the work list's filters and the 附件4 rows of a batch."""

import datetime as dt

import pytest
from django.utils import timezone

from applications.models import Application
from applications.workflow import ApplicationStatus as S
from core.fields import thaw
from review import selectors, services
from review.models import ReviewOpinion
from review.tests.helpers import applications_in_county

pytestmark = pytest.mark.django_db


def _pks(queryset):
    return {a.pk for a in queryset}


def test_search_by_enterprise_name_or_uscc(stored_pack, profile, county_industry, submitted):
    others = applications_in_county(stored_pack, 2)
    by_name = selectors.worklist(user=county_industry, filters={"q": submitted.enterprise.name[2:8]})
    assert submitted.pk in _pks(by_name)
    by_uscc = selectors.worklist(user=county_industry, filters={"q": f" {profile.uscc.lower()} "})
    assert _pks(by_uscc) == {submitted.pk}
    assert _pks(selectors.worklist(user=county_industry, filters={"q": others[0].enterprise.name})) == {others[0].pk}


def test_the_search_stays_within_what_the_official_may_see(stored_pack, county_industry, other_county):
    [application] = applications_in_county(stored_pack, 1)
    name = application.enterprise.name
    assert _pks(selectors.worklist(user=other_county, filters={"q": name})) == set()
    assert _pks(selectors.worklist(user=county_industry, filters={"q": name})) == {application.pk}


def test_submission_dates_are_local_days_inclusive(stored_pack, county_industry):
    first, last, after = applications_in_county(stored_pack, 3)
    for application, moment in ((first, dt.datetime(2023, 8, 1, 0, 0)), (last, dt.datetime(2023, 8, 2, 23, 59, 59)),
                                (after, dt.datetime(2023, 8, 3, 0, 0))):  # fmt: skip
        Application.objects.filter(pk=application.pk).update(submitted_at=timezone.make_aware(moment))
    filters = {"submitted_from": dt.date(2023, 8, 1), "submitted_to": dt.date(2023, 8, 2)}
    assert _pks(selectors.worklist(user=county_industry, filters=filters)) == {first.pk, last.pk}


def test_rows_read_only_the_columns_the_list_shows(stored_pack, county_industry, django_assert_num_queries):
    applications_in_county(stored_pack, 3)
    list(selectors.worklist(user=county_industry, filters={}))  # the reviewer's roles and organisation, cached
    with django_assert_num_queries(1):
        rows = list(selectors.worklist(user=county_industry, filters={}))
        shown = [  # what the page shows (review/worklist.html), every column of it read by the one query
            (row.pk, row.enterprise.name, str(row.jurisdiction), row.item.number, row.item.name,
             row.subtype_name, row.project_name, row.requested_amount, row.get_status_display(), row.submitted_at,
             row.contact_name, row.contact_phone)
            for row in rows
        ]  # fmt: skip
    assert len(shown) == 3
    large = {"forms", "answers", "eligibility_snapshot", "receipt_number", "commitment_signer"}
    assert all(large <= row.get_deferred_fields() for row in rows)
    assert all("data" in row.item.get_deferred_fields() for row in rows)
    assert all("kind" in row.enterprise.get_deferred_fields() for row in rows)


def test_summary_rows_show_the_latest_county_opinion_with_one_query(
    stored_pack, county_industry, county_finance, django_assert_num_queries
):
    returned_then_agreed, agreed = applications_in_county(stored_pack, 2, status=S.COUNTY_APPROVED)
    for application, decisions in ((returned_then_agreed, ["return", "agree"]), (agreed, ["agree"])):
        for decision in decisions:
            ReviewOpinion.objects.create(application=application, stage="county", department="finance",
                                         reviewer=county_finance, reviewer_name="财政", decision=decision)  # fmt: skip
    batch = services.batch_create(actor=county_industry, applications=[returned_then_agreed, agreed])
    with django_assert_num_queries(1):
        rows = selectors.batch_summary_rows(batch)
    # Each department's latest opinion of the latest round (the same column as the Excel 附件4).
    assert [(r.enterprise_name, r.county_opinion) for r in rows] == [
        (returned_then_agreed.enterprise.name, "财政部门：同意"), (agreed.enterprise.name, "财政部门：同意"),
    ]  # fmt: skip
    totals = selectors.summary_totals(rows)
    assert totals.count == 2
    assert totals.requested_amount is None and all(r.requested_amount is None for r in rows)  # none given: blank


def test_the_recommendation_deadline_is_worded_from_the_packs_date(stored_pack, county_industry):
    jurisdiction = county_industry.organisation.jurisdiction
    assert selectors.recommendation_deadline(pack=stored_pack, jurisdiction=jurisdiction) == (
        dt.date(2023, 8, 25),
        "衡市工信〔2023〕51号：请于8月25日前报送",
    )
    data = thaw(stored_pack.data)
    data["pack"]["notice"]["deadline"] = "2024-09-06"  # another year's notice, in memory only
    stored_pack.data = data
    assert selectors.recommendation_deadline(pack=stored_pack, jurisdiction=jurisdiction)[1].endswith(
        "请于9月6日前报送"
    )


def test_page_rows_are_the_applications_columns_in_one_query(stored_pack, county_industry, django_assert_num_queries):
    applications_in_county(stored_pack, 3)
    applications = list(selectors.worklist(user=county_industry, filters={}))
    with django_assert_num_queries(1):
        rows = list(selectors.worklist_rows(selectors.worklist(user=county_industry, filters={})))
    assert [row.pk for row in rows] == [a.pk for a in applications]  # the same order
    for row, a in zip(rows, applications):
        assert (row.enterprise__name, row.jurisdiction__name, row.item__number, row.item__name) == (
            a.enterprise.name, a.enterprise.jurisdiction.name, a.item.number, a.item.name,
        )  # fmt: skip
        assert (row.subtype_name, row.project_name, row.requested_amount, row.status, row.submitted_at) == (
            a.subtype_name, a.project_name, a.requested_amount, a.status, a.submitted_at,
        )  # fmt: skip
        assert (row.contact_name, row.contact_phone) == (a.contact_name, a.contact_phone)  # decrypted
