"""Officials' pages: work list scoping, decisions through the page, batches, methods."""

import pytest
from django.urls import reverse

from applications.models import Application
from review.models import RecommendationBatch
from review.workflow import ApplicationStatus as S

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


def test_worklist_query_count_does_not_grow_with_rows(
    client, submitted, county_industry, django_assert_max_num_queries
):
    client.force_login(county_industry)
    client.get(reverse("review:worklist"))
    # session, user, roles, organisation, jurisdiction, pack + items (filter choices), count, one page of
    # applications with enterprise/jurisdiction/item/pack/profile joined, then the session update.
    with django_assert_max_num_queries(14) as first:
        client.get(reverse("review:worklist"))
    from accounts.tests.factories import EnterpriseFactory

    for number in range(3, 14):  # 11 more submitted applications from other enterprises of the county
        enterprise = EnterpriseFactory(jurisdiction=submitted.enterprise.jurisdiction)
        Application.objects.create(enterprise=enterprise, pack=submitted.pack, item=submitted.pack.items.get(number=number),
                                   forms=[], status=S.SUBMITTED, created_by=submitted.created_by)  # fmt: skip
    with django_assert_max_num_queries(len(first.captured_queries)):
        client.get(reverse("review:worklist"))


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
    assert client.get(reverse("review:batch_sign", args=[batch.pk])).status_code == 405


def test_other_county_cannot_see_the_batch(client, submitted, county_industry, county_finance, other_county):
    from review.tests.test_services import approve_in_county

    approve_in_county(submitted, county_industry, county_finance)
    client.force_login(county_industry)
    client.post(reverse("review:batch_create"), {"applications": [submitted.pk]})
    batch = RecommendationBatch.objects.get()
    client.force_login(other_county)
    assert client.get(reverse("review:batch_detail", args=[batch.pk])).status_code == 404
    assert client.post(reverse("review:batch_sign", args=[batch.pk])).status_code == 404
