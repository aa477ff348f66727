"""Export views: inline downloads, background jobs with polling, download and retry; every one refuses
a user who may not see the object, and the wrong HTTP method."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.urls import reverse

from core.models import AuditEvent
from documents.choices import ExportJobStatus
from documents.models import ExportJob
from documents.views.exports import BAD_OPTIONS

pytestmark = pytest.mark.usefixtures("echo_exporters")


def test_inline_export_downloads_with_a_chinese_file_name(client, county_industry):
    client.force_login(county_industry)
    response = client.get(reverse("documents:export", args=["test_echo_inline"]), {"rows": 2})
    assert response.status_code == 200
    assert response.content == b"rows=2"
    assert f"filename*=UTF-8''{quote('测试导出.xlsx')}" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert AuditEvent.objects.filter(verb="document_exported", actor=county_industry).count() == 1


def test_export_refuses_who_may_not_see_it(client, enterprise_admin):
    client.force_login(enterprise_admin)
    assert client.get(reverse("documents:export", args=["test_echo_inline"])).status_code == 404
    assert client.post(reverse("documents:jobs"), {"exporter": "test_echo"}).status_code == 404
    assert not ExportJob.objects.exists()


def test_export_needs_login(client):
    response = client.get(reverse("documents:export", args=["test_echo_inline"]))
    assert response.status_code == 302 and "login" in response["Location"]


def test_unknown_export_and_bad_options(client, county_industry):
    client.force_login(county_industry)
    assert client.get(reverse("documents:export", args=["no_such_export"])).status_code == 404
    response = client.get(reverse("documents:export", args=["test_echo_inline"]), {"rows": "很多"})
    assert response.status_code == 400 and BAD_OPTIONS in response.content.decode()


def test_export_wrong_method(client, county_industry):
    client.force_login(county_industry)
    assert client.post(reverse("documents:export", args=["test_echo_inline"])).status_code == 405


def test_a_link_to_a_bulk_export_asks_before_starting(client, county_industry):
    client.force_login(county_industry)
    response = client.get(reverse("documents:export", args=["test_echo"]), {"rows": 5})
    assert response.status_code == 200
    html = response.content.decode()
    assert "开始生成" in html and 'name="rows" value="5"' in html and 'method="post"' in html
    assert not ExportJob.objects.exists()


def test_bulk_export_runs_as_a_job_and_the_page_polls(client, county_industry, django_capture_on_commit_callbacks):
    client.force_login(county_industry)
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(reverse("documents:jobs"), {"exporter": "test_echo", "rows": "3"})
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("documents:job_detail", args=[job.pk])
    assert job.params == {"rows": "3"} and job.requested_by == county_industry

    page = client.get(response["Location"]).content.decode()
    assert "排队中" in page and 'hx-trigger="every 1s"' in page

    from documents.services import export_job_run

    export_job_run(job_id=str(job.pk))
    partial = client.get(reverse("documents:job_detail", args=[job.pk]), headers={"HX-Request": "true"})
    html = partial.content.decode()
    assert "<html" not in html and "已完成" in html and "every 1s" not in html  # polling stops
    download = client.get(reverse("documents:job_download", args=[job.pk]))
    assert b"".join(download.streaming_content) == b"rows=3"
    assert "attachment" in download["Content-Disposition"]


def test_someone_elses_job_is_404(client, county_industry, county_finance, django_capture_on_commit_callbacks):
    client.force_login(county_industry)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("documents:jobs"), {"exporter": "test_echo"})
    job = ExportJob.objects.get()
    assert job.status == ExportJobStatus.DONE
    client.force_login(county_finance)  # same county, other person
    for name in ("documents:job_detail", "documents:job_download"):
        assert client.get(reverse(name, args=[job.pk])).status_code == 404
    assert client.post(reverse("documents:job_retry", args=[job.pk])).status_code == 404
    assert job.pk not in [j.pk for j in client.get(reverse("documents:jobs")).context["jobs"]]


def test_download_before_done_is_404(client, county_industry, django_capture_on_commit_callbacks):
    client.force_login(county_industry)
    with django_capture_on_commit_callbacks(execute=False):
        client.post(reverse("documents:jobs"), {"exporter": "test_echo"})
    job = ExportJob.objects.get()
    assert client.get(reverse("documents:job_download", args=[job.pk])).status_code == 404


def test_failed_job_shows_the_reason_and_a_retry_button(client, county_industry, django_capture_on_commit_callbacks):
    client.force_login(county_industry)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("documents:jobs"), {"exporter": "test_echo", "fail": "true"})
    job = ExportJob.objects.get()
    html = client.get(reverse("documents:job_detail", args=[job.pk])).content.decode()
    assert "生成失败" in html and "重试" in html and 'role="alert"' in html
    assert client.get(reverse("documents:job_retry", args=[job.pk])).status_code == 405
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("documents:job_retry", args=[job.pk]))
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.attempts == 2  # failed again (the option still says fail), and that is shown again
    assert job.status == ExportJobStatus.FAILED


def test_retry_of_a_done_job_says_why(client, county_industry, django_capture_on_commit_callbacks):
    client.force_login(county_industry)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("documents:jobs"), {"exporter": "test_echo"})
    job = ExportJob.objects.get()
    response = client.post(reverse("documents:job_retry", args=[job.pk]), follow=True)
    assert "只有失败的导出任务可以重试" in response.content.decode()


def test_job_list_shows_only_mine(client, county_industry, django_capture_on_commit_callbacks):
    client.force_login(county_industry)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("documents:jobs"), {"exporter": "test_echo"})
    html = client.get(reverse("documents:jobs")).content.decode()
    assert "测试导出" in html and "下载" in html
    assert client.put(reverse("documents:jobs")).status_code == 405
