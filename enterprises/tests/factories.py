"""Enterprise profiles with valid Hengyang codes."""

from __future__ import annotations

import itertools

from accounts.models import Jurisdiction
from accounts.tests.factories import EnterpriseFactory
from core.validators import compose_uscc
from enterprises.choices import ConfirmationStatus
from enterprises.models import EnterpriseProfile

_counter = itertools.count(1)


def make_uscc(division: str = "430405", serial: int | None = None) -> str:
    """A valid code: 9 (工商) 1 (企业), the division, an organisation code with its check, the check."""
    serial = next(_counter) if serial is None else serial
    return compose_uscc(division=division, organisation_body=f"MA4L{serial:04d}")


def make_profile(
    *, jurisdiction_code: str = "430405", confirmed: bool = True, data: dict | None = None, enterprise=None
):
    jurisdiction = Jurisdiction.objects.get(code=jurisdiction_code)
    enterprise = enterprise or EnterpriseFactory(jurisdiction=jurisdiction)
    uscc = make_uscc(jurisdiction_code if not jurisdiction_code.startswith("P") else "430407")
    base = {
        "enterprise_name": enterprise.name,
        "uscc": uscc,
        "legal_representative_name": "赵法人",
        "contact_name": "钱联系",
        "contact_mobile": "13907340000",
    }
    return EnterpriseProfile.objects.create(
        organisation=enterprise,
        uscc=uscc,
        status=ConfirmationStatus.CONFIRMED if confirmed else ConfirmationStatus.PENDING,
        data={**base, **(data or {})},
    )
