"""performance's answers to the signals of the apps below it, connected when apps.ready imports this module:
- the application workflow's transition (applications/signals.py): at submission the 附件3 answers become
  the 绩效目标表, at the award the targets are frozen. They run inside the transition's transaction, so a
  refusal here (frozen or returned targets) undoes the transition too;
- the county's 同意 (review/signals.py): refused while the targets wait for the county's 目标审核 or are
  back with the enterprise (通知 五: the 绩效目标 is a precondition of the budget);
- the daily reminder run (notifications/signals.py): monitoring reports due."""

from __future__ import annotations

from collections.abc import Sequence

from django.dispatch import receiver

from accounts import permissions as base
from applications.models import Application
from notifications.signals import reminders_due
from performance.models import PerformanceTargetSheet
from performance.services import reminders, targets
from performance.workflow import TARGETS_COUNTY_REVIEWED, TargetStatus
from review.signals import county_approval_requested

# The refusals shown at the county's opinion form (tests import them).
TARGETS_NOT_REVIEWED = (
    "绩效目标尚未经县级审核，暂不能提出同意意见：请先在申报页的“绩效目标审核”栏完成县级绩效目标审核，再提出审核意见。"
)
TARGETS_NOT_REVIEWED_BY_INDUSTRY = (
    "绩效目标尚未经县级审核，暂不能提出同意意见：请待本县市区、园区工信部门完成绩效目标审核后，再提出审核意见。"
)
TARGETS_RETURNED_NOT_CORRECTED = (
    "绩效目标已退回企业修改，企业尚未重新提交，暂不能提出同意意见：待企业重新提交并经县级绩效目标审核通过后，方可同意。"
)


def targets_on_application_transitioned(
    sender, *, transition: str, applications: Sequence[Application], actor, **kwargs
) -> None:
    if transition == "submit":
        for application in applications:
            targets.target_sheet_store(actor=actor, application=application)
    elif transition == "award":
        targets.target_sheets_freeze(actor=actor, applications=applications)


@receiver(county_approval_requested, dispatch_uid="performance.targets_before_county_approval")
def targets_before_county_approval(sender, *, applications: Sequence[Application], actor, **kwargs) -> dict[int, str]:
    """{application pk: refusal} for the applications whose 绩效目标 the county has not accepted yet. An
    application without a 目标表 (submitted before there was one) is not held back. The sheets are locked,
    so that a 目标审核 returning them cannot pass the approval unseen."""
    statuses = dict(
        PerformanceTargetSheet.objects.select_for_update()
        .filter(application_id__in=[a.pk for a in applications])
        .values_list("application_id", "status")
    )
    refusals = {pk: county_approval_refusal(status=status, actor=actor) for pk, status in statuses.items()}
    return {pk: refusal for pk, refusal in refusals.items() if refusal}


def county_approval_refusal(*, status: str | None, actor) -> str:
    """Why targets in `status` (None: no 目标表) hold back the county's 同意 by `actor`; "" when they do not.
    Also the hint shown above the county's opinion form, so that the reviewer knows before choosing 同意."""
    if status is None or status in TARGETS_COUNTY_REVIEWED:
        return ""
    if status == TargetStatus.RETURNED:
        return TARGETS_RETURNED_NOT_CORRECTED
    return TARGETS_NOT_REVIEWED if base.is_county_industry_reviewer(actor) else TARGETS_NOT_REVIEWED_BY_INDUSTRY


@receiver(reminders_due, dispatch_uid="performance.monitoring_reminders")
def monitoring_reminders_on_reminders_due(sender, *, today, **kwargs):
    return reminders.monitoring_reminders_send(today=today)
