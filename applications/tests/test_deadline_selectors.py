"""applications.selectors.submission_deadline reads the windows in one query and picks the same one as the rule
says (a county's earliest earlier window; the city's latest re-opening for the county or the whole city; on the
same date the one created first); application_deadline reads it once per application object."""

from __future__ import annotations

import datetime as dt

import pytest

from accounts.models import Jurisdiction
from applications.models import SubmissionWindow
from applications.selectors import application_deadline, deadline_of_windows, submission_deadline
from applications.tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db

EARLIER, REOPENED = SubmissionWindow.Kind.COUNTY_EARLIER, SubmissionWindow.Kind.CITY_REOPENED
ZHUHUI = "430405"


def _expected(pack, jurisdiction):
    """The rule spelled out over every window of the pack, in creation order."""
    windows = list(SubmissionWindow.objects.filter(pack=pack).order_by("pk"))
    earlier = [w for w in windows if w.kind == EARLIER and w.jurisdiction_id == jurisdiction.pk]
    reopened = [w for w in windows if w.kind == REOPENED and w.jurisdiction_id in (None, jurisdiction.pk)]
    return deadline_of_windows(
        notice=pack.data["pack"]["notice"],
        jurisdiction=jurisdiction,
        earlier=min(earlier, key=lambda w: w.closes_on, default=None),
        reopened=max(reopened, key=lambda w: w.closes_on, default=None),
    )


@pytest.mark.parametrize(
    "windows",
    [
        [],
        [(ZHUHUI, EARLIER, "2023-08-20", "甲"), (ZHUHUI, EARLIER, "2023-08-18", "乙")],
        [(ZHUHUI, EARLIER, "2023-08-18", "先设"), (ZHUHUI, EARLIER, "2023-08-18", "后设")],
        [("430406", EARLIER, "2023-08-10", "别的县"), (ZHUHUI, EARLIER, "2023-08-22", "本县")],
        [(None, REOPENED, "2023-09-30", "全市"), (ZHUHUI, REOPENED, "2023-10-08", "本县")],
        [(None, REOPENED, "2023-10-08", "全市先设"), (ZHUHUI, REOPENED, "2023-10-08", "本县后设")],
        [("430406", REOPENED, "2023-11-01", "别的县"), (ZHUHUI, EARLIER, "2023-08-18", "提前")],
        [(ZHUHUI, EARLIER, "2023-08-18", "提前"), (None, REOPENED, "2023-09-01", "重开")],
    ],
)
def test_one_query_and_the_rules_choice(stored_pack, windows, django_assert_num_queries):
    for code, kind, closes_on, reason in windows:
        jurisdiction = Jurisdiction.objects.get(code=code) if code else None
        SubmissionWindow.objects.create(pack=stored_pack, jurisdiction=jurisdiction, kind=kind, reason=reason,
                                        closes_on=dt.date.fromisoformat(closes_on))  # fmt: skip
    zhuhui = Jurisdiction.objects.get(code=ZHUHUI)
    assert stored_pack.notice["deadline"] == "2023-08-25"  # the pack's text read before counting
    with django_assert_num_queries(1):
        deadline = submission_deadline(pack=stored_pack, jurisdiction=zhuhui)
    assert deadline == _expected(stored_pack, zhuhui)  # the date and the sentence that names the window


def test_the_application_reads_its_deadline_once(stored_pack, profile, enterprise_admin, django_assert_num_queries):
    ApplicationFactory(enterprise=enterprise_admin.organisation, pack=stored_pack)
    from applications.models import Application

    application = Application.objects.select_related("pack", "enterprise__jurisdiction").get()
    assert application.pack.notice["deadline"] == "2023-08-25"
    with django_assert_num_queries(1):
        first = application_deadline(application)
        assert application_deadline(application) is first
    assert first == submission_deadline(pack=application.pack, jurisdiction=application.enterprise.jurisdiction)
    again = Application.objects.select_related("pack", "enterprise__jurisdiction").get()
    again.pack = application.pack  # the pack's text already read
    with django_assert_num_queries(1):  # another object reads again: a service's locked copy is never this one
        application_deadline(again)
