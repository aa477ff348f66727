"""Issue 16 finding 11: inputs that gave a 500 or corrupted data. Each gets a clear Chinese message at the
right place (a field error or a 400 page) and nothing is written."""

import io
import zipfile

import docx
import pytest
from django.test import override_settings
from django.urls import reverse

from applications import services as application_services
from applications.models import Application, Attachment
from applications.services import MATERIAL_UNKNOWN
from applications.uploads import ERROR_MACRO, inspect_upload
from core.error_pages import METHOD_NOT_ALLOWED
from core.text import strip_invisible
from enterprises.models import EnterpriseProfile
from enterprises.tests.factories import make_uscc

pytestmark = pytest.mark.django_db

HOSTILE_NAME = "衡阳\u202egnp.exe\u0007测试\x85有限公司\u2066"


@pytest.fixture
def draft(stored_pack, profile, enterprise_admin, open_window):
    return application_services.application_create(
        actor=enterprise_admin, enterprise=enterprise_admin.organisation, item=stored_pack.items.get(number=2)
    )


# GET /review/?submitted_to=9999-12-31 -------------------------------------------------------------------


@pytest.mark.parametrize("field", ["submitted_to", "submitted_from"])
@pytest.mark.parametrize("value", ["9999-12-31", "0001-01-01"])
def test_worklist_date_at_the_end_of_the_calendar_is_a_field_error(client, county_industry, field, value):
    client.force_login(county_industry)
    response = client.get(reverse("review:worklist"), {field: value})
    # Like any filter typed wrongly: the list unfiltered, the message at the field (review's filter tests).
    assert response.status_code == 200 and response.context["form"].errors[field]
    body = response.content.decode()
    assert "日期应在" in body and value in body  # the message at the field, the typed date kept


# version=abc on save and on the profile ----------------------------------------------------------------


