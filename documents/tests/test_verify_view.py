"""The public verification page: pre-filled from the QR code's URL, a message per status, no personal data."""

import pytest
from django.urls import reverse

from applications.digest import short_digest
from applications.tests.factories import ApplicationFactory
from applications.tests.helpers import ELIGIBLE_PROFILE
from documents.exporters.application_docx import verification_url
from documents.tests.test_verification import return_and_resubmit
from documents.verification import VerificationStatus
from documents.views.verify import DIGEST_MALFORMED, MESSAGES
from enterprises.tests.factories import make_profile

pytestmark = pytest.mark.django_db

LEGAL_REPRESENTATIVE = "孙法人"
CONTACT_NAME = "李联系"
CONTACT_MOBILE = "13807341111"


@pytest.fixture
def profile(enterprise_admin):
    data = {**ELIGIBLE_PROFILE, "legal_representative_name": LEGAL_REPRESENTATIVE, "contact_name": CONTACT_NAME,
            "contact_mobile": CONTACT_MOBILE}  # fmt: skip
    return make_profile(enterprise=enterprise_admin.organisation, data=data)


@pytest.fixture
def submitted(stored_pack, profile, enterprise_admin):
    return ApplicationFactory(
        enterprise=enterprise_admin.organisation, pack=stored_pack, submitted=True, contact_name=CONTACT_NAME,
        contact_phone=CONTACT_MOBILE,
    )  # fmt: skip


def page(client, path_receipt="", **query):
    url = reverse("documents:verify", args=[path_receipt]) if path_receipt else reverse("documents:verify_form")
    return client.get(url, query)


def assert_no_personal_data(html: str, application, profile) -> None:
    for secret in (LEGAL_REPRESENTATIVE, CONTACT_NAME, CONTACT_MOBILE, profile.uscc, application.commitment_signer,
                   application.created_by.full_name, application.created_by.mobile):  # fmt: skip
        assert secret not in html, secret


def test_the_qr_code_url_prefills_the_receipt_number(client, submitted):
    response = page(client, submitted.receipt_number)
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["receipt_number"] == submitted.receipt_number and not form.is_bound
    html = response.content.decode()
    assert f'value="{submitted.receipt_number}"' in html
    assert f'action="{reverse("documents:verify_form")}"' in html
    assert response.context["result"] is None


def test_the_empty_form(client):
    response = page(client)
    assert response.status_code == 200 and "申报材料真伪核验" in response.content.decode()


def test_a_match_shows_the_submission_and_no_personal_data(
    client, submitted, profile, django_assert_num_queries, settings
):
    # Queries: the application by receipt number (with enterprise and item), its submission revisions. (Not the
    # rate limit's counter: documents/tests/test_security_rate_limits.py.)
    settings.RATE_LIMITS = {}
    with django_assert_num_queries(2):
        response = page(client, submitted.receipt_number, digest=short_digest(submitted.submission_digest).lower())
    html = response.content.decode()
    assert MESSAGES[VerificationStatus.MATCH] in html
    for shown in (submitted.receipt_number, submitted.enterprise.name, submitted.item.name,
                  short_digest(submitted.submission_digest), "2023年8月1日 10:00"):  # fmt: skip
        assert shown in html, shown
    assert_no_personal_data(html, submitted, profile)


def test_the_query_receipt_number_wins_over_the_path(client, submitted):
    response = page(client, "HY2023-000000-00-00000", receipt_number=submitted.receipt_number,
                    digest=submitted.submission_digest)  # fmt: skip
    assert response.context["result"].status == VerificationStatus.MATCH


def test_an_earlier_round_says_which(client, submitted, county_finance, enterprise_admin, profile):
    first = submitted.submission_digest
    return_and_resubmit(submitted, county_finance, enterprise_admin)
    response = page(client, submitted.receipt_number, digest=short_digest(first))
    html = response.content.decode()
    assert MESSAGES[VerificationStatus.SUPERSEDED].format(round=1, rounds=2) in html
    assert "第 1 次提交时间" in html and short_digest(first) in html
    assert_no_personal_data(html, submitted, profile)


def test_a_mismatch_shows_nothing_about_the_application(client, submitted, profile):
    wrong = "0123456789abcdef" if not submitted.submission_digest.startswith("0123") else "fedcba9876543210"
    response = page(client, submitted.receipt_number, digest=wrong)
    html = response.content.decode()
    assert MESSAGES[VerificationStatus.MISMATCH] in html
    assert submitted.enterprise.name not in html and submitted.item.name not in html
    assert_no_personal_data(html, submitted, profile)


def test_an_unknown_receipt_says_only_not_found(client, submitted):
    response = page(client, receipt_number="HY2023-430405-02-99999", digest=submitted.submission_digest)
    html = response.content.decode()
    assert MESSAGES[VerificationStatus.UNKNOWN] in html
    assert submitted.enterprise.name not in html and submitted.receipt_number not in html


def test_a_malformed_digest_is_a_form_error(client, submitted):
    response = page(client, submitted.receipt_number, digest="12AB")
    assert response.context["result"] is None
    assert DIGEST_MALFORMED in response.content.decode()


def test_a_missing_receipt_number_is_a_form_error(client):
    response = page(client, digest="0" * 16)
    assert response.context["result"] is None and response.context["form"].errors["receipt_number"]


def test_signed_in_users_see_the_same_page(client, submitted, county_industry):
    client.force_login(county_industry)
    response = page(client, submitted.receipt_number, digest=submitted.submission_digest)
    assert response.context["result"].status == VerificationStatus.MATCH


def test_wrong_method(client, submitted):
    response = client.post(reverse("documents:verify", args=[submitted.receipt_number]), {"digest": "0" * 16})
    assert response.status_code == 405


def test_the_address_on_the_cover_verifies_with_no_typing(client, submitted, settings):
    settings.SITE_URL = "https://jbpt.example.gov.cn"
    url = verification_url(submitted.receipt_number, submitted.submission_digest)
    assert url.endswith(f"?digest={short_digest(submitted.submission_digest)}")
    response = client.get(url.removeprefix(settings.SITE_URL))
    assert response.context["result"].status == VerificationStatus.MATCH
    assert MESSAGES[VerificationStatus.MATCH] in response.content.decode()


def test_the_address_with_a_wrong_digest_does_not_verify(client, submitted):
    wrong = "0" * 16 if not submitted.submission_digest.startswith("0" * 16) else "f" * 16
    url = verification_url(submitted.receipt_number, wrong).split("/documents/", 1)[1]
    response = client.get(f"/documents/{url}")
    assert response.context["result"].status == VerificationStatus.MISMATCH
    assert MESSAGES[VerificationStatus.MISMATCH] in response.content.decode()
