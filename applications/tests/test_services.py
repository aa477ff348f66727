"""Application services: every submission rule of the notice, each rejection leaving nothing written."""

import copy
import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from applications import completeness, services
from applications.models import Application, ApplicationRevision, Attachment, SubmissionWindow
from applications.tests.helpers import AFTER_DEADLINE, IN_WINDOW, complete, item, new_complete, pdf_upload
from applications.workflow import ApplicationStatus
from core.models import AuditEvent
from enterprises.choices import ConfirmationStatus
from policies.formengine.paths import path_to_anchor

pytestmark = pytest.mark.django_db


def _state():
    return (
        list(Application.objects.order_by("pk").values_list("pk", "status", "version", "receipt_number")),
        ApplicationRevision.objects.count(),
        AuditEvent.objects.count(),
    )


def _create(pack, user, number, subtype=""):
    return services.application_create(
        actor=user, enterprise=user.organisation, item=item(pack, number), subtype_code=subtype, now=IN_WINDOW
    )


def test_create_freezes_forms_and_prefills_from_profile(stored_pack, profile, enterprise_admin):
    application = _create(stored_pack, enterprise_admin, 2)
    assert [f["id"] for f in application.forms] == ["2-2", "2-2-1", "3"]
    assert application.answers["2-2"]["enterprise_name"] == enterprise_admin.organisation.name
    assert application.answers["2-2"]["legal_representative"] == "赵法人"


def test_profile_choices_prefill_as_their_labels(stored_pack, profile, enterprise_admin):
    profile.data["enterprise_nature"] = {"value": "private", "other": ""}
    profile.save()
    application = _create(stored_pack, enterprise_admin, 2)
    assert application.answers["2-2"]["enterprise_nature"] == "民营"
    assert application.revisions.count() == 1
    assert AuditEvent.objects.filter(verb="application_created").count() == 1


def test_frozen_forms_do_not_follow_a_new_pack_version(stored_pack, profile, enterprise_admin):
    application = _create(stored_pack, enterprise_admin, 2)
    stored_pack.data = copy.deepcopy(stored_pack.data)  # the stored value is shared and read-only (core.fields)
    stored_pack.data["forms"]["2-2"]["title"] = "changed"  # not saved: a published pack is immutable anyway
    application.refresh_from_db()
    assert application.forms[0]["title"] == "衡阳市企业智能制造装备贴息项目申报书"
    assert application.pack == stored_pack


def test_one_application_per_item(stored_pack, profile, enterprise_admin):
    _create(stored_pack, enterprise_admin, 2)
    before = _state()
    with pytest.raises(ValidationError) as excinfo:
        _create(stored_pack, enterprise_admin, 2)
    assert "已有" in excinfo.value.messages[0]
    assert _state() == before


def test_subtype_is_required_where_the_item_has_them(stored_pack, profile, enterprise_admin):
    with pytest.raises(ValidationError) as excinfo:
        _create(stored_pack, enterprise_admin, 1)
    assert excinfo.value.message_dict["subtype_code"] == [services.SUBTYPE_REQUIRED]
    application = _create(stored_pack, enterprise_admin, 1, "city_benchmark_workshop")
    assert application.subtype_name == "培育市级智能制造标杆车间"


def test_only_the_enterprise_creates(stored_pack, profile, county_industry, enterprise_admin):
    with pytest.raises(PermissionDenied):
        services.application_create(actor=county_industry, enterprise=enterprise_admin.organisation,
                                    item=item(stored_pack, 2), now=IN_WINDOW)  # fmt: skip


def test_save_refuses_a_stale_version_and_keeps_the_stored_draft(stored_pack, profile, enterprise_admin):
    application = _create(stored_pack, enterprise_admin, 2)
    services.application_save(actor=enterprise_admin, application=application, answers={"2-2": {"project_name": "A"}},
                              summary={}, expected_version=1)  # fmt: skip
    before = _state()
    with pytest.raises(ValidationError) as excinfo:
        services.application_save(actor=enterprise_admin, application=application,
                                  answers={"2-2": {"project_name": "B"}}, summary={}, expected_version=1)  # fmt: skip
    assert "第 2 版" in excinfo.value.messages[0] and "第 1 版" in excinfo.value.messages[0]
    assert _state() == before
    application.refresh_from_db()
    assert application.answers["2-2"]["project_name"] == "A"


