"""The application bundle (申报材料包) exporter: the 申报书, the 绩效目标表 and every uploaded material in one ZIP."""

from __future__ import annotations

from django.http import Http404

from applications.workflow import EDITABLE_STATES
from core.text import safe_filename
from documents.bundle import GeneratedFile, build_bundle
from documents.exporters.application_docx import ApplicationDocx, PerformanceTargetsDocx, verification_url
from documents.exporters.base import ZIP, ApplicationExporter, Exporter, Progress, Rendered, no_progress, register
from documents.exporters.performance_xlsx import PerformanceTargetsXlsx

NOT_SUBMITTED = "申报尚未提交（或已退回修改、尚未重新提交），没有可打包的申报材料。"


def _generators() -> list[tuple[str, str, type[Exporter]]]:
    """(member name, what it is, exporter) for the documents the platform renders into the bundle."""
    return [
        ("01-申报书.docx", "申报书", ApplicationDocx),
        ("02-绩效目标表.docx", "绩效目标表（附件3）", PerformanceTargetsDocx),
        ("02-绩效目标表.xlsx", "绩效目标表（附件3）", PerformanceTargetsXlsx),
    ]


@register
class ApplicationBundle(ApplicationExporter):
    identifier = "application_bundle"
    verbose_name = "申报材料包（ZIP）"
    background = True

    @classmethod
    def objects_for(cls, application) -> dict:
        # While the enterprise may still edit, the files are not those it submitted (nor those the digest covers).
        if not application.receipt_number or application.status in EDITABLE_STATES:
            raise Http404(NOT_SUBMITTED)
        return {}

    def render(self, progress: Progress = no_progress) -> Rendered:
        application = self.objects["application"]
        generated = []
        for name, material, exporter in _generators():
            try:
                rendered = exporter.for_user(self.user, {"application": application.pk}).render()
            except Http404:  # e.g. no 附件3 in an application frozen without it: the bundle goes without
                continue
            generated.append((material, GeneratedFile(name=name, content=rendered.content)))
        content = build_bundle(
            application,
            generated,
            progress=progress,
            verification_url=verification_url(application.receipt_number, application.submission_digest),
        )
        filename = (
            f"申报材料包-{safe_filename(application.receipt_number)}-{safe_filename(application.enterprise.name)}.zip"
        )
        return Rendered(filename=filename, mimetype=ZIP, content=content)
