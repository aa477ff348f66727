"""Issue 16 §4: the public verification page does not tell whether a receipt number exists (they are sequential,
so a different answer let anyone count the applications of each county and item), and it is limited per
address."""

import re

import pytest
from django.urls import reverse

from applications.tests.factories import ApplicationFactory
from core.ratelimit import RATE_LIMITED
from documents.verification import VerificationStatus
from documents.views.verify import MESSAGES, NOT_VERIFIED

pytestmark = pytest.mark.django_db
URL = reverse("documents:verify_form")


@pytest.fixture
def submitted(stored_pack, profile, enterprise_admin):
    return ApplicationFactory(enterprise=enterprise_admin.organisation, pack=stored_pack, submitted=True)


def _result(client, receipt, digest="0123456789ABCDEF", ip="198.51.100.9"):
    response = client.get(URL, {"receipt_number": receipt, "digest": digest}, REMOTE_ADDR=ip)
    body = response.content.decode()
    match = re.search(r'<section class="panel" aria-labelledby="verify-result".*?</section>', body, re.S)
    return response.status_code, match.group(0) if match else "", body


def test_a_number_that_exists_and_one_that_does_not_get_the_same_answer(client, submitted):
    existing = submitted.receipt_number
    absent = existing[:-5] + f"{int(existing[-5:]) + 1:05d}"
    _, for_existing, _ = _result(client, existing)
    _, for_absent, _ = _result(client, absent)
    assert for_existing == for_absent and NOT_VERIFIED in for_existing
    assert 'data-status="mismatch"' in for_absent
    assert MESSAGES[VerificationStatus.UNKNOWN] == MESSAGES[VerificationStatus.MISMATCH]


def test_lookups_are_limited_per_address_with_a_chinese_message_at_the_form(client, settings, submitted):
    settings.RATE_LIMITS = {"verify": {"ip": "3/h"}}
    client.get(URL, REMOTE_ADDR="198.51.100.9")  # the empty form is not a lookup
    statuses = [_result(client, f"HY2023-430405-02-{n:05d}")[0] for n in range(5)]
    assert statuses == [200, 200, 200, 429, 429]
    status, result, body = _result(client, submitted.receipt_number)
    assert status == 429 and result == ""  # nothing is looked up
    assert RATE_LIMITED.split("{")[0] in body and f'value="{submitted.receipt_number}"' in body
    assert _result(client, submitted.receipt_number, ip="198.51.100.10")[0] == 200