def test_submit_happy_path_issues_a_receipt(stored_pack, profile, enterprise_admin):
    application = new_complete(stored_pack, enterprise_admin, 2)
    assert completeness.completeness_report(application) == []
    application = services.application_submit(actor=enterprise_admin, application=application, now=IN_WINDOW)
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.receipt_number == "HY2023-430405-02-00001"
    assert application.submitted_at == IN_WINDOW
    assert application.eligibility_snapshot["status"] == "needs_evidence"
    assert application.revisions.filter(kind="submit").count() == 1
    assert AuditEvent.objects.filter(verb="application_submitted").count() == 1


def test_submit_reads_the_windows_once_and_never_the_packs_text(stored_pack, profile, enterprise_admin):
    """The window check and the completeness check's date rules share one read of the windows."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from policies.models import PolicyPack
    from policies.selectors import pack_data_attach

    application = new_complete(stored_pack, enterprise_admin, 2)
    pack_data_attach(PolicyPack.objects.defer("data").get(pk=application.pack_id))  # as any earlier page leaves it
    with CaptureQueriesContext(connection) as queries:
        application = services.application_submit(actor=enterprise_admin, application=application, now=IN_WINDOW)
    assert application.status == ApplicationStatus.SUBMITTED
    windows = [q for q in queries.captured_queries if 'FROM "applications_submissionwindow"' in q["sql"]]
    assert len(windows) == 1
    # Nor is the pack's text (about 750 KB of JSON) read at all, whole row or deferred field: not for the
    # application's pack, nor for its item's (the notice's exclusions and project limit): the process's cache has it.
    sql = [q["sql"] for q in queries.captured_queries]
    assert not [s for s in sql if '"policies_policypack"."data"' in s]


def test_submit_refuses_an_incomplete_application(stored_pack, profile, enterprise_admin):
    application = _create(stored_pack, enterprise_admin, 2)
    report = completeness.completeness_report(application)
    kinds = {c.kind for c in report}
    assert {"summary", "field", "material", "commitment"} <= kinds
    before = _state()
    with pytest.raises(ValidationError) as excinfo:
        services.application_submit(actor=enterprise_admin, application=application, now=IN_WINDOW)
    assert excinfo.value.messages[0] == services.INCOMPLETE.format(count=len(report))
    assert _state() == before


def test_submit_refuses_before_the_county_confirms(stored_pack, profile, enterprise_admin):
    application = new_complete(stored_pack, enterprise_admin, 2)
    profile.status = ConfirmationStatus.PENDING
    profile.save()
    before = _state()
    with pytest.raises(ValidationError) as excinfo:
        services.application_submit(actor=enterprise_admin, application=application, now=IN_WINDOW)
    assert excinfo.value.messages == [services.NOT_CONFIRMED]
    assert _state() == before


def test_submit_refuses_after_the_deadline_quoting_the_rule(stored_pack, profile, enterprise_admin):
    application = new_complete(stored_pack, enterprise_admin, 2)
    before = _state()
    with pytest.raises(ValidationError) as excinfo:
        services.application_submit(actor=enterprise_admin, application=application, now=AFTER_DEADLINE)
    assert "2023年08月25日" in excinfo.value.messages[0] and "逾期不予受理" in excinfo.value.messages[0]
    assert _state() == before


def test_county_may_close_earlier_and_city_may_reopen(
    stored_pack, profile, enterprise_admin, county_industry, city_sme
):
    application = new_complete(stored_pack, enterprise_admin, 2)
    jurisdiction = enterprise_admin.organisation.jurisdiction
    services.submission_window_set(actor=county_industry, pack=stored_pack, jurisdiction=jurisdiction,
                                   kind=SubmissionWindow.Kind.COUNTY_EARLIER, closes_on=dt.date(2023, 7, 31),
                                   reason="县里提前汇总")  # fmt: skip
    with pytest.raises(ValidationError) as excinfo:
        services.application_submit(actor=enterprise_admin, application=application, now=IN_WINDOW)
    assert "珠晖区确定的截止日期" in excinfo.value.messages[0]
    services.submission_window_set(actor=city_sme, pack=stored_pack, jurisdiction=jurisdiction,
                                   kind=SubmissionWindow.Kind.CITY_REOPENED, closes_on=dt.date(2023, 9, 5),
                                   reason="系统故障顺延")  # fmt: skip
    late = dt.datetime(2023, 9, 1, 9, 0, tzinfo=IN_WINDOW.tzinfo)
    assert services.application_submit(actor=enterprise_admin, application=application, now=late).receipt_number


def test_only_the_city_reopens_and_the_county_closes_only_itself(stored_pack, county_industry, other_county, admin):
    jurisdiction = county_industry.organisation.jurisdiction
    with pytest.raises(PermissionDenied):
        services.submission_window_set(actor=other_county, pack=stored_pack, jurisdiction=jurisdiction,
                                       kind="county_earlier", closes_on=dt.date(2023, 8, 1), reason="x")  # fmt: skip
    for actor in (county_industry, admin):
        with pytest.raises(PermissionDenied):
            services.submission_window_set(actor=actor, pack=stored_pack, jurisdiction=None, kind="city_reopened",
                                           closes_on=dt.date(2023, 9, 1), reason="x")  # fmt: skip


def test_at_most_two_projects_item_14_excepted(stored_pack, profile, enterprise_admin):
    profile.data.update({"ip_innovation_results": 3, "has_own_brand": True})
    profile.save()
    drafts = [new_complete(stored_pack, enterprise_admin, number) for number in (2, 5, 7)]  # all started first
    for application in drafts[:2]:
        try:
            services.application_submit(actor=enterprise_admin, application=application, now=IN_WINDOW)
        except ValidationError:
            pytest.fail(f"item {application.item.number} should be submittable")
    third = drafts[2]
    before = _state()
    with pytest.raises(ValidationError) as excinfo:
        services.application_submit(actor=enterprise_admin, application=third, now=IN_WINDOW)
    message = excinfo.value.messages[0]
    assert "已提交 2 个项目：第2项（回执号 HY2023-" in message and "、第5项（回执号 HY2023-" in message
    assert "申报项目数合计不得超过2个" in message
    assert _state() == before
    digital = new_complete(stored_pack, enterprise_admin, 14, "dual_integration_certification")
    assert services.application_submit(actor=enterprise_admin, application=digital, now=IN_WINDOW).receipt_number


def test_items_2_and_12_never_both(stored_pack, profile, enterprise_admin):
    first = new_complete(stored_pack, enterprise_admin, 2)
    second = new_complete(stored_pack, enterprise_admin, 12)  # started before item 2 was submitted
    services.application_submit(actor=enterprise_admin, application=first, now=IN_WINDOW)
    before = _state()
    with pytest.raises(ValidationError) as excinfo:
        services.application_submit(actor=enterprise_admin, application=second, now=IN_WINDOW)
    assert "已申报第2项“企业智能制造装备贴息项目”" in excinfo.value.messages[0]
    assert "同一法人企业不能同时申报智能制造装备贴息和“三化”改造项目" in excinfo.value.messages[0]
    assert _state() == before


def test_withdrawn_application_frees_its_slot(stored_pack, profile, enterprise_admin):
    first = new_complete(stored_pack, enterprise_admin, 2)
    services.application_submit(actor=enterprise_admin, application=first, now=IN_WINDOW)
    services.application_withdraw(actor=enterprise_admin, application=first)
    second = new_complete(stored_pack, enterprise_admin, 12)
    assert services.application_submit(actor=enterprise_admin, application=second, now=IN_WINDOW).status == "submitted"


def test_submit_refuses_when_a_condition_is_not_met(stored_pack, profile, enterprise_admin):
    application = new_complete(stored_pack, enterprise_admin, 2)
    profile.data["smart_equipment_investment_2022"] = "250"
    profile.save()
    before = _state()
    with pytest.raises(ValidationError) as excinfo:
        services.application_submit(actor=enterprise_admin, application=application, now=IN_WINDOW)
    assert "不少于300万元" in excinfo.value.messages[0] and "差 50万元" in excinfo.value.messages[0]
    assert _state() == before


def test_withdraw_only_while_waiting_for_the_county(stored_pack, profile, enterprise_admin):
    application = new_complete(stored_pack, enterprise_admin, 2)
    with pytest.raises(ValidationError):
        services.application_withdraw(actor=enterprise_admin, application=application)
    services.application_submit(actor=enterprise_admin, application=application, now=IN_WINDOW)
    Application.objects.filter(pk=application.pk).update(status=ApplicationStatus.COUNTY_REVIEW)
    with pytest.raises(ValidationError) as excinfo:
        services.application_withdraw(actor=enterprise_admin, application=application)
    assert excinfo.value.messages == [services.NOT_WITHDRAWABLE]


def test_submitted_application_is_locked(stored_pack, profile, enterprise_admin):
    application = new_complete(stored_pack, enterprise_admin, 2)
    application = services.application_submit(actor=enterprise_admin, application=application, now=IN_WINDOW)
    with pytest.raises(ValidationError) as excinfo:
        services.application_save(actor=enterprise_admin, application=application, answers={}, summary={},
                                  expected_version=application.version)  # fmt: skip
    assert "不能修改" in excinfo.value.messages[0]
    with pytest.raises(PermissionDenied):
        services.attachment_add(actor=enterprise_admin, application=application, material_id="business_license",
                                upload=pdf_upload())  # fmt: skip


def test_commitment_must_be_signed_by_the_legal_representative(stored_pack, profile, enterprise_admin):
    application = _create(stored_pack, enterprise_admin, 2)
    with pytest.raises(ValidationError) as excinfo:
        services.application_sign_commitment(actor=enterprise_admin, application=application, signer="别人",
                                             date=dt.date(2023, 8, 1))  # fmt: skip
    assert excinfo.value.message_dict["signer"] == [services.COMMITMENT_NAME.format(name="赵法人")]


def test_credit_hunan_screenshot_date_rule(stored_pack, profile, enterprise_admin):
    application = _create(stored_pack, enterprise_admin, 2)
    for query_date, message in ((None, services.QUERY_DATE_REQUIRED), (dt.date(2023, 7, 25), "早于申报通知发布日期")):
        with pytest.raises(ValidationError) as excinfo:
            services.attachment_add(actor=enterprise_admin, application=application,
                                    material_id="credit_hunan_screenshot", upload=pdf_upload(), query_date=query_date)  # fmt: skip
        assert message in excinfo.value.message_dict["query_date"][0]
    assert not Attachment.objects.exists()
    services.attachment_add(actor=enterprise_admin, application=application, material_id="credit_hunan_screenshot",
                            upload=pdf_upload(), query_date=dt.date(2023, 7, 26))  # fmt: skip
    attachment = Attachment.objects.get()
    assert attachment.kind == "pdf" and len(attachment.sha256) == 64 and len(attachment.sm3) == 64


def test_disguised_upload_is_refused_and_nothing_stored(stored_pack, profile, enterprise_admin):
    from django.core.files.uploadedfile import SimpleUploadedFile

    application = _create(stored_pack, enterprise_admin, 2)
    fake = SimpleUploadedFile("营业执照.pdf", b"MZ\x90\x00" + b"\x00" * 200, content_type="application/pdf")
    with pytest.raises(ValidationError) as excinfo:
        services.attachment_add(actor=enterprise_admin, application=application, material_id="business_license",
                                upload=fake)  # fmt: skip
    assert "可执行程序" in excinfo.value.message_dict["file"][0]
    assert not Attachment.objects.exists()


def test_returned_application_is_editable_again(stored_pack, profile, enterprise_admin):
    application = new_complete(stored_pack, enterprise_admin, 2)
    application = services.application_submit(actor=enterprise_admin, application=application, now=IN_WINDOW)
    Application.objects.filter(pk=application.pk).update(status=ApplicationStatus.RETURNED)
    application.refresh_from_db()
    application = complete(application, enterprise_admin)
    receipt = application.receipt_number
    application = services.application_submit(actor=enterprise_admin, application=application, now=IN_WINDOW)
    assert application.status == ApplicationStatus.SUBMITTED and application.receipt_number == receipt


def test_the_sub_type_prefills_form_2_1_and_a_different_type_blocks_submission(stored_pack, profile, enterprise_admin):
    """附件2-1 asks for the 申报类型 the application was created with; ticking another is reported at the
    field and submission is refused, writing nothing."""
    application = _create(stored_pack, enterprise_admin, 1, "city_benchmark_workshop")
    assert application.answers["2-1"]["application_type"] == {"value": "city_benchmark_workshop", "other": ""}
    application = complete(application, enterprise_admin)
    assert completeness.completeness_report(application) == []
    answers = {**application.answers, "2-1": {**application.answers["2-1"]}}
    answers["2-1"]["application_type"] = {"value": "national_pilot_demonstration", "other": ""}
    application = services.application_save(
        actor=enterprise_admin,
        application=application,
        answers=answers,
        summary={},
        expected_version=application.version,
    )
    report = completeness.completeness_report(application)
    assert [(r.label, r.anchor, r.where) for r in report] == [
        (
            completeness.DISAGREES_WITH_SUBTYPE.format(label="申报类型", subtype="培育市级智能制造标杆车间"),
            path_to_anchor("2-1.application_type"),
            "附件2-1《衡阳市培育国家级智能制造试点示范、市级智能制造标杆企业（车间）项目申报书》 · 封面",
        )
    ]
    before = _state()
    with pytest.raises(ValidationError):
        services.application_submit(actor=enterprise_admin, application=application, now=IN_WINDOW)
    assert _state() == before


def test_a_save_writes_only_what_it_changes_and_reads_no_revision_answers(
    stored_pack, profile, enterprise_admin, settings, django_assert_num_queries
):
    """The frozen forms are not written again by a save, and the autosave revision it collapses into is updated
    without its old answers being read (they are replaced); what is stored is what was saved."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.APPLICATION_AUTOSAVE_COLLAPSE_SECONDS = 600
    application = _create(stored_pack, enterprise_admin, 2)
    forms_before = Application.objects.values_list("forms", flat=True).get(pk=application.pk)
    saved = {"version": application.version}

    def autosave(name: str):
        answers = {**application.answers, "2-2": {**application.answers["2-2"], "project_name": name}}
        with CaptureQueriesContext(connection) as queries:
            saved["application"] = services.application_save(
                actor=enterprise_admin, application=application, answers=answers, summary={"project_name": name},
                expected_version=saved["version"], autosave=True,
            )  # fmt: skip
        saved["version"] = saved["application"].version
        return [q["sql"] for q in queries.captured_queries]

    autosave("第一次")
    sql = autosave("第二次")  # collapses into the first autosave's revision
    updates = [s for s in sql if s.startswith('UPDATE "applications_application"')]
    assert len(updates) == 1 and '"forms"' not in updates[0] and '"answers"' in updates[0]
    # The locked row is read without the frozen forms and the answers the save replaces.
    application_reads = [s for s in sql if s.startswith("SELECT") and 'FROM "applications_application" ' in s]
    assert len(application_reads) == 1
    assert '"applications_application"."forms"' not in application_reads[0]
    assert '"applications_application"."answers"' not in application_reads[0]
    # The revision it collapses into is neither read nor its answers decrypted: one UPDATE chooses and writes it.
    revision_sql = [s for s in sql if '"applications_applicationrevision"' in s]
    assert len(revision_sql) == 1 and revision_sql[0].startswith('UPDATE "applications_applicationrevision"')
    with django_assert_num_queries(0):  # the saved application, as the page drawn again after a save reads it
        assert saved["application"].forms == application.forms
        assert saved["application"].answers["2-2"]["project_name"] == "第二次"
    stored = Application.objects.get(pk=application.pk)
    assert stored.answers["2-2"]["project_name"] == "第二次" and stored.project_name == "第二次"
    assert stored.version == saved["version"]
    assert Application.objects.values_list("forms", flat=True).get(pk=application.pk) == forms_before
    revision = ApplicationRevision.objects.filter(application=application).order_by("-version").first()
    assert revision.version == stored.version and revision.answers["2-2"]["project_name"] == "第二次"
    assert ApplicationRevision.objects.filter(application=application, kind="autosave").count() == 1
