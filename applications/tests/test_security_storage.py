"""Issue 16 §7, storage abuse: each measurement of the issue reproduced, and refused.

A rejected enterprise drafted and uploaded; a text box took 2 MB; five autosaves added five full revisions
(21 MB); one material took 61 files; a 300 MB body was read in full before it was refused.
"""

import datetime as dt
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.handlers.wsgi import WSGIRequest
from django.test import RequestFactory, override_settings
from django.urls import reverse
from django.utils import timezone

from applications import services, uploads
from applications.models import Application, ApplicationRevision, Attachment
from applications.tests.helpers import pdf_bytes, pdf_upload
from core.upload_limits import upload_too_large_message
from enterprises.choices import ConfirmationStatus
from enterprises.profile_schema import PROFILE_FORM_ID
from policies.formengine import messages as engine_messages
from policies.formengine.paths import field_name

pytestmark = pytest.mark.django_db

MATERIAL = "business_license"  # a material of item 2
TWO_MB = "a" * (2 * 1024 * 1024)


@pytest.fixture
def draft(stored_pack, profile, enterprise_admin, open_window):
    return services.application_create(
        actor=enterprise_admin, enterprise=enterprise_admin.organisation, item=stored_pack.items.get(number=2)
    )


def _set_status(profile, status):
    profile.status = status
    profile.save(update_fields=["status"])


# Unconfirmed or rejected enterprises ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (ConfirmationStatus.PENDING, services.NOT_CONFIRMED_TO_START),
        (ConfirmationStatus.REJECTED, services.REJECTED_TO_START),
    ],
)
def test_an_unconfirmed_or_rejected_enterprise_cannot_start_an_application(
    client, stored_pack, profile, enterprise_admin, open_window, status, message
):
    _set_status(profile, status)
    client.force_login(enterprise_admin)
    url = reverse("applications:start", args=[2])
    page = client.get(url).content.decode()
    assert message in page and "开始填写申报书" not in page  # told before anything is typed
    response = client.post(url)
    assert response.status_code == 400 and message in response.content.decode()
    assert not Application.objects.exists()


