"""Builders for the funds tests: a final award list of two awards in two counties, its allocation issued, and
payments recorded through the services (the list itself is built directly: performance/tests/awarded.py)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from accounts.choices import OrganisationKind, Role
from accounts.models import Jurisdiction
from accounts.tests.factories import EnterpriseFactory, bureau, make_user
from funds.services.allocation import (
    allocation_confirm,
    allocation_cosign,
    allocation_create,
    allocation_sign_off_facts,
)
from funds.services.disbursements import disbursement_record
from performance.tests.awarded import awarded_list

HOME, OTHER = "430405", "430481"  # the personas' county, and another
PAID_ON = dt.date(2024, 3, 1)
ACCOUNT = {"bank_name": "中国工商银行衡阳分行", "account_name": "衡阳测试企业有限公司",
           "account_number": "6222021234567890123"}  # fmt: skip


def enterprise_in(code: str):
    return make_user(Role.ENTERPRISE_ADMIN, EnterpriseFactory(jurisdiction=Jurisdiction.objects.get(code=code)))


def county_finance_in(code: str):
    return make_user(Role.COUNTY_FINANCE_REVIEWER, bureau(OrganisationKind.FINANCE_BUREAU, code))


def two_county_list(pack, *, sme, owner, amounts=("100.00", "50.00")):
    """A final list: `owner`'s award (its county) and one of an enterprise in the other county."""
    award_list, applications = awarded_list(pack, sme=sme, owners=[owner, enterprise_in(OTHER)])
    for application, amount in zip(applications, amounts, strict=True):
        application.award_entries.update(amount=Decimal(amount))
    return award_list, applications


def allocation_issued(award_list, *, city_finance, city_sme, number: str = "衡财企指〔2024〕1号"):
    allocation = allocation_create(
        actor=city_finance, award_list=award_list, document_number=number, issued_on=dt.date(2024, 2, 1)
    )
    allocation_confirm(actor=city_finance, allocation=allocation, confirmed=allocation_sign_off_facts(allocation))
    allocation_cosign(actor=city_sme, allocation=allocation, confirmed=allocation_sign_off_facts(allocation))
    allocation.refresh_from_db()
    return allocation


def pay(actor, application, amount: str, voucher: str = "记-001"):
    return disbursement_record(
        actor=actor, application=application, paid_on=PAID_ON, amount=Decimal(amount), voucher_number=voucher,
        **ACCOUNT,
    )  # fmt: skip
