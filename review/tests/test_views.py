"""Officials' pages: work list scoping, decisions through the page, batches, methods."""

import pytest
from django.urls import reverse

from applications.models import Application
from applications.workflow import ApplicationStatus as S
from review import services
from review.models import RecommendationBatch, ReviewOpinion
from review.tests.helpers import applications_in_county

pytestmark = pytest.mark.django_db


def test_worklist_shows_own_county_and_masks_mobiles(client, submitted, county_industry, other_county):
    client.force_login(county_industry)
    body = client.get(reverse("review:worklist")).content.decode()
    assert submitted.enterprise.name in body and "139****0000" in body and "13907340000" not in body
    client.force_login(other_county)
    assert submitted.enterprise.name not in client.get(reverse("review:worklist")).content.decode()


def test_worklist_search_filter_and_htmx_partial(client, submitted, county_industry):
    client.force_login(county_industry)
    assert (
        submitted.enterprise.name
        in client.get(reverse("review:worklist"), {"q": submitted.enterprise.profile.uscc}).content.decode()
    )
    assert "没有符合条件的申报" in client.get(reverse("review:worklist"), {"q": "不存在"}).content.decode()
    body = client.get(reverse("review:worklist"), {"item": 2}, headers={"HX-Request": "true"}).content.decode()
    assert body.lstrip().startswith('<div id="worklist-results"') and "<html" not in body


# Work-list pages pin their query count, the same for a few rows and for many (bench/review measures
# them with 50,000 applications). Every page starts with: 1 session, 2 user with its organisation and the
# organisation's jurisdiction (accounts.backends.UserBackend), 3 roles. The session is not
# written: the request before renewed it, and activity renews it at most once a minute (core/passive_session.py).


@pytest.mark.parametrize("count", [1, 12])
def test_worklist_query_count_does_not_grow_with_rows(
    client, stored_pack, county_industry, count, django_assert_num_queries
):
    applications_in_county(stored_pack, count)
    client.force_login(county_industry)
    client.get(reverse("review:worklist"))
    # 4 the current pack (filter choices; its items from the pack's models, kept per process), 5 count (the
    # application's own jurisdiction: no join), 6 unread notifications (header), 7 one page of applications with
    # enterprise, jurisdiction and item joined (no pack, no forms or answers).
    with django_assert_num_queries(7):
        body = client.get(reverse("review:worklist")).content.decode()
    assert f"共 {count} 件" in body


@pytest.mark.parametrize("count", [1, 12])
def test_worklist_search_and_htmx_query_count_does_not_grow(
    client, stored_pack, county_industry, count, django_assert_num_queries
):
    applications_in_county(stored_pack, count)
    client.force_login(county_industry)
    params = {"q": "衡阳测试企业", "item": "2", "status": "submitted", "submitted_from": "2023-07-01",
              "submitted_to": "2023-08-31"}  # fmt: skip
    # As the page, without the jurisdiction of the title (the partial has no title) and without the unread
    # notifications (the partial has no header: the count is read only where the badge is drawn).
    with django_assert_num_queries(9):
        body = client.get(reverse("review:worklist"), params, headers={"HX-Request": "true"}).content.decode()
    assert f"共 {count} 件" in body


@pytest.mark.parametrize("count", [1, 12])
def test_city_worklist_query_count_does_not_grow(client, stored_pack, city_sme, count, django_assert_num_queries):
    applications_in_county(stored_pack, count, status=S.RECOMMENDED)
    client.force_login(city_sme)
    client.get(reverse("review:worklist"))
    # 4 pack (its items from the pack's models), 5 count, 6 unread notifications, 7 jurisdictions (filter
    # choices), 8 one page of applications.
    with django_assert_num_queries(8):
        body = client.get(reverse("review:worklist")).content.decode()
    assert f"共 {count} 件" in body


def test_enterprise_and_auditor_get_404(client, enterprise_user, auditor):
    for user in (enterprise_user, auditor):
        client.force_login(user)
        assert client.get(reverse("review:worklist")).status_code == 404
        assert client.get(reverse("review:batch_list")).status_code == 404


def test_decide_through_the_page(client, submitted, county_industry, county_finance):
    for user in (county_industry, county_finance):
        client.force_login(user)
        response = client.post(reverse("review:decide", args=[submitted.pk]), {"decision": "agree"})
        assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == S.COUNTY_APPROVED


def test_decide_by_another_county_is_404(client, submitted, other_county):
    client.force_login(other_county)
    assert client.post(reverse("review:decide", args=[submitted.pk]), {"decision": "agree"}).status_code == 404
    submitted.refresh_from_db()
    assert submitted.status == S.SUBMITTED


