"""The 自评's 佐证材料 on the evaluation page: the enterprise uploads and removes files while its 自评 is open
or returned; everyone who sees the evaluation downloads them, only through this authenticated view."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.views.decorators.http import require_GET, require_POST

from core.actions import run_action, run_form_action
from performance import permissions
from performance.services import evidence as services
from performance.views import evaluation as evaluation_views


class EvidenceForm(forms.Form):
    file = forms.FileField(
        label="佐证材料文件", required=False, help_text="PDF、JPG、PNG、DOCX 或 XLSX，单个文件不超过 50 MB。"
    )
    description = forms.CharField(
        label="说明", required=False, max_length=200, help_text="例如：对应的三级指标、票据或验收报告名称。"
    )


def _evidence_url(evaluation_pk: int) -> str:
    return f"{reverse('performance:evaluation', args=[evaluation_pk])}#evidence"


@require_POST
@login_required
def evidence_add(request, pk: int):
    evaluation = permissions.get_evaluation_for_user_or_404(request.user, pk)
    form = EvidenceForm(request.POST, request.FILES)
    added = run_form_action(
        form, lambda: services.evaluation_evidence_add(
            actor=request.user, evaluation=evaluation, upload=form.cleaned_data["file"],
            description=form.cleaned_data["description"],
        ),
    )  # fmt: skip
    if not added:
        return evaluation_views.evaluation_page(request, evaluation, status=400, evidence_form=form)
    messages.success(request, f"已上传佐证材料：{form.cleaned_data['file'].name}")
    return redirect(_evidence_url(evaluation.pk))


@require_POST
@login_required
def evidence_remove(request, pk: int):
    evidence = permissions.get_evidence_for_user_or_404(request.user, pk)
    return run_action(
        request, lambda: services.evaluation_evidence_remove(actor=request.user, evidence=evidence),
        then=_evidence_url(evidence.evaluation_id), done=f"已删除佐证材料：{evidence.original_name}",
    )  # fmt: skip


@require_GET
@login_required
def evidence_download(request, pk: int):
    """Files are served only here, after the permission check; never from a public URL."""
    evidence = permissions.get_evidence_for_user_or_404(request.user, pk)
    response = FileResponse(evidence.file.open("rb"), as_attachment=True, filename=evidence.original_name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


urlpatterns = [
    path("evaluation/<int:pk>/evidence/", evidence_add, name="evidence_add"),
    path("evidence/<int:pk>/remove/", evidence_remove, name="evidence_remove"),
    path("evidence/<int:pk>/", evidence_download, name="evidence_download"),
]
