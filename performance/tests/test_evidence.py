"""自评 佐证材料: the enterprise uploads while its 自评 is open, each file checked by its content; everyone who
sees the evaluation downloads it through the authenticated view, nobody else (404); after submission the
files are fixed; a refused upload comes back at its field, in Chinese, with what was typed kept."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from applications.tests.helpers import pdf_bytes
from core.choices import AuditVerb
from core.models import AuditEvent
from core.upload_limits import upload_too_large_message
from performance.models import EvaluationEvidence
from performance.services import evaluation as evaluation_services
from performance.services import evidence as services
from performance.tests.awarded import awarded_list
from performance.tests.test_evaluation_services import finals_for, mine
from performance.tests.test_monitoring_views import assert_opens_at
from performance.views.common import FORM_HAS_ERRORS

pytestmark = pytest.mark.django_db


@pytest.fixture
def evaluation(stored_pack, city_sme, enterprise_admin):
    """`enterprise_admin`'s award, its evaluation opened by the 中小企业科 (the 自评 is open)."""
    award_list, _ = awarded_list(stored_pack, sme=city_sme, owners=[enterprise_admin], count=1)
    evaluation_services.evaluations_open(actor=city_sme, award_list=award_list)
    return mine(enterprise_admin)


def upload(name="验收报告.pdf", content=None):
    return SimpleUploadedFile(name, content if content is not None else pdf_bytes(name), content_type="application/pdf")


def add(client, user, evaluation, **data):
    client.force_login(user)
    return client.post(reverse("performance:evidence_add", args=[evaluation.pk]), data)


def test_the_enterprise_uploads_and_every_reader_downloads(client, evaluation, enterprise_admin, county_industry,
                                                           city_section, city_sme):  # fmt: skip
    response = add(client, enterprise_admin, evaluation, file=upload(), description="新增产值：验收报告")
    assert response.status_code == 302 and response["Location"].endswith("#evidence")
    evidence = EvaluationEvidence.objects.get(evaluation=evaluation)
    assert (evidence.original_name, evidence.description, evidence.kind) == (
        "验收报告.pdf",
        "新增产值：验收报告",
        "pdf",
    )
    assert len(evidence.sm3) == 64 and evidence.file.name.startswith(f"performance/{evaluation.pk}/")
    event = AuditEvent.objects.get(verb=AuditVerb.EVIDENCE_ADDED)
    assert event.data["name"] == "验收报告.pdf" and event.data["sm3"] == evidence.sm3
    page = reverse("performance:evaluation", args=[evaluation.pk])
    download = reverse("performance:evidence_download", args=[evidence.pk])
    for reader in (enterprise_admin, county_industry, city_section, city_sme):
        client.force_login(reader)
        assert download in client.get(page).content.decode()
        response = client.get(download)
        assert response.status_code == 200 and b"".join(response.streaming_content) == pdf_bytes("验收报告.pdf")
        assert response["Cache-Control"] == "private, no-store" and response["X-Content-Type-Options"] == "nosniff"


def test_another_county_another_enterprise_and_anonymous_get_nothing(client, evaluation, enterprise_admin,
                                                                      other_county, enterprise_user):  # fmt: skip
    evidence = services.evaluation_evidence_add(actor=enterprise_admin, evaluation=evaluation, upload=upload())
    download = reverse("performance:evidence_download", args=[evidence.pk])
    remove = reverse("performance:evidence_remove", args=[evidence.pk])
    assert client.get(download).status_code == 302  # to the sign-in page
    for stranger in (other_county, enterprise_user):  # enterprise_user is another enterprise's
        client.force_login(stranger)
        assert client.get(download).status_code == 404
        assert client.post(remove).status_code == 404
        assert add(client, stranger, evaluation, file=upload()).status_code == 404
    assert EvaluationEvidence.objects.count() == 1