def test_return_without_reason_is_explained(client, submitted, county_industry):
    client.force_login(county_industry)
    response = client.post(reverse("review:decide", args=[submitted.pk]), {"decision": "return"}, follow=True)
    assert "必须填写理由" in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == S.SUBMITTED


def test_bulk_return_writes_one_event_each(client, submitted, county_industry):
    from core.models import AuditEvent

    client.force_login(county_industry)
    before = AuditEvent.objects.count()
    client.post(reverse("review:bulk"), {"decision": "return", "reason": "统一补充材料", "application": [submitted.pk]})
    submitted.refresh_from_db()
    assert submitted.status == S.RETURNED and AuditEvent.objects.count() == before + 1


def test_batch_pages_letter_and_summary(client, submitted, county_industry, county_finance):
    from review.tests.test_services import approve_in_county

    approve_in_county(submitted, county_industry, county_finance)
    client.force_login(county_industry)
    response = client.post(
        reverse("review:batch_create"), {"number": "珠工信联〔2023〕8号", "applications": [submitted.pk]}
    )
    batch = RecommendationBatch.objects.get()
    assert response.status_code == 302
    body = client.get(reverse("review:batch_detail", args=[batch.pk])).content.decode()
    assert "市工信局、市财政局" in body and "附件4 申报汇总表" in body and submitted.enterprise.name in body
    for header in (
        "序号",
        "县市区/园区",
        "企业名称",
        "统一社会信用代码",
        "支持事项",
        "项目名称",
        "申请金额（万元）",
        "县级意见",
    ):
        assert header in body
    assert client.put(reverse("review:batch_sign", args=[batch.pk])).status_code == 405


def test_other_county_cannot_see_the_batch(client, submitted, county_industry, county_finance, other_county):
    from review.tests.test_services import approve_in_county

    approve_in_county(submitted, county_industry, county_finance)
    client.force_login(county_industry)
    client.post(reverse("review:batch_create"), {"applications": [submitted.pk]})
    batch = RecommendationBatch.objects.get()
    client.force_login(other_county)
    assert client.get(reverse("review:batch_detail", args=[batch.pk])).status_code == 404
    assert client.post(reverse("review:batch_sign", args=[batch.pk])).status_code == 404


def test_worklist_dates_are_whole_local_days(client, stored_pack, county_industry):
    import datetime as dt

    from django.utils import timezone

    late, next_day = applications_in_county(stored_pack, 2)
    Application.objects.filter(pk=late.pk).update(submitted_at=timezone.make_aware(dt.datetime(2023, 8, 20, 23, 59)))
    Application.objects.filter(pk=next_day.pk).update(submitted_at=timezone.make_aware(dt.datetime(2023, 8, 21, 0, 0)))
    client.force_login(county_industry)
    body = client.get(reverse("review:worklist"), {"submitted_from": "2023-08-20", "submitted_to": "2023-08-20"})
    assert "共 1 件" in body.content.decode() and late.project_name in body.content.decode()
    body = client.get(reverse("review:worklist"), {"submitted_from": "2023-08-21"}).content.decode()
    assert "共 1 件" in body and next_day.project_name in body


@pytest.mark.parametrize("count", [1, 12])
def test_bulk_query_count_does_not_grow(client, stored_pack, county_industry, count, django_assert_num_queries):
    applications = applications_in_county(stored_pack, count)
    client.force_login(county_industry)
    data = {"decision": "return", "reason": "统一补充材料", "application": [a.pk for a in applications]}
    # 1 session, 2 user (with its organisation), 3 roles, 4 the chosen keys (visible to the reviewer), then the
    # service: 5 savepoint, 6 applications (locked), 7 their opinions, 8 opinions (one INSERT), 9 the
    # applications (one UPDATE), 10-12 audit events (the chain head locked, one INSERT, the head moved:
    # core.audit_chain), county_start and county_return told (13-16, 17-20: savepoint, members, INSERT,
    # release), 21 release; 22-24 session save (messages).
    with django_assert_num_queries(24):
        response = client.post(reverse("review:bulk"), data)
    assert response.status_code == 302
    assert set(Application.objects.filter(pk__in=data["application"]).values_list("status", flat=True)) == {S.RETURNED}