def test_a_rejected_enterprise_cannot_upload_to_a_draft_it_holds(client, draft, profile, enterprise_admin):
    _set_status(profile, ConfirmationStatus.REJECTED)
    client.force_login(enterprise_admin)
    response = client.post(
        reverse("applications:upload", args=[draft.pk]), {"material_id": MATERIAL, "file": pdf_upload()}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert services.NOT_CONFIRMED_TO_UPLOAD in body and f'id="material-{MATERIAL}-error"' in body
    assert not Attachment.objects.exists()


# Text length ---------------------------------------------------------------------------------------------


def test_a_2_mb_text_is_not_stored(client, draft, enterprise_admin):
    client.force_login(enterprise_admin)
    response = client.post(
        reverse("applications:save", args=[draft.pk]),
        {"version": draft.version, "f-2-2__project_name": TWO_MB, "f-2-2__expected_benefits": TWO_MB},
    )
    body = response.content.decode()
    assert engine_messages.TOO_LONG.format(limit=500) in body
    assert engine_messages.TOO_LONG.format(limit=10_000) in body
    draft.refresh_from_db()
    assert "project_name" not in draft.answers["2-2"]
    stored = len(json.dumps(draft.answers))
    assert stored < 40_000, stored  # what is kept is the first 500 and 10,000 characters, to be cut down
    assert len(json.dumps(draft.revisions.order_by("-version").first().answers)) < 40_000


def test_the_boxes_carry_their_maximum_length(client, draft, enterprise_admin):
    client.force_login(enterprise_admin)
    body = client.get(reverse("applications:edit", args=[draft.pk])).content.decode()
    assert 'name="f-2-2__project_name"' in body and 'maxlength="500"' in body and 'maxlength="10000"' in body


def test_a_2_mb_text_is_not_stored_in_the_profile(client, profile, enterprise_admin):
    client.force_login(enterprise_admin)
    response = client.post(
        reverse("enterprises:profile"),
        {"version": profile.version, field_name(PROFILE_FORM_ID, "main_products"): TWO_MB},
    )
    assert engine_messages.TOO_LONG.format(limit=500) in response.content.decode()
    profile.refresh_from_db()
    assert len(json.dumps(profile.data)) < 10_000 and "main_products" not in profile.data


# Revisions -----------------------------------------------------------------------------------------------


def _autosave(client, application, text):
    application.refresh_from_db()
    response = client.post(
        reverse("applications:save", args=[application.pk]),
        {"version": application.version, "f-2-2__project_name": text},
        headers={"HX-Request": "true"},
    )
    assert "已自动保存" in response.content.decode()


def _revision_bytes(application) -> int:
    return sum(len(json.dumps(r.answers, ensure_ascii=False).encode()) for r in application.revisions.all())


def test_five_autosaves_add_one_revision_not_five(client, draft, enterprise_admin):
    client.force_login(enterprise_admin)
    before, stored_before = draft.revisions.count(), _revision_bytes(draft)
    for n in range(5):
        _autosave(client, draft, f"智能产线 {n}")
    draft.refresh_from_db()
    assert draft.revisions.count() == before + 1
    one_copy = len(json.dumps(draft.answers, ensure_ascii=False).encode())
    assert _revision_bytes(draft) - stored_before <= one_copy  # the issue: five full copies (21 MB)
    latest = draft.revisions.order_by("-version").first()
    assert latest.version == draft.version and latest.answers["2-2"]["project_name"] == "智能产线 4"


def test_autosaves_after_the_window_or_an_explicit_save_start_a_new_revision(client, draft, enterprise_admin):
    client.force_login(enterprise_admin)
    before = draft.revisions.count()
    _autosave(client, draft, "第一段")
    ApplicationRevision.objects.filter(application=draft, kind="autosave").update(
        created_at=timezone.now() - dt.timedelta(minutes=6)
    )
    _autosave(client, draft, "六分钟后")
    assert draft.revisions.count() == before + 2
    draft.refresh_from_db()
    client.post(reverse("applications:save", args=[draft.pk]), {"version": draft.version})
    _autosave(client, draft, "保存之后")
    assert draft.revisions.count() == before + 4
    assert list(draft.revisions.values_list("version", flat=True)) == sorted(
        set(draft.revisions.values_list("version", flat=True)), reverse=True
    )


# File counts and sizes -----------------------------------------------------------------------------------


def _stored_files(application, user, count, *, material=MATERIAL, size=1000):
    Attachment.objects.bulk_create(
        Attachment(application=application, material_id=material, file=f"applications/{application.pk}/{n}.pdf",
                   original_name=f"{n}.pdf", kind="pdf", size=size, sha256="0" * 64, sm3="0" * 64, uploaded_by=user)
        for n in range(count)
    )  # fmt: skip


def _upload(client, application, material=MATERIAL, content=None):
    upload = SimpleUploadedFile("第61个.pdf", content or pdf_bytes(), content_type="application/pdf")
    return client.post(reverse("applications:upload", args=[application.pk]), {"material_id": material, "file": upload})


def test_a_material_with_its_20_files_refuses_another_at_the_slot(client, draft, enterprise_admin, settings):
    assert settings.APPLICATION_MATERIAL_MAX_FILES == 20  # the slot took 61
    _stored_files(draft, enterprise_admin, 20)
    client.force_login(enterprise_admin)
    response = _upload(client, draft)
    assert response.status_code == 400
    body = response.content.decode()
    assert services.TOO_MANY_FILES["material"].format(limit=20, count=20) in body
    assert f'id="material-{MATERIAL}-error"' in body
    assert Attachment.objects.filter(application=draft).count() == 20


def test_a_material_refuses_a_file_past_its_total_size(client, draft, enterprise_admin, settings):
    settings.APPLICATION_MATERIAL_MAX_BYTES = 5000
    _stored_files(draft, enterprise_admin, 2, size=2490)
    client.force_login(enterprise_admin)
    response = _upload(client, draft)
    assert "这项材料的文件合计不能超过" in response.content.decode()
    assert Attachment.objects.filter(application=draft).count() == 2


def test_an_application_refuses_files_past_its_count_and_total_size(client, draft, enterprise_admin, settings):
    settings.APPLICATION_MAX_FILES = 3
    _stored_files(draft, enterprise_admin, 3, material="another_material")
    client.force_login(enterprise_admin)
    body = _upload(client, draft).content.decode()
    assert services.TOO_MANY_FILES["application"].format(limit=3, count=3) in body
    settings.APPLICATION_MAX_FILES, settings.APPLICATION_MAX_BYTES = 100, 3050
    body = _upload(client, draft).content.decode()
    assert "一份申报的文件合计不能超过" in body
    assert Attachment.objects.filter(application=draft).count() == 3
    settings.APPLICATION_MAX_BYTES = 500 * 1024 * 1024
    assert _upload(client, draft).status_code == 302  # under the limits the same file is taken


# A body larger than the limit is refused while streaming ------------------------------------------------


class GeneratedBody(io.RawIOBase):
    """A multipart body of `total` bytes, made as it is read (nothing held in memory); counts what is read."""

    def __init__(self, head: bytes, total: int):
        self.head, self.total, self.read_bytes = head, total, 0

    def readable(self):
        return True

    def read(self, size=-1):
        size = self.total - self.read_bytes if size is None or size < 0 else min(size, self.total - self.read_bytes)
        start, self.read_bytes = self.read_bytes, self.read_bytes + size
        head = self.head[start : start + size]
        return head + b"\0" * (size - len(head))


BOUNDARY = "BoUnDaRyC7"
HEAD = (
    f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="material_id"\r\n\r\n{MATERIAL}\r\n'
    f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="big.pdf"\r\n'
    "Content-Type: application/pdf\r\n\r\n%PDF-1.4\n"
).encode()


def test_a_300_mb_body_is_not_read_in_full():
    total = 300 * 1024 * 1024
    body = GeneratedBody(HEAD, total)
    environ = RequestFactory()._base_environ(
        REQUEST_METHOD="POST", PATH_INFO="/applications/1/upload/", CONTENT_LENGTH=str(total),
        CONTENT_TYPE=f"multipart/form-data; boundary={BOUNDARY}", **{"wsgi.input": body},
    )  # fmt: skip
    request = WSGIRequest(environ)
    assert request.POST["material_id"] == MATERIAL  # the fields before the file are kept
    assert "file" not in request.FILES and request.upload_too_large
    assert body.read_bytes < 1024 * 1024, body.read_bytes  # read: the head and a chunk, not 300 MB


def test_a_body_over_the_limit_is_refused_at_its_slot(client, draft, enterprise_admin):
    client.force_login(enterprise_admin)
    with override_settings(UPLOAD_MAX_REQUEST_BYTES=4096):
        response = _upload(client, draft, content=pdf_bytes("x" * 8000))
        message = upload_too_large_message()
    assert response.status_code == 400
    body = response.content.decode()
    assert message.startswith("文件过大") and message in body and f'id="material-{MATERIAL}-error"' in body
    assert not Attachment.objects.exists()


def test_the_upload_form_gives_the_browser_its_limit_and_message(client, draft, enterprise_admin):
    """upload_limit.js refuses a file over the limit before sending it, with the server's own message."""
    client.force_login(enterprise_admin)
    body = client.get(reverse("applications:edit", args=[draft.pk])).content.decode()
    assert f'data-max-bytes="{uploads.MAX_UPLOAD_BYTES}"' in body
    assert 'data-too-large="“{name}”大小为 {size} MB，超过了 50 MB 的上限' in body
    assert "applications/upload_limit.js" in body
