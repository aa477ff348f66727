"""The enterprise side of the demo city: which item each enterprise applies for, and its drafts, filled
forms, uploaded materials, signed commitments and submissions, all through applications.services as the
enterprise's own administrator, on fixed days of the 2023 window."""

from __future__ import annotations

import datetime as dt
import functools
import random
from dataclasses import dataclass
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from applications import services
from applications.completeness import item_materials, material_needs
from applications.material_rules import date_rules
from applications.models import Application
from demo.answers import demo_answers
from eligibility import statuses as st
from eligibility.engine import evaluate_item
from enterprises.models import EnterpriseProfile
from enterprises.selectors import profile_facts
from policies.selectors import pack_models

QUERY_DATE = dt.date(2023, 8, 1)
COMMITMENT_DATE = dt.date(2023, 8, 1)
PROJECTS = {
    2: "智能制造装备购置", 3: "单项冠军产品培育", 7: "自主品牌培育", 9: "消费品“三品”提升", 10: "绿色工厂创建",
    11: "企业上云上平台", 12: "数字化“三化”改造", 13: "移动互联网业务拓展",
}  # fmt: skip


@dataclass
class Plan:
    """One application the demo makes: whose, for which item, and the state it should reach."""

    profile: EnterpriseProfile
    item_number: int
    state: str
    application: Application | None = None

    @functools.cached_property
    def owner(self):
        """The enterprise's administrator, who registered it and acts for it."""
        return self.profile.organisation.members.order_by("pk").first()


def eligibility_status(pack, profile: EnterpriseProfile, item_number: int) -> str:
    """The engine's verdict on the profile for the item (met / not met / needs evidence)."""
    loaded, items = pack_models(pack)
    item = next(i for i in items if i.number == item_number)
    return evaluate_item(loaded, item, profile_facts(profile), frozenset(), None).status


def may_apply(pack, profile: EnterpriseProfile, item_number: int) -> bool:
    """Whether the engine leaves the item open to the profile (submission refuses 不符合). One application
    per enterprise, so the notice's limits (两个项目, 2 与 12 不能同时申报) are not reached."""
    return eligibility_status(pack, profile, item_number) != st.NOT_MET


def _pdf(name: str) -> SimpleUploadedFile:
    body = f"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\n% {name}\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    return SimpleUploadedFile(name, body.encode(), content_type="application/pdf")


def submitted_at(n: int) -> dt.datetime:
    """The n-th submission: a working morning between 1 and 24 August 2023."""
    day = dt.date(2023, 8, 1) + dt.timedelta(days=n % 24)
    while day.weekday() >= 5:
        day -= dt.timedelta(days=1)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(9 + n % 8, (7 * n) % 60)))


def application_start(plan: Plan, pack, n: int) -> Application:
    item = pack.items.get(number=plan.item_number)
    plan.application = services.application_create(
        actor=plan.owner, enterprise=plan.profile.organisation, item=item, now=submitted_at(n) - dt.timedelta(days=3)
    )
    return plan.application


def application_fill(plan: Plan, rng: random.Random) -> Application:
    """Forms, summary, the required materials (one PDF each) and the legal representative's commitment."""
    owner, application = plan.owner, plan.application
    requested = Decimal(rng.randrange(30, 300, 5))
    application = services.application_save(
        actor=owner, application=application, answers=demo_answers(application, plan.profile, rng),
        summary={"project_name": f"{PROJECTS[plan.item_number]}项目", "total_investment": requested * rng.randint(4, 9),
                 "requested_amount": requested, "contact_name": plan.profile.data["contact_name"],
                 "contact_phone": plan.profile.data["contact_mobile"]},
        expected_version=application.version,
    )  # fmt: skip
    materials = item_materials(application)
    needs = material_needs(application, materials)
    for material in materials:
        if needs[material["id"]].required and not material.get("form"):
            services.attachment_add(
                actor=owner, application=application, material_id=material["id"], upload=_pdf(f"{material['id']}.pdf"),
                query_date=QUERY_DATE if date_rules(material) else None,
            )  # fmt: skip
    legal = plan.profile.data["legal_representative_name"]
    services.application_sign_commitment(actor=owner, application=application, signer=legal, date=COMMITMENT_DATE)
    application.refresh_from_db()
    plan.application = application
    return application


def application_submit(plan: Plan, n: int) -> Application:
    plan.application = services.application_submit(actor=plan.owner, application=plan.application, now=submitted_at(n))
    return plan.application