def test_bulk_reports_each_refusal_and_does_the_rest(client, stored_pack, county_industry):
    moved, finished = applications_in_county(stored_pack, 2)
    Application.objects.filter(pk=finished.pk).update(status=S.COUNTY_REJECTED)
    client.force_login(county_industry)
    response = client.post(reverse("review:bulk"), {"decision": "agree", "application": [moved.pk, finished.pk]},
                           follow=True)  # fmt: skip
    body = response.content.decode()
    assert "已处理 1 件。" in body and "当前状态为“县级不予推荐”，不能提出县级审核意见。" in body


def test_bulk_wrong_method_and_forbidden_persona(client, city_section):
    client.force_login(city_section)
    assert client.post(reverse("review:bulk"), {"decision": "agree"}).status_code == 404
    assert client.get(reverse("review:bulk")).status_code == 405


@pytest.mark.parametrize("count", [1, 12])
def test_batch_list_query_count_does_not_grow(client, stored_pack, county_industry, count, django_assert_num_queries):
    for _ in range(count):  # one letter each, and as many approved applications left to choose from
        services.batch_create(
            actor=county_industry, applications=applications_in_county(stored_pack, 1, status=S.COUNTY_APPROVED)
        )
    applications_in_county(stored_pack, count, status=S.COUNTY_APPROVED)
    client.force_login(county_industry)
    client.get(reverse("review:batch_list"))
    # 4 unread notifications, 5 batches with jurisdiction and signatories, 6 the approved applications to
    # choose from (with enterprise and item, no forms).
    with django_assert_num_queries(6):
        body = client.get(reverse("review:batch_list")).content.decode()
    assert body.count('name="applications"') == count


@pytest.mark.parametrize("count", [1, 12])
def test_batch_detail_query_count_does_not_grow(client, stored_pack, county_industry, count, django_assert_num_queries):
    applications = applications_in_county(stored_pack, count, status=S.COUNTY_APPROVED)
    for application in applications:
        ReviewOpinion.objects.create(application=application, stage="county", department="finance",
                                     reviewer=county_industry, reviewer_name="县级", decision="agree")  # fmt: skip
    batch = services.batch_create(actor=county_industry, applications=applications)
    client.force_login(county_industry)
    url = reverse("review:batch_detail", args=[batch.pk])
    client.get(url)
    # 4 the batch with jurisdiction, pack (not its JSON) and signatories, 5 the rows with enterprise,
    # jurisdiction, profile, item and the latest county opinion (a subquery, not a query per row), 6 unread
    # notifications.
    with django_assert_num_queries(6):
        body = client.get(url).content.decode()
    assert body.count("<td>财政部门：同意</td>") == count


@pytest.mark.parametrize("opinions", [1, 6])
def test_application_page_for_an_official_query_count_does_not_grow(
    client, submitted, county_industry, county_finance, opinions, django_assert_num_queries
):
    for n in range(opinions):  # rounds of return and resubmission leave opinions and timeline entries
        ReviewOpinion.objects.create(application=submitted, round=n + 1, stage="county", department="finance",
                                     reviewer=county_finance, reviewer_name="财政", decision="return", reason=f"第{n}次")  # fmt: skip
    client.force_login(county_industry)
    url = reverse("applications:edit", args=[submitted.pk])
    client.get(url)
    # 4 the application, 5 attachments, 6 timeline (audit events with organisation), 7 deadline windows,
    # the opinions (review panel; no award entry before 公示), the 绩效目标表, read once for the
    # line next to the state, the hint above the opinion form and the 绩效目标审核 block (none here, so its
    # indicators and reviews are not read), unread notifications; and the official's read is audited (issue 16
    # §2): the chain head locked, the event, the head moved (core.audit_chain).
    with django_assert_num_queries(13):
        body = client.get(url).content.decode()
    assert body.count("（第") >= opinions


def test_worklist_counts_without_the_joins_of_its_columns(client, stored_pack, county_industry):
    """The rows read the enterprise's, the jurisdiction's and the item's names; the total (共 N 件) counts the same
    filter with only the joins the filter needs (core.pagination.CountedPaginator)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    applications_in_county(stored_pack, 3)
    client.force_login(county_industry)
    with CaptureQueriesContext(connection) as queries:
        body = client.get(reverse("review:worklist")).content.decode()
    assert "共 3 件" in body
    counts = [
        q["sql"]
        for q in queries.captured_queries
        if 'COUNT(*) AS "__count" FROM "applications_application"' in q["sql"]
    ]
    assert len(counts) == 1
    assert '"policies_supportitem"' not in counts[0] and '"accounts_jurisdiction"' not in counts[0]
    # The county's filter is the application's own jurisdiction: no join with the enterprises at all.
    assert '"accounts_organisation"' not in counts[0]
    assert '"applications_application"."jurisdiction_id"' in counts[0]
