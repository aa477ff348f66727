"""Exporters of letters: the county's joint recommendation letter and the enterprise's award notice."""

from __future__ import annotations

from django.http import Http404

from applications.workflow import ApplicationStatus
from core.text import safe_filename
from documents import letters
from documents.exporters.base import (
    DOCX,
    ApplicationExporter,
    Exporter,
    Options,
    Progress,
    Rendered,
    no_progress,
    register,
)
from review import permissions as review_permissions

NOT_AWARDED = "该申报尚未确定奖补，没有奖补通知书。"


class BatchOptions(Options):
    batch: int


@register
class BatchLetterDocx(Exporter):
    identifier = "batch_letter_docx"
    verbose_name = "联合推荐文件（Word）"
    options_model = BatchOptions

    @classmethod
    def for_user(cls, user, params) -> BatchLetterDocx:
        options = cls.options_model.model_validate(params)
        batch = review_permissions.batches_visible_to(user).select_related("pack").filter(pk=options.batch).first()
        if batch is None:
            raise Http404
        return cls(user=user, options=options, batch=batch)

    def render(self, progress: Progress = no_progress) -> Rendered:
        batch = self.objects["batch"]
        letter = letters.batch_letter(batch)
        name = (
            f"联合推荐文件-{safe_filename(batch.jurisdiction.name)}-{safe_filename(batch.number or str(batch.pk))}.docx"
        )
        return Rendered(filename=name, mimetype=DOCX, content=letters.batch_letter_docx(letter))


@register
class AwardNoticeDocx(ApplicationExporter):
    identifier = "award_notice_docx"
    verbose_name = "奖补通知书（Word）"

    @classmethod
    def objects_for(cls, application) -> dict:
        if application.status != ApplicationStatus.AWARDED:
            raise Http404(NOT_AWARDED)
        return {}

    def render(self, progress: Progress = no_progress) -> Rendered:
        application = self.objects["application"]
        notice = letters.award_notice(application)
        name = f"奖补通知书-{safe_filename(notice.receipt_number or str(application.pk))}.docx"
        return Rendered(filename=name, mimetype=DOCX, content=letters.award_notice_docx(notice))
