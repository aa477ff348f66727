"""Checking a printed or downloaded application against the platform: does the digest in its footer (or the
full SM3 digest) belong to the submission with that receipt number, and to which submission round?

Details of the submission (enterprise, item, time) are given only on a match, that is to someone who holds
a genuine copy: receipt numbers are sequential, and must not let anyone list every applicant.
"""

from __future__ import annotations

import datetime as dt
import hmac
import unicodedata
from dataclasses import dataclass

from django.db import models
from django.utils.dateparse import parse_datetime

from applications.digest import SHORT_LENGTH, normalise_digest, short_digest
from applications.models import Application, ApplicationRevision

FULL_LENGTH = 64  # hex digits of an SM3 digest


class VerificationStatus(models.TextChoices):
    MATCH = "match", "一致（当前提交）"
    SUPERSEDED = "superseded", "一致（已被后来的提交取代）"
    MISMATCH = "mismatch", "不一致"
    UNKNOWN = "unknown", "未找到"


@dataclass(frozen=True)
class VerificationResult:
    status: str
    receipt_number: str
    # Only on a match (current or earlier round):
    enterprise_name: str = ""
    item: str = ""
    submitted_at: dt.datetime | None = None
    short_digest: str = ""
    round: int = 0  # which submission of this application the digest belongs to (1 = the first)
    rounds: int = 0  # how many times it has been submitted

    @property
    def matched(self) -> bool:
        return self.status in (VerificationStatus.MATCH, VerificationStatus.SUPERSEDED)


def normalise_receipt_number(text: str) -> str:
    """What a person typed: full-width characters (a Chinese input method) folded, spaces removed, upper case."""
    return "".join(unicodedata.normalize("NFKC", text or "").split()).upper()


def digest_is_well_formed(text: str) -> bool:
    return len(normalise_digest(unicodedata.normalize("NFKC", text or ""))) in (SHORT_LENGTH, FULL_LENGTH)


def _same(typed: str, digest: str) -> bool:
    if not digest:
        return False
    expected = digest.lower() if len(typed) == FULL_LENGTH else digest[:SHORT_LENGTH].lower()
    return len(typed) == len(expected) and hmac.compare_digest(typed, expected)


def verify(receipt_number: str, digest_text: str) -> VerificationResult:
    receipt = normalise_receipt_number(receipt_number)
    typed = normalise_digest(unicodedata.normalize("NFKC", digest_text or ""))
    application = (
        Application.objects.select_related("enterprise", "item").filter(receipt_number=receipt).first()
        if receipt
        else None
    )
    if application is None:
        return VerificationResult(status=VerificationStatus.UNKNOWN, receipt_number=receipt)
    if len(typed) not in (SHORT_LENGTH, FULL_LENGTH):
        return VerificationResult(status=VerificationStatus.MISMATCH, receipt_number=receipt)
    submissions = list(
        ApplicationRevision.objects.filter(application=application, kind=ApplicationRevision.Kind.SUBMIT)
        .order_by("version")
        .values_list("summary", "created_at")
    )
    rounds = len(submissions)
    details = {
        "receipt_number": receipt,
        "enterprise_name": application.enterprise.name,
        "item": f"{application.item.number}. {application.item.name}",
    }
    if _same(typed, application.submission_digest):
        return VerificationResult(
            status=VerificationStatus.MATCH, submitted_at=application.submitted_at,
            short_digest=short_digest(application.submission_digest), round=max(rounds, 1), rounds=max(rounds, 1),
            **details,
        )  # fmt: skip
    for index, (summary, created_at) in enumerate(submissions, start=1):
        digest = (summary or {}).get("digest", "")
        if _same(typed, digest):
            # The submission time of that round (kept in the revision since the digest was introduced).
            stamp = parse_datetime((summary or {}).get("submitted_at", "")) or created_at
            return VerificationResult(
                status=VerificationStatus.SUPERSEDED, submitted_at=stamp, short_digest=short_digest(digest),
                round=index, rounds=rounds, **details,
            )  # fmt: skip
    return VerificationResult(status=VerificationStatus.MISMATCH, receipt_number=receipt)
