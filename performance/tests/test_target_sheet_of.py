"""target_sheet_of: the application page's one read of the 目标表, and none for a draft."""

import pytest

from applications.tests.factories import ApplicationFactory
from applications.workflow import TRANSITIONS, ApplicationStatus
from performance.selectors.targets import target_sheet_of

pytestmark = pytest.mark.django_db


def test_no_transition_leads_back_to_draft():
    # The rule target_sheet_of relies on: a sheet is made at submission or later, and nothing returns to DRAFT.
    assert not [t.name for t in TRANSITIONS.values() if t.target == ApplicationStatus.DRAFT]


def test_a_draft_has_no_sheet_and_costs_no_query(stored_pack, profile, enterprise_admin, django_assert_num_queries):
    draft = ApplicationFactory(enterprise=enterprise_admin.organisation, pack=stored_pack, complete=True)
    with django_assert_num_queries(0):
        assert target_sheet_of(draft) is None


def test_a_submitted_application_reads_its_sheet_once(
    stored_pack, profile, enterprise_admin, django_assert_num_queries
):
    submitted = ApplicationFactory(enterprise=enterprise_admin.organisation, pack=stored_pack, submitted=True)
    with django_assert_num_queries(1):  # no sheet: the prefetches do not run
        target_sheet_of(submitted)
        target_sheet_of(submitted)
