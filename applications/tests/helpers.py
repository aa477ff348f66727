"""Helpers that complete an application so that submission rules can be tested one at a time."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_DOWN, Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from applications import completeness, material_rules, services
from applications.profile_sync import identity_answers
from applications.tests.formdata import fill_answers
from policies.formengine.indicators import indicator_groups
from policies.formengine.subtypes import subtype_answers
from policies.formengine.values import format_decimal

# Inside the 2023 window: the notice was issued 2023-07-26 and closed 2023-08-25.
IN_WINDOW = timezone.make_aware(dt.datetime(2023, 8, 1, 10, 0))
AFTER_DEADLINE = timezone.make_aware(dt.datetime(2023, 8, 26, 9, 0))

ELIGIBLE_PROFILE = {
    "is_independent_legal_person": True,
    "credit_record_normal": True,
    "is_dishonest_judgment_debtor": False,
    "industry_division": "35",
    "has_bank_loan_in_hengyang": True,
    "smart_equipment_investment_2022": "350",
    "smart_manufacturing_self_assessed": True,
    "smart_manufacturing_maturity_level": "2",
    "transformation_project_investment": "500",
    "transformation_project_completed_2022": True,
    "dual_integration_certified_2022": True,
}


def pdf_bytes(text: str = "demo") -> bytes:
    body = f"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\n% {text}\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    return body.encode()


def pdf_upload(name: str = "材料.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(name), content_type="application/pdf")


QUERY_DATE = dt.date(2023, 8, 1)  # a 信用湖南 query inside the 2023 window, typed in the form and given with the upload


def satisfy_material_rules(materials: list[dict], answers: dict) -> None:
    """Make the filled answers meet the material rules that name a form field: the 查询时间 of the
    upload, and purchase-list dates within the rule's year."""
    for material in materials:
        for rule in material.get("rules", []):
            if not rule.get("form") or rule["form"] not in answers:
                continue
            form_answers = answers[rule["form"]]
            if rule["code"] == "period_within_year":
                for row in form_answers.get(rule["field"]) or []:
                    row[rule["column"]] = f"{rule['year']}-06-30"
            else:
                form_answers[rule["field"]] = QUERY_DATE.isoformat()


def usable_targets(application, answers: dict) -> None:
    """Make the filled 附件3 a usable 绩效目标表: every indicator 定量 with a target number and a unit, and
    the 分值 adding up to the pack's total (the last row takes what the equal shares leave)."""
    form, total = completeness.performance_target_sheet(application)
    if form is None or form["id"] not in answers:
        return
    form_answers = answers[form["id"]]
    rows = [row for group in indicator_groups(form) for table in group.tables for row in form_answers.get(table) or []]
    if not rows:
        return
    share = (total / len(rows)).quantize(Decimal("0.01"), rounding=ROUND_DOWN)
    for row in rows:
        row.update(target_value="≥10", measurement_unit="项", value_type="定量", score=format_decimal(share))
    rows[-1]["score"] = format_decimal(total - share * (len(rows) - 1))


def item(pack, number):
    return pack.items.get(number=number)


def complete_answers(application) -> dict:
    """Every field of the application's forms filled: 附件2-1's 申报类型 its sub-type, dates the material rules
    accept, a usable 附件3 (also what tests.factories builds complete applications with)."""
    answers = fill_answers(application.forms)
    subtypes = completeness.subtype_names(application.item)
    for form_id, values in subtype_answers(application.forms, subtypes, application.subtype_name).items():
        answers.setdefault(form_id, {}).update(values)
    satisfy_material_rules(completeness.item_materials(application), answers)
    usable_targets(application, answers)
    if application.enterprise_id:  # the applicant's name and code as confirmed (checked at submission)
        from enterprises.models import EnterpriseProfile

        profile = EnterpriseProfile.objects.filter(organisation_id=application.enterprise_id).first()
        for form_id, values in identity_answers(application.forms, profile).items() if profile else ():
            answers.setdefault(form_id, {}).update(values)
    return answers


def complete(application, actor):
    """Fill every field, the summary, every required material and the commitment."""
    answers = complete_answers(application)
    application = services.application_save(
        actor=actor, application=application, answers=answers,
        summary={"project_name": "智能产线改造", "total_investment": 800, "requested_amount": 50,
                 "contact_name": "钱联系", "contact_phone": "13907340000"},
        expected_version=application.version,
    )  # fmt: skip
    for material in completeness.item_materials(application):
        if material.get("required", True) and not material.get("form"):
            query = QUERY_DATE if material_rules.date_rules(material) else None
            services.attachment_add(
                actor=actor, application=application, material_id=material["id"], upload=pdf_upload(), query_date=query
            )
    from enterprises.models import EnterpriseProfile

    legal = EnterpriseProfile.objects.get(organisation=application.enterprise).data["legal_representative_name"]
    services.application_sign_commitment(actor=actor, application=application, signer=legal, date=dt.date(2023, 8, 1))
    application.refresh_from_db()
    return application


def new_complete(pack, actor, number, subtype_code=""):
    application = services.application_create(
        actor=actor, enterprise=actor.organisation, item=item(pack, number), subtype_code=subtype_code, now=IN_WINDOW
    )
    return complete(application, actor)
