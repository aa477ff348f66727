"""verify(): the current submission, an earlier round after return-and-resubmit, a wrong digest, an unknown receipt."""

import pytest

from applications import services as application_services
from applications.digest import short_digest
from applications.models import ApplicationRevision
from applications.tests.factories import ApplicationFactory
from applications.tests.helpers import IN_WINDOW
from documents.verification import VerificationStatus, digest_is_well_formed, normalise_receipt_number, verify
from review import services as review_services

pytestmark = pytest.mark.django_db


def return_and_resubmit(application, county_finance, enterprise_admin):
    """The county returns the application; the enterprise changes a figure and submits again."""
    review_services.county_opinion_record(
        actor=county_finance, application=application, decision="return", reason="请核实申请金额"
    )
    application.refresh_from_db()
    application = application_services.application_save(
        actor=enterprise_admin, application=application, answers=application.answers,
        summary={"requested_amount": 45}, expected_version=application.version,
    )  # fmt: skip
    return application_services.application_submit(actor=enterprise_admin, application=application, now=IN_WINDOW)


def dashed_lower(digest: str) -> str:
    return short_digest(digest).lower()


def test_the_current_digest_matches_in_every_written_form(submitted):
    digest = submitted.submission_digest
    for typed in (
        digest,
        digest.upper(),
        short_digest(digest),
        dashed_lower(digest),
        digest[:16],
        f" {digest[:8]} {digest[8:16]} ",
    ):
        result = verify(submitted.receipt_number, typed)
        assert result.status == VerificationStatus.MATCH, typed
    assert result.enterprise_name == submitted.enterprise.name
    assert result.item == f"{submitted.item.number}. {submitted.item.name}"
    assert result.submitted_at == submitted.submitted_at
    assert result.short_digest == short_digest(digest)
    assert (result.round, result.rounds) == (1, 1)


def test_the_receipt_number_is_read_as_typed(submitted):
    typed = "  " + submitted.receipt_number.lower().replace("-", "－") + " "  # full-width dashes from an input method
    assert verify(typed, submitted.submission_digest).status == VerificationStatus.MATCH


def test_an_earlier_round_is_recognised_and_named(submitted, county_finance, enterprise_admin):
    first = submitted.submission_digest
    resubmitted = return_and_resubmit(submitted, county_finance, enterprise_admin)
    assert resubmitted.receipt_number == submitted.receipt_number and resubmitted.submission_digest != first
    digests = list(
        ApplicationRevision.objects.filter(application=submitted, kind="submit")
        .order_by("version")
        .values_list("summary__digest", flat=True)
    )
    assert digests == [first, resubmitted.submission_digest]

    earlier = verify(submitted.receipt_number, dashed_lower(first))
    assert earlier.status == VerificationStatus.SUPERSEDED
    assert (earlier.round, earlier.rounds) == (1, 2) and earlier.short_digest == short_digest(first)
    assert earlier.submitted_at == IN_WINDOW  # that round's submission time, not when its revision row was written
    current = verify(submitted.receipt_number, resubmitted.submission_digest)
    assert current.status == VerificationStatus.MATCH and (current.round, current.rounds) == (2, 2)
    assert current.submitted_at == resubmitted.submitted_at


def test_a_wrong_digest_is_rejected_without_details(submitted):
    wrong = ("0" if submitted.submission_digest[0] != "0" else "1") + submitted.submission_digest[1:]
    for typed in (wrong, wrong[:16], "not a digest", "abcd"):
        result = verify(submitted.receipt_number, typed)
        assert result.status == VerificationStatus.MISMATCH, typed
        assert (result.enterprise_name, result.item, result.submitted_at, result.short_digest) == ("", "", None, "")


def test_an_unknown_receipt_says_only_not_found(submitted):
    result = verify("HY2023-430405-02-99999", submitted.submission_digest)
    assert result.status == VerificationStatus.UNKNOWN and not result.matched
    assert (result.enterprise_name, result.item, result.submitted_at) == ("", "", None)
    assert verify("", submitted.submission_digest).status == VerificationStatus.UNKNOWN


def test_a_draft_without_a_receipt_is_unknown(stored_pack, profile, enterprise_admin):
    draft = ApplicationFactory(enterprise=enterprise_admin.organisation, pack=stored_pack, complete=True)
    assert draft.receipt_number is None
    assert verify("None", "0" * 64).status == VerificationStatus.UNKNOWN


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("hy2023-430405-02-00001", "HY2023-430405-02-00001"), (" HY2023 -430405-02-00001 ", "HY2023-430405-02-00001"),
     ("ＨＹ２０２３－４３０４０５", "HY2023-430405"), ("", "")],
)  # fmt: skip
def test_normalise_receipt_number(typed, expected):
    assert normalise_receipt_number(typed) == expected


@pytest.mark.parametrize(
    ("typed", "ok"),
    [("3F2A-9C1B-0D4E-77A0", True), ("3f2a 9c1b 0d4e 77a0", True), ("a" * 64, True), ("３Ｆ２Ａ-9C1B-0D4E-77A0", True),
     ("3F2A-9C1B-0D4E", False), ("a" * 63, False), ("", False)],
)  # fmt: skip
def test_digest_is_well_formed(typed, ok):
    assert digest_is_well_formed(typed) is ok