def test_application_save_with_a_bad_version_keeps_the_answers_and_says_why(client, draft, enterprise_admin):
    client.force_login(enterprise_admin)
    url = reverse("applications:save", args=[draft.pk])
    response = client.post(url, {"version": "abc", "f-2-2__project_name": "智能产线"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "页面已过期" in body and 'value="智能产线"' in body
    draft.refresh_from_db()
    assert draft.version == 1 and "project_name" not in draft.answers.get("2-2", {})
    htmx = client.post(url, {"version": "abc"}, headers={"HX-Request": "true"})
    assert htmx.status_code == 200 and "页面已过期" in htmx.content.decode()


def test_profile_save_with_a_bad_version_keeps_the_answers_and_says_why(client, profile, enterprise_admin):
    client.force_login(enterprise_admin)
    before = EnterpriseProfile.objects.get(pk=profile.pk)
    data = {"version": "abc", "f-0__enterprise_name": before.data["enterprise_name"], "f-0__address": "新地址一号"}
    response = client.post(reverse("enterprises:profile"), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "页面已过期" in body and 'value="新地址一号"' in body
    after = EnterpriseProfile.objects.get(pk=profile.pk)
    assert after.version == before.version and after.data == before.data


# POST /enterprises/profile/ with only `version` ----------------------------------------------------------


def test_profile_post_with_only_a_version_changes_nothing(client, profile, enterprise_admin):
    client.force_login(enterprise_admin)
    before = EnterpriseProfile.objects.get(pk=profile.pk)
    response = client.post(reverse("enterprises:profile"), {"version": before.version})
    assert response.status_code == 400
    assert "未收到档案内容" in response.content.decode()
    after = EnterpriseProfile.objects.get(pk=profile.pk)
    assert after.data == before.data and after.version == before.version


# material_id=nope on upload --------------------------------------------------------------------------------


def test_upload_to_an_unknown_material_is_refused_at_the_form(client, draft, enterprise_admin):
    from applications.tests.helpers import pdf_upload

    client.force_login(enterprise_admin)
    response = client.post(reverse("applications:upload", args=[draft.pk]),
                           {"material_id": "nope", "file": pdf_upload()})  # fmt: skip
    assert response.status_code == 400
    assert MATERIAL_UNKNOWN in response.content.decode()
    assert not Attachment.objects.exists()


# JSON nested 5,000 deep --------------------------------------------------------------------------------


def test_eligibility_api_refuses_deeply_nested_json(client, stored_pack):
    body = "[" * 5000 + "]" * 5000
    response = client.post(reverse("eligibility:api_evaluate"), body, content_type="application/json")
    assert response.status_code == 400
    assert "嵌套" in response.json()["errors"][0]["message"]
    nested = '{"facts": ' + '{"a": ' * 5000 + "1" + "}" * 5001
    response = client.post(reverse("eligibility:api_evaluate"), nested, content_type="application/json")
    assert response.status_code == 400


# the commitment date ------------------------------------------------------------------------------------


@pytest.mark.parametrize("date", ["0001-01-01", "9999-12-31", "1899-12-31"])
def test_commitment_date_far_from_today_is_a_field_error(client, draft, enterprise_admin, date):
    client.force_login(enterprise_admin)
    response = client.post(reverse("applications:commitment", args=[draft.pk]),
                           {"signer": "张三", "date": date, "agree": "on"})  # fmt: skip
    assert response.status_code == 400
    assert "承诺日期应在" in response.content.decode()
    assert Application.objects.get(pk=draft.pk).commitment_date is None


# negative 注册资本 and headcounts --------------------------------------------------------------------


@pytest.mark.parametrize("field", ["registered_capital", "paid_in_capital", "employees_total", "rd_staff"])
def test_profile_refuses_negative_capital_and_headcounts(client, profile, enterprise_admin, field):
    client.force_login(enterprise_admin)
    before = EnterpriseProfile.objects.get(pk=profile.pk)
    data = {"version": before.version, "f-0__enterprise_name": before.data["enterprise_name"], f"f-0__{field}": "-5"}
    response = client.post(reverse("enterprises:profile"), data)
    assert response.status_code == 400
    assert "不能小于 0" in response.content.decode()
    assert EnterpriseProfile.objects.get(pk=profile.pk).data == before.data


# U+202E and control characters in names ---------------------------------------------------------------


def test_strip_invisible_removes_bidi_overrides_and_controls():
    assert strip_invisible(HOSTILE_NAME) == "衡阳gnp.exe测试有限公司"
    assert strip_invisible("第一行\n第二行\t", multiline=True) == "第一行\n第二行"


def test_registration_strips_bidi_and_control_characters_from_the_name(client):
    from accounts.models import Jurisdiction

    data = {
        "name": HOSTILE_NAME, "uscc": make_uscc("430405"), "jurisdiction": Jurisdiction.objects.get(code="430405").pk,
        "legal_representative_name": "孙\u202e法人", "contact_name": "李\x1b经办", "contact_mobile": "13807341111",
        "email": "", "username": "regtest", "password": "Register2023", "password_again": "Register2023",
        "captcha_0": "test", "captcha_1": "PASSED",
    }  # fmt: skip
    response = client.post(reverse("enterprises:register"), data)
    assert response.status_code == 302
    stored = EnterpriseProfile.objects.get()
    assert stored.organisation.name == "衡阳gnp.exe测试有限公司"
    assert stored.data["legal_representative_name"] == "孙法人" and stored.data["contact_name"] == "李经办"


def test_profile_strips_bidi_and_control_characters_from_one_line_text(client, profile, enterprise_admin):
    client.force_login(enterprise_admin)
    before = EnterpriseProfile.objects.get(pk=profile.pk)
    data = {"version": before.version, "f-0__enterprise_name": HOSTILE_NAME, "f-0__address": "蒸湘区\u202e一号"}
    client.post(reverse("enterprises:profile"), data)
    after = EnterpriseProfile.objects.get(pk=profile.pk)
    # A confirmed enterprise's new name waits for the county (finding 5), stripped as it is typed.
    assert after.pending_name == "衡阳gnp.exe测试有限公司" and after.data["address"] == "蒸湘区一号"


# a .docm renamed .docx ---------------------------------------------------------------------------------


def _docx_bytes() -> bytes:
    out = io.BytesIO()
    docx.Document().save(out)
    return out.getvalue()


def _as_docm(data: bytes, *, with_content_type: bool = True, with_vba: bool = True) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "[Content_Types].xml" and with_content_type:
                content = content.replace(
                    b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
                    b"application/vnd.ms-word.document.macroEnabled.main+xml",
                ).replace(
                    b"</Types>",
                    b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>',
                )
            target.writestr(info, content)
        if with_vba:
            target.writestr("word/vbaProject.bin", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504)
    return out.getvalue()


@pytest.mark.parametrize(("content_type", "vba"), [(True, True), (False, True), (True, False)])
def test_docm_renamed_docx_is_refused(content_type, vba):
    data = _as_docm(_docx_bytes(), with_content_type=content_type, with_vba=vba)
    check = inspect_upload("报告.docx", io.BytesIO(data), len(data), ["docx"])
    assert check.error == ERROR_MACRO and "宏" in check.message


def test_a_plain_docx_still_passes():
    data = _docx_bytes()
    assert inspect_upload("报告.docx", io.BytesIO(data), len(data), ["docx"]).error is None


# 405 ------------------------------------------------------------------------------------------------------------


def test_wrong_method_gets_a_chinese_page(client, enterprise_admin):
    client.force_login(enterprise_admin)
    response = client.delete(reverse("enterprises:profile"))
    assert response.status_code == 405
    assert METHOD_NOT_ALLOWED in response.content.decode()
    assert response["Allow"]  # the header a client needs is kept
    assert response["Content-Type"].startswith("text/html")


# production without collectstatic --------------------------------------------------------------------------


@override_settings(
    STORAGES={
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    },
    STATIC_ROOT="/nonexistent-static-root",
    DEBUG=False,
)
def test_missing_static_manifest_gives_a_chinese_page_not_an_english_500(client):
    client.raise_request_exception = False
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 503
    body = response.content.decode()
    assert "collectstatic" not in body and "静态资源" in body and "Server Error" not in body


def test_production_check_reports_a_missing_static_manifest(settings):
    from core.checks import static_manifest_check

    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    settings.STATIC_ROOT = "/nonexistent-static-root"
    errors = static_manifest_check(app_configs=None)
    assert errors and errors[0].id == "core.E010" and "collectstatic" in errors[0].msg


@pytest.mark.parametrize(
    ("module", "form", "field"),
    [
        ("awards.forms", "ObjectionForm", "name"),
        ("funds.forms", "AllocationCreateForm", "document_number"),
        ("funds.forms", "AllocationCreateForm", "budget_subject"),
        ("funds.forms", "DisbursementForm", "bank_name"),
        ("funds.forms", "DisbursementForm", "account_name"),
        ("funds.forms", "DisbursementForm", "voucher_number"),
        ("funds.forms", "CorrectionForm", "voucher_number"),
        ("funds.recovery_forms", "AdjustmentForm", "document_number"),
        ("funds.recovery_forms", "RepaymentForm", "voucher_number"),
        ("review.forms", "BatchCreateForm", "number"),
        ("performance.views.monitoring", "RoundOpenForm", "title"),
        ("enterprises.forms", "MemberForm", "full_name"),
        ("applications.forms", "CommitmentForm", "signer"),
    ],
)
def test_other_one_line_names_and_numbers_are_stripped(module, form, field):
    import importlib

    cleaned = (
        getattr(importlib.import_module(module), form).base_fields[field].clean("衡\u202e阳\u200b〔2023〕\x0751号")
    )
    assert cleaned == "衡阳〔2023〕51号"
