"""The 自评's 佐证材料 on the evaluation page: the enterprise uploads and removes files while its 自评 is open
or returned; everyone who sees the evaluation downloads them, only through this authenticated view."""

from __future__ import annotations

from django import forms
from django.urls import path, reverse

from core.actions import button_view, form_step_view
from core.files import download_view
from core.upload_limits import upload_too_large_message, upload_was_too_large
from performance import permissions
from performance.services import evidence as services
from performance.views.evaluation import evaluation_page


class EvidenceForm(forms.Form):
    # The description comes first in the body: a file over the size limit stops the reading there (core.upload_limits),
    # and what was typed before it is kept.
    description = forms.CharField(
        label="说明", required=False, max_length=200, help_text="例如：对应的三级指标、票据或验收报告名称。"
    )
    file = forms.FileField(
        label="佐证材料文件", required=False, help_text="PDF、JPG、PNG、DOCX 或 XLSX，单个文件不超过 50 MB。"
    )

    def __init__(self, *args, too_large: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.too_large = too_large

    def clean(self):
        # core.upload_limits stopped reading the body at the file: say why there is none, at the file.
        if self.too_large:
            self.add_error("file", upload_too_large_message())
        return super().clean()


def _evidence_url(evaluation_pk: int) -> str:
    return f"{reverse('performance:evaluation', args=[evaluation_pk])}#evidence"


evidence_add = form_step_view(
    get_or_404=permissions.get_evaluation_for_user_or_404,
    form=lambda request, _: EvidenceForm(request.POST, request.FILES, too_large=upload_was_too_large(request)),
    call=lambda user, evaluation, form: services.evaluation_evidence_add(
        actor=user, evaluation=evaluation, upload=form.cleaned_data["file"],
        description=form.cleaned_data["description"],
    ),
    then=lambda acted: _evidence_url(acted.target.pk),
    done=lambda acted: f"已上传佐证材料：{acted.result.original_name}",
    invalid=lambda request, evaluation, form: evaluation_page(
        request, evaluation, status=400, focus="evidence", evidence_form=form
    ),
)  # fmt: skip
evidence_remove = button_view(
    get_or_404=permissions.get_evidence_for_user_or_404,
    call=lambda user, evidence: services.evaluation_evidence_remove(actor=user, evidence=evidence),
    then=lambda acted: _evidence_url(acted.target.evaluation_id),
    done=lambda acted: f"已删除佐证材料：{acted.target.original_name}",
)


evidence_download = download_view(get_or_404=permissions.get_evidence_for_user_or_404)


urlpatterns = [
    path("evaluation/<int:pk>/evidence/", evidence_add, name="evidence_add"),
    path("evidence/<int:pk>/remove/", evidence_remove, name="evidence_remove"),
    path("evidence/<int:pk>/", evidence_download, name="evidence_download"),
]
