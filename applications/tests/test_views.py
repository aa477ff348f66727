"""Application pages: the enterprise's journey, isolation between enterprises and counties, file serving."""

import pytest
from django.urls import reverse
from django.utils import timezone

from applications import services
from applications.models import Application, Attachment
from applications.tests.factories import ApplicationFactory
from applications.tests.helpers import pdf_upload
from enterprises.tests.factories import make_profile

pytestmark = pytest.mark.django_db


def complete_draft(pack, actor, number):
    return ApplicationFactory(enterprise=actor.organisation, pack=pack, number=number, complete=True)


@pytest.fixture
def draft(stored_pack, profile, enterprise_admin, open_window):
    return services.application_create(actor=enterprise_admin, enterprise=enterprise_admin.organisation,
                                       item=stored_pack.items.get(number=2))  # fmt: skip


def test_start_shows_verdict_then_creates(client, stored_pack, profile, enterprise_admin, open_window):
    client.force_login(enterprise_admin)
    body = client.get(reverse("applications:start", args=[2])).content.decode()
    assert "资格预判" in body and "需佐证" in body
    response = client.post(reverse("applications:start", args=[2]))
    assert response.status_code == 302
    assert Application.objects.get().item.number == 2


def test_start_item_1_requires_a_subtype(client, stored_pack, profile, enterprise_admin, open_window):
    client.force_login(enterprise_admin)
    response = client.post(reverse("applications:start", args=[1]))
    assert "请选择申报类型" in response.content.decode() and not Application.objects.exists()


def test_edit_page_renders_forms_materials_commitment_and_completeness(client, draft, enterprise_admin):
    client.force_login(enterprise_admin)
    body = client.get(reverse("applications:edit", args=[draft.pk])).content.decode()
    for text in ("衡阳市企业智能制造装备贴息项目申报书", "绩效目标表", "申报材料", "营业执照", "真实性承诺书",
                 "我单位承诺：此次申报衡阳市企业智能制造装备贴息项目", "提交前还需完成"):  # fmt: skip
        assert text in body, text


def test_autosave_returns_the_status_partial_and_bumps_the_version(client, draft, enterprise_admin):
    client.force_login(enterprise_admin)
    response = client.post(reverse("applications:save", args=[draft.pk]),
                           {"version": draft.version, "f-2-2__project_name": "智能产线"}, headers={"HX-Request": "true"})  # fmt: skip
    body = response.content.decode()
    assert body.strip().startswith('<span id="save-status"') and "已自动保存" in body
    draft.refresh_from_db()
    assert draft.version == 2 and draft.answers["2-2"]["project_name"] == "智能产线"


def test_second_tab_with_a_stale_version_is_refused_not_overwritten(client, draft, enterprise_admin):
    client.force_login(enterprise_admin)
    url = reverse("applications:save", args=[draft.pk])
    client.post(url, {"version": 1, "f-2-2__project_name": "第一个窗口"}, headers={"HX-Request": "true"})
    response = client.post(url, {"version": 1, "f-2-2__project_name": "第二个窗口"}, headers={"HX-Request": "true"})
    assert "其他窗口或由其他经办人保存过" in response.content.decode()
    draft.refresh_from_db()
    assert draft.answers["2-2"]["project_name"] == "第一个窗口"


def test_invalid_value_is_kept_and_explained(client, draft, enterprise_admin):
    client.force_login(enterprise_admin)
    response = client.post(reverse("applications:save", args=[draft.pk]),
                           {"version": draft.version, "f-2-2__operating_revenue_2022": "两万"})  # fmt: skip
    body = response.content.decode()
    assert "请输入数字" in body and 'value="两万"' in body
    draft.refresh_from_db()
    assert draft.answers["2-2"]["_raw"]


def test_expired_session_autosave_says_so(client, draft):
    response = client.post(
        reverse("applications:save", args=[draft.pk]), {"version": 1}, headers={"HX-Request": "true"}
    )
    assert "登录已过期" in response.content.decode()


def test_upload_refuses_a_disguised_file_next_to_the_slot(client, draft, enterprise_admin):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(enterprise_admin)
    fake = SimpleUploadedFile("执照.pdf", b"<!DOCTYPE html><html><body>x</body></html>", content_type="application/pdf")
    response = client.post(
        reverse("applications:upload", args=[draft.pk]), {"material_id": "business_license", "file": fake}
    )
    assert response.status_code == 400 and "网页" in response.content.decode()
    assert not Attachment.objects.exists()


def test_files_are_served_only_through_the_permission_check(
    client, draft, enterprise_admin, enterprise_user, county_industry
):
    client.force_login(enterprise_admin)
    client.post(
        reverse("applications:upload", args=[draft.pk]), {"material_id": "business_license", "file": pdf_upload()}
    )
    attachment = Attachment.objects.get()
    url = reverse("applications:attachment_download", args=[attachment.pk])
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    assert b"%PDF" in b"".join(response.streaming_content)
    client.force_login(enterprise_user)  # another enterprise
    assert client.get(url).status_code == 404
    client.force_login(county_industry)  # drafts are not visible to the county
    assert client.get(url).status_code == 404
    assert not attachment.file.url.startswith("/static")


