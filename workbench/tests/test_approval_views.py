"""Submit, approval with the changes against the published pack, return with a reason, and the zip download."""

import io
import zipfile

import pytest
from django.urls import reverse

from policies.choices import PackStatus
from policies.models import PolicyPack
from workbench.choices import DraftStatus
from workbench.services import data_digest, draft_data_save

pytestmark = pytest.mark.django_db


def _submitted(client, city_sme, draft):
    client.force_login(city_sme)
    response = client.post(reverse("workbench:submit", args=[draft.pk]), follow=True)
    assert "已提交审批" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == DraftStatus.SUBMITTED
    return draft


def test_the_approver_sees_the_changes_and_publishes(client, city_sme, approver, draft):
    deadline = draft.data["pack"]["notice"] | {"deadline": "2024-08-30"}
    data = {**draft.data, "pack": {**draft.data["pack"], "notice": deadline}}
    draft = draft_data_save(
        actor=city_sme, draft=draft, data=data, what="修改截止日期", expected_data_version=draft.data_version
    )
    draft = _submitted(client, city_sme, draft)
    client.force_login(approver)
    url = reverse("workbench:approval", args=[draft.pk])
    page = client.get(url).content.decode()
    assert "与已发布政策包相比的变更" in page and "2024-08-30" in page
    assert "审批通过并发布" in page
    response = client.post(url, {"digest": data_digest(draft.data), "confirm": "on"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == DraftStatus.PUBLISHED and draft.approval_name == "中小企业科审批员"
    pack = PolicyPack.objects.get(pack_id="hengyang-2024-gxj", version=1)
    assert pack.status == PackStatus.PUBLISHED and pack.data == draft.data
    download = client.get(reverse("workbench:export_zip", args=[draft.pk]))
    assert download["Content-Type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(download.content)).namelist()
    assert "hengyang-2024-gxj-v1/pack.yaml" in names and "hengyang-2024-gxj-v1/items/02.yaml" in names


def test_approval_needs_the_confirmation(client, city_sme, approver, draft):
    draft = _submitted(client, city_sme, draft)
    client.force_login(approver)
    url = reverse("workbench:approval", args=[draft.pk])
    response = client.post(url, {"digest": data_digest(draft.data)})
    assert response.status_code == 400 and "请勾选确认后再签批" in response.content.decode()
    response = client.post(url, {"digest": "0" * 64, "confirm": "on"})
    assert response.status_code == 400 and "草稿内容在您核对后已变化" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == DraftStatus.SUBMITTED


def test_the_preparer_cannot_approve_even_by_a_crafted_post(client, city_sme, draft):
    draft = _submitted(client, city_sme, draft)
    url = reverse("workbench:approval", args=[draft.pk])
    page = client.get(url).content.decode()
    assert "须由中小企业科另一名工作人员审批" in page and 'id="approve-form"' not in page
    assert client.post(url, {"digest": data_digest(draft.data), "confirm": "on"}).status_code == 404
    assert client.post(reverse("workbench:return", args=[draft.pk]), {"reason": "x"}).status_code == 404
    draft.refresh_from_db()
    assert draft.status == DraftStatus.SUBMITTED and draft.approved_by is None
    assert not PolicyPack.objects.filter(pack_id="hengyang-2024-gxj").exists()


def test_return_with_a_reason_then_the_preparer_edits_again(client, city_sme, approver, draft):
    draft = _submitted(client, city_sme, draft)
    client.force_login(approver)
    url = reverse("workbench:return", args=[draft.pk])
    response = client.post(url, {"reason": ""})
    assert response.status_code == 400 and "请填写退回原因" in response.content.decode()
    assert client.post(url, {"reason": "第2项门槛请核对"}).status_code == 302
    client.force_login(city_sme)
    page = client.get(reverse("workbench:draft", args=[draft.pk])).content.decode()
    assert "已退回修改" in page and "第2项门槛请核对" in page
    assert client.get(reverse("workbench:notice", args=[draft.pk])).status_code == 200


def test_no_download_before_publishing_and_other_roles_refused(client, city_sme, city_finance, draft):
    client.force_login(city_sme)
    assert client.get(reverse("workbench:export_zip", args=[draft.pk])).status_code == 404
    assert client.get(reverse("workbench:submit", args=[draft.pk])).status_code == 405
    client.force_login(city_finance)
    assert client.post(reverse("workbench:submit", args=[draft.pk])).status_code == 404
    assert client.get(reverse("workbench:approval", args=[draft.pk])).status_code == 404
