"""Exports: documents rendered in the request are downloaded at once; long or bulk ones become a job that
the page polls until the file is ready."""

from __future__ import annotations

from urllib.parse import quote

import pydantic
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.files import private_file_response
from core.passive_session import session_not_renewed
from documents import services
from documents.choices import ExportJobStatus
from documents.exporters.base import EXPORTERS, Exporter
from documents.permissions import export_jobs_visible_to, get_export_job_for_user_or_404

BAD_OPTIONS = "导出参数不正确，请从页面上的按钮重新导出。"
RESERVED = {"csrfmiddlewaretoken", "exporter"}


def _exporter_for(request, identifier: str, params: dict) -> Exporter:
    cls = EXPORTERS.get(identifier)
    if cls is None:
        raise Http404
    return cls.for_user(request.user, params)


def _params(query) -> dict[str, str]:
    return {k: v for k, v in query.items() if k not in RESERVED}


def attachment_response(content, filename: str, mimetype: str) -> HttpResponse:
    response = HttpResponse(content, content_type=mimetype)
    # RFC 6266: a Chinese file name in filename*; the ASCII fallback keeps old clients working.
    response["Content-Disposition"] = f"attachment; filename=\"export\"; filename*=UTF-8''{quote(filename)}"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_GET
def export_download(request, identifier: str):
    params = _params(request.GET)
    try:
        exporter = _exporter_for(request, identifier, params)
    except pydantic.ValidationError:
        return HttpResponseBadRequest(BAD_OPTIONS)
    if exporter.background:
        # A bulk export is a job: ask for it with POST (a link must not start work).
        return render(request, "documents/export_confirm.html", {"exporter": exporter, "params": params})
    rendered = exporter.render()
    services.document_downloaded_record(actor=request.user, exporter=exporter, rendered=rendered)
    return attachment_response(rendered.content, rendered.filename, rendered.mimetype)


@login_required
@require_http_methods(["GET", "POST"])
def job_list(request):
    if request.method == "POST":
        params = _params(request.POST)
        try:
            exporter = _exporter_for(request, request.POST.get("exporter", ""), params)
        except pydantic.ValidationError:
            return HttpResponseBadRequest(BAD_OPTIONS)
        job = services.export_job_start(actor=request.user, exporter=exporter, params=params)
        return redirect("documents:job_detail", pk=job.pk)
    jobs = export_jobs_visible_to(request.user)[:50]
    return render(request, "documents/job_list.html", {"jobs": jobs})


def _poll_number(request) -> int:
    """Which poll of the page this is (0 when the page is opened; a bad value counts as 0)."""
    try:
        return max(0, int(request.GET.get("poll", 0)))
    except ValueError:
        return 0


@login_required
@require_GET
def job_detail(request, pk):
    job = get_export_job_for_user_or_404(request.user, pk)
    poll = _poll_number(request)
    active = job.status in (ExportJobStatus.PENDING, ExportJobStatus.RUNNING)
    # The page polls until the job ends, or at most POLL_LIMIT times; then the person refreshes it.
    context = {"job": job, "polling": active and poll < services.POLL_LIMIT, "next_poll": poll + 1,
               "poll_stopped": active and poll >= services.POLL_LIMIT}  # fmt: skip
    if request.htmx:
        session_not_renewed(request)  # a poll is not the person's activity: the idle timeout runs on
        return render(request, "documents/job_detail.html#job-status", context)
    return render(request, "documents/job_detail.html", context)


@login_required
@require_GET
def job_download(request, pk):
    job = get_export_job_for_user_or_404(request.user, pk)
    if job.status != ExportJobStatus.DONE or not job.file:
        raise Http404
    return private_file_response(job.file, job.filename, job.mimetype)


@login_required
@require_POST
def job_retry(request, pk):
    job = get_export_job_for_user_or_404(request.user, pk)
    try:
        services.export_job_retry(actor=request.user, job=job)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    return redirect("documents:job_detail", pk=job.pk)