def test_other_enterprise_and_other_county_get_404(client, submitted, enterprise_user, other_county, county_industry):
    application = submitted
    url = reverse("applications:edit", args=[application.pk])
    for outsider in (enterprise_user, other_county):
        client.force_login(outsider)
        assert client.get(url).status_code == 404
        assert client.post(reverse("applications:withdraw", args=[application.pk])).status_code == 404
    client.force_login(county_industry)
    body = client.get(url).content.decode()
    assert "智能产线改造" in body and "保存草稿" not in body  # read-only for the county


def test_my_applications_lists_status_and_next_step(client, submitted, enterprise_admin):
    application = submitted
    client.force_login(enterprise_admin)
    body = client.get(reverse("applications:mine")).content.decode()
    assert "已提交，等待县级审核" in body and application.receipt_number in body and "县市区/园区工信、财政部门" in body


def test_my_applications_show_the_dates_of_the_next_step(client, draft, stored_pack, enterprise_admin):
    """A draft says by when to submit (the window the city reopened for 30 days) and how many working days
    are left; a submitted one its submission time (issue 19 §2)."""
    import datetime as dt

    from core.workdays import working_days_left

    submitted = ApplicationFactory(enterprise=enterprise_admin.organisation, pack=stored_pack, number=4, submitted=True)
    client.force_login(enterprise_admin)
    body = client.get(reverse("applications:mine")).content.decode()
    closes_on = dt.date.today() + dt.timedelta(days=30)  # as open_window sets it
    left = working_days_left(timezone.localdate(), closes_on)
    assert f"请于 {closes_on.year}年{closes_on.month}月{closes_on.day}日 前提交（还剩 {left} 个工作日）" in body
    assert timezone.localtime(submitted.submitted_at).strftime("%Y-%m-%d %H:%M") in body
    assert body.count("请于 ") == 1  # the submitted one has no deadline left to meet


def test_refused_submission_quotes_the_rule(client, stored_pack, profile, enterprise_admin, open_window):
    client.force_login(enterprise_admin)
    second = complete_draft(stored_pack, enterprise_admin, 12)  # started before item 2 was submitted
    ApplicationFactory(enterprise=enterprise_admin.organisation, pack=stored_pack, number=2, submitted=True)
    response = client.post(reverse("applications:submit", args=[second.pk]))
    assert response.status_code == 400
    body = response.content.decode()
    assert "同一法人企业不能同时申报智能制造装备贴息和“三化”改造项目" in body
    assert 'data-focus-target="submit-errors"' in body and 'id="submit-errors"' in body  # opens at the reason


def test_wrong_methods(client, draft, enterprise_admin):
    client.force_login(enterprise_admin)
    assert client.get(reverse("applications:submit", args=[draft.pk])).status_code == 405
    assert client.get(reverse("applications:save", args=[draft.pk])).status_code == 405
    assert client.post(reverse("applications:mine")).status_code == 405


def test_pending_enterprise_can_draft_but_not_submit(client, stored_pack, enterprise_user, open_window):
    make_profile(enterprise=enterprise_user.organisation, confirmed=False)
    client.force_login(enterprise_user)
    body = client.get(reverse("applications:mine")).content.decode()
    assert "等待" in body and "确认" in body


def test_changed_prefilled_answer_offers_to_update_the_profile(client, draft, enterprise_admin, profile):
    client.force_login(enterprise_admin)
    client.post(reverse("applications:save", args=[draft.pk]),
                {"version": draft.version, "f-2-2__address": "衡阳市新地址 9 号", "f-2-2__operating_revenue_2022": "26000"})  # fmt: skip
    body = client.get(reverse("applications:edit", args=[draft.pk])).content.decode()
    assert "是否同时更新企业档案" in body and "衡阳市新地址 9 号" in body
    response = client.post(
        reverse("applications:sync_profile", args=[draft.pk]), {"key": ["address", "operating_revenue_2022"]}
    )
    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.data["address"] == "衡阳市新地址 9 号" and profile.data["operating_revenue_2022"] == "26000"
    assert profile.version == 2 and "address" in profile.revisions.get(version=2).changed_keys
    body = client.get(reverse("applications:edit", args=[draft.pk])).content.decode()
    assert "是否同时更新企业档案" not in body


