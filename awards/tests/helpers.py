"""Helpers for award tests: approved applications, a second enterprise, an objection, and a snapshot of what is written."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from accounts.choices import Role
from accounts.models import Jurisdiction
from accounts.tests.factories import EnterpriseFactory, make_user
from applications.models import Application
from applications.tests.factories import ApplicationFactory
from applications.tests.helpers import ELIGIBLE_PROFILE
from applications.workflow import ApplicationStatus
from awards import services
from awards.models import AwardEntry, AwardList, Objection, PublicNotice
from awards.selectors import award_list_sign_off_facts
from core.models import AuditEvent
from enterprises.tests.factories import make_profile

PUBLISH_DAY = dt.date(2023, 9, 22)
STARTS_ON = dt.date(2023, 9, 25)
ENDS_ON = dt.date(2023, 10, 7)  # the 5th working day: the make-up Saturday after National Day
AFTER_PERIOD = dt.date(2023, 10, 8)

OBJECTOR_NAME = "孙异议"
OBJECTOR_PHONE = "13607341234"
OBJECTOR_ID = "430405199001011233"


def approved(pack, actor, number: int, amount: str) -> Application:
    """What the city section leaves: an application of `actor`'s enterprise approved with an amount (built
    directly; the steps on the way are review's tests)."""
    return ApplicationFactory(
        enterprise=actor.organisation, pack=pack, number=number, city_approved=True, proposed_amount=Decimal(amount)
    )


def approved_many(pack, count: int) -> list[Application]:
    """`count` approved item-2 applications, each of its own enterprise (with one member) in a different
    jurisdiction: built directly, for tests that pin query counts against the number of entries."""
    jurisdictions = list(Jurisdiction.objects.order_by("pk"))
    item = pack.items.get(number=2)
    applications = []
    for n in range(count):
        owner = make_user(Role.ENTERPRISE_ADMIN, EnterpriseFactory(jurisdiction=jurisdictions[n % len(jurisdictions)]))
        applications.append(Application.objects.create(
            enterprise=owner.organisation, pack=pack, item=item, forms=[], status=ApplicationStatus.CITY_APPROVED,
            proposed_amount=Decimal(10 + n), project_name=f"智能产线改造{n}", created_by=owner,
        ))  # fmt: skip
    return applications


def through_publication(pack, *, sme, finance, count: int):
    """A list of `count` entries, created, confirmed and co-signed; returned with its applications."""
    applications = approved_many(pack, count)
    award_list = services.award_list_create(actor=sme, pack=pack)
    services.award_list_confirm(actor=sme, award_list=award_list, confirmed=award_list_sign_off_facts(award_list))
    services.award_list_cosign(actor=finance, award_list=award_list, confirmed=award_list_sign_off_facts(award_list))
    return award_list, applications


def other_enterprise_admin():
    user = make_user(Role.ENTERPRISE_ADMIN, EnterpriseFactory(name="衡阳第二测试科技有限公司"))
    make_profile(enterprise=user.organisation, data={**ELIGIBLE_PROFILE, "legal_representative_name": "周法人"})
    return user


def objection_in(notice, *, day: dt.date, entry=None, **fields) -> Objection:
    values = {"name": OBJECTOR_NAME, "phone": OBJECTOR_PHONE, "content": "该企业项目尚未竣工。", **fields}
    return services.objection_submit(
        public_notice=notice, entry=entry or notice.award_list.entries.first(), today=day, **values
    )


def snapshot():
    """Everything the award services write, to compare before and after a refused call."""
    return (
        list(AwardList.objects.order_by("pk").values_list("pk", "status", "sme_confirmed_by", "finance_cosigned_by",
                                                          "finalised_by")),
        list(AwardEntry.objects.order_by("pk").values_list("pk", "amount", "excluded")),
        list(PublicNotice.objects.order_by("pk").values_list("pk", "ends_on")),
        list(Objection.objects.order_by("pk").values_list("pk", "status", "resolution")),
        list(Application.objects.order_by("pk").values_list("pk", "status", "proposed_amount", "award_amount")),
        AuditEvent.objects.count(),
    )  # fmt: skip