def test_a_disguised_file_is_refused_at_its_field_and_the_description_is_kept(client, evaluation, enterprise_admin):
    response = add(client, enterprise_admin, evaluation, file=upload("票据.pdf", b"MZ\x90\x00" + b"\x00" * 200),
                   description="设备采购发票")  # fmt: skip
    assert response.status_code == 400
    body = response.content.decode()
    assert "票据.pdf" in body and "可执行程序" in body and 'value="设备采购发票"' in body
    assert 'id="id_file_error"' in body  # under the file input
    assert not EvaluationEvidence.objects.exists()


def test_no_file_chosen_says_so(client, evaluation, enterprise_admin):
    response = add(client, enterprise_admin, evaluation, description="说明")
    assert response.status_code == 400 and services.NO_FILE in response.content.decode()
    assert_opens_at(response, "evidence", FORM_HAS_ERRORS.format(count=1))


def test_a_body_over_the_limit_is_refused_at_the_file_with_the_reason(client, evaluation, enterprise_admin):
    """core.upload_limits stops reading an oversized body at the file: the page says it was too large (not that
    no file was chosen), under the file input, with the description kept."""
    with override_settings(UPLOAD_MAX_REQUEST_BYTES=4096):
        response = add(client, enterprise_admin, evaluation, description="设备采购发票",
                       file=upload(content=pdf_bytes("x" * 8000)))  # fmt: skip
        message = upload_too_large_message()
    assert response.status_code == 400
    body = response.content.decode()
    assert message.startswith("文件过大") and message in body and services.NO_FILE not in body
    assert 'id="id_file_error"' in body and 'value="设备采购发票"' in body
    assert not EvaluationEvidence.objects.exists()


def test_the_files_are_fixed_once_the_self_evaluation_is_submitted(client, evaluation, enterprise_admin):
    evidence = services.evaluation_evidence_add(actor=enterprise_admin, evaluation=evaluation, upload=upload())
    evaluation_services.evaluation_self_submit(
        actor=enterprise_admin, evaluation=evaluation, finals=finals_for(evaluation), summary="已完成。"
    )
    response = add(client, enterprise_admin, mine(enterprise_admin), file=upload("补充.pdf"))
    assert response.status_code == 400 and "补充.pdf" not in EvaluationEvidence.objects.values_list(
        "original_name", flat=True
    )
    body = client.get(reverse("performance:evaluation", args=[evaluation.pk])).content.decode()
    assert evidence.original_name in body and reverse("performance:evidence_remove", args=[evidence.pk]) not in body
    response = client.post(reverse("performance:evidence_remove", args=[evidence.pk]), follow=True)
    assert EvaluationEvidence.objects.filter(pk=evidence.pk).exists()
    assert "不能" in response.content.decode() or "不可" in response.content.decode()


def test_removing_deletes_the_file_after_the_commit(
    client, evaluation, enterprise_admin, django_capture_on_commit_callbacks
):
    evidence = services.evaluation_evidence_add(actor=enterprise_admin, evaluation=evaluation, upload=upload())
    storage, name = evidence.file.storage, evidence.file.name
    client.force_login(enterprise_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("performance:evidence_remove", args=[evidence.pk]), follow=True)
    assert "已删除佐证材料：验收报告.pdf" in response.content.decode()
    assert not EvaluationEvidence.objects.exists() and not storage.exists(name)
    assert AuditEvent.objects.filter(verb=AuditVerb.EVIDENCE_REMOVED).count() == 1


def test_at_most_twenty_files(evaluation, enterprise_admin):
    for n in range(services.MAX_EVIDENCE_FILES):
        services.evaluation_evidence_add(actor=enterprise_admin, evaluation=evaluation, upload=upload(f"{n}.pdf"))
    with pytest.raises(Exception) as refused:
        services.evaluation_evidence_add(actor=enterprise_admin, evaluation=evaluation, upload=upload("21.pdf"))
    assert services.TOO_MANY_FILES in str(refused.value)