def test_a_synced_name_waits_for_the_county_and_the_message_says_so(client, draft, enterprise_admin, profile):
    """Issue 16 §5: the name does not change at once, so the sync does not say it did."""
    client.force_login(enterprise_admin)
    client.post(reverse("applications:save", args=[draft.pk]),
                {"version": draft.version, "f-2-2__enterprise_name": "衡阳新名称智能装备有限公司",
                 "f-2-2__address": "衡阳市新地址 9 号"})  # fmt: skip
    response = client.post(
        reverse("applications:sync_profile", args=[draft.pk]), {"key": ["enterprise_name", "address"]}, follow=True
    )
    body = response.content.decode()
    assert "已将 1 项修改同步到企业档案。企业名称的变更已提交县区工信部门确认，确认前仍使用原名称。" in body
    profile.refresh_from_db()
    assert profile.pending_name == "衡阳新名称智能装备有限公司" and profile.data["address"] == "衡阳市新地址 9 号"
    assert profile.organisation.name != "衡阳新名称智能装备有限公司"


def test_returned_application_shows_comments_beside_the_fields(client, submitted, enterprise_admin, county_industry):
    from review.models import ReviewOpinion

    application = submitted
    Application.objects.filter(pk=application.pk).update(status="returned")
    ReviewOpinion.objects.create(application=application, stage="county", department="industry", reviewer=county_industry,
                                 reviewer_name="珠晖区工信审核员", decision="return", reason="请补充贷款合同信息",
                                 field_comments={"2-2.annual_interest_rate": "年利率与贷款合同不一致"})  # fmt: skip
    client.force_login(enterprise_admin)
    body = client.get(reverse("applications:edit", args=[application.pk])).content.decode()
    assert "请补充贷款合同信息" in body
    i = body.index('id="f-2-2__annual_interest_rate"')
    assert "年利率与贷款合同不一致" in body[i - 1500 : i + 1500]
    assert "保存草稿" in body  # editable again


def test_my_applications_query_count_does_not_grow_with_rows(client, stored_pack, profile, enterprise_admin):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(enterprise_admin)
    complete_draft(stored_pack, enterprise_admin, 2)
    client.get(reverse("applications:mine"))  # the session's first request renews it (core/passive_session.py)
    with CaptureQueriesContext(connection) as one:
        assert client.get(reverse("applications:mine")).status_code == 200
    for number in (4, 7, 12):
        complete_draft(stored_pack, enterprise_admin, number)
    with CaptureQueriesContext(connection) as four:
        body = client.get(reverse("applications:mine")).content.decode()
    assert body.count("/applications/") >= 4
    assert len(four) == len(one)
    assert not any('"forms"' in q["sql"] and "applications_application" in q["sql"] for q in four.captured_queries)


def test_commitment_text_is_the_subtypes_own_when_it_has_one(stored_pack, profile, enterprise_admin):
    from applications.selectors import commitment_text

    application = complete_draft(stored_pack, enterprise_admin, 2)
    item_text = application.item.data["commitment"]
    assert commitment_text(application) == item_text
    application.item.data = {
        **application.item.data,
        "subtypes": [{"code": "own", "name": "自有承诺", "commitment": "本类型的承诺书"}],
    }
    application.subtype_code = "own"
    assert commitment_text(application) == "本类型的承诺书"
    application.subtype_code = "other"
    assert commitment_text(application) == item_text


def test_the_next_dates_read_the_deadline_windows_only(
    stored_pack, profile, enterprise_admin, django_assert_num_queries
):
    """The list's applications come with their pack: the drafts' deadline is one query (the windows), not two."""
    from django.utils import timezone

    from applications.selectors import applications_of_enterprise, next_dates_of

    draft = complete_draft(stored_pack, enterprise_admin, 2)
    enterprise = enterprise_admin.organisation
    assert enterprise.jurisdiction  # the view's organisation comes with its jurisdiction
    today = timezone.localdate()
    next_dates_of(applications=[draft], enterprise=enterprise, today=today)  # the pack's text, cached once
    applications = applications_of_enterprise(enterprise=enterprise)
    with django_assert_num_queries(1):
        dates = next_dates_of(applications=applications, enterprise=enterprise, today=today)
    assert list(dates) == [draft.pk]


def test_my_applications_moved_together_are_listed_in_the_order_they_were_made(
    client, stored_pack, profile, enterprise_admin
):
    from django.utils import timezone

    from applications.models import Application

    first, second = (complete_draft(stored_pack, enterprise_admin, number) for number in (2, 4))
    Application.objects.filter(pk__in=[first.pk, second.pk]).update(updated_at=timezone.now())  # as a bulk step does
    client.force_login(enterprise_admin)
    body = client.get(reverse("applications:mine")).content.decode()
    assert body.index(f'href="/applications/{first.pk}/"') < body.index(f'href="/applications/{second.pk}/"')
    # SQLite returns ties in the order of its plan, which a join can change (bench/page_cpu's list did): the order
    # is the query's, not the plan's.
    from applications.selectors import APPLICATIONS_OF_ENTERPRISE

    assert APPLICATIONS_OF_ENTERPRISE.template().query.order_by == ("-updated_at", "pk")
