"""The reset of reviewed targets is a row of the declarative table (performance/workflow.py targets_reset):
an application returned and resubmitted with changed 附件3 answers takes its targets back to 待目标审核
through it, the audit event names it, and only the enterprise takes it."""

import pytest
from django.core.exceptions import ValidationError

from accounts.choices import Role
from core.choices import AuditVerb
from core.models import AuditEvent
from performance.models import PerformanceTargetSheet
from performance.tests.targets_helpers import (
    FORM_ID,
    application_at,
    indicator_row,
    owner_of,
    transitioned,
    usable_targets,
)
from performance.workflow import TARGET_TRANSITIONS, TargetStatus, transition_allowed

pytestmark = pytest.mark.django_db
T = TargetStatus
ENTERPRISE = frozenset({Role.ENTERPRISE_ADMIN})


def test_the_table_declares_the_reset_of_reviewed_targets():
    reset = TARGET_TRANSITIONS["targets_reset"]
    assert set(reset.sources) == {T.SUBMITTED, T.COUNTY_ACCEPTED, T.ACCEPTED} and reset.target == T.SUBMITTED
    assert transition_allowed(TARGET_TRANSITIONS, "targets_reset", T.ACCEPTED, ENTERPRISE) == ""
    # Frozen targets change only by 目标调整; returned ones come back by targets_resubmit.
    assert "当前状态不能" in transition_allowed(TARGET_TRANSITIONS, "targets_reset", T.FROZEN, ENTERPRISE)
    assert "当前状态不能" in transition_allowed(TARGET_TRANSITIONS, "targets_reset", T.RETURNED, ENTERPRISE)
    assert "权限" in transition_allowed(
        TARGET_TRANSITIONS, "targets_reset", T.ACCEPTED, frozenset({Role.COUNTY_INDUSTRY_REVIEWER})
    )


@pytest.fixture
def submitted(stored_pack):
    application = application_at(stored_pack)
    transitioned("submit", [application], owner_of(application))
    return application


def change_targets(application):
    application.answers = {FORM_ID: usable_targets(output_quantity=[indicator_row("新增智能装备", "≥12", unit="台")])}
    application.save(update_fields=["answers"])


def last_submission_event(application) -> AuditEvent:
    return AuditEvent.objects.filter(verb=AuditVerb.TARGETS_SUBMITTED, target_id=application.pk).latest("pk")


@pytest.mark.parametrize("status", [T.COUNTY_ACCEPTED, T.ACCEPTED, T.SUBMITTED])
def test_changed_targets_are_reset_through_the_table(submitted, status):
    PerformanceTargetSheet.objects.filter(application=submitted).update(status=status)
    change_targets(submitted)
    transitioned("submit", [submitted], owner_of(submitted))
    assert (
        PerformanceTargetSheet.objects.get(application=submitted).status == TARGET_TRANSITIONS["targets_reset"].target
    )
    event = last_submission_event(submitted)
    assert (event.data["transition"], event.data["previous_status"]) == ("targets_reset", status)


def test_returned_targets_come_back_by_resubmission(submitted):
    PerformanceTargetSheet.objects.filter(application=submitted).update(status=T.RETURNED)
    transitioned("submit", [submitted], owner_of(submitted))
    assert last_submission_event(submitted).data["transition"] == "targets_resubmit"


def test_only_the_enterprise_resets_its_targets(submitted, county_industry):
    PerformanceTargetSheet.objects.filter(application=submitted).update(status=T.ACCEPTED)
    change_targets(submitted)
    before = list(PerformanceTargetSheet.objects.get(application=submitted).indicators.values_list("pk", flat=True))
    with pytest.raises(ValidationError, match="您没有修改后的绩效目标重新审核的权限"):
        transitioned("submit", [submitted], county_industry)
    sheet = PerformanceTargetSheet.objects.get(application=submitted)
    assert sheet.status == T.ACCEPTED
    assert list(sheet.indicators.values_list("pk", flat=True)) == before
    assert AuditEvent.objects.filter(verb=AuditVerb.TARGETS_SUBMITTED).count() == 1
