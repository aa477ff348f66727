"""The dashboard's deadlines for every jurisdiction in one query equal applications.selectors.submission_deadline,
whatever windows the counties and the city set."""

from __future__ import annotations

import datetime as dt

import pytest

from accounts.models import Jurisdiction
from applications.models import SubmissionWindow
from applications.selectors import submission_deadline
from dashboard.selectors import deadlines_by_jurisdiction

pytestmark = pytest.mark.django_db

EARLIER, REOPENED = SubmissionWindow.Kind.COUNTY_EARLIER, SubmissionWindow.Kind.CITY_REOPENED


@pytest.mark.parametrize(
    "windows",
    [
        [],
        [("430405", EARLIER, dt.date(2023, 8, 18)), ("430405", EARLIER, dt.date(2023, 8, 20))],
        [(None, REOPENED, dt.date(2023, 9, 30)), ("430481", REOPENED, dt.date(2023, 10, 8))],
        [("430405", EARLIER, dt.date(2023, 8, 18)), (None, REOPENED, dt.date(2023, 9, 1))],
        [("430482", REOPENED, dt.date(2023, 8, 20)), ("430482", EARLIER, dt.date(2023, 8, 10))],
    ],
)
def test_deadlines_equal_submission_deadline(stored_pack, windows, django_assert_num_queries):
    for code, kind, closes_on in windows:
        jurisdiction = Jurisdiction.objects.get(code=code) if code else None
        SubmissionWindow.objects.create(pack=stored_pack, jurisdiction=jurisdiction, kind=kind, closes_on=closes_on,
                                        reason="测试")  # fmt: skip
    jurisdictions = list(Jurisdiction.objects.all())
    assert stored_pack.notice["deadline"] == "2023-08-25"  # the pack's text read before counting
    with django_assert_num_queries(1):  # the windows
        deadlines = deadlines_by_jurisdiction(pack=stored_pack, jurisdictions=jurisdictions)
    for jurisdiction in jurisdictions:
        expected = submission_deadline(pack=stored_pack, jurisdiction=jurisdiction).closes_on
        assert deadlines[jurisdiction.pk] == expected, jurisdiction.name
