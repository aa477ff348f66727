"""Golden 申报书: for each of the 14 items of the 2023 pack, one application with fixed data (enterprise,
answers filling every field of every form, table rows included, receipt number, submission time,
commitment, digest) goes through the exporter, and its word/document.xml is compared byte for byte with
documents/tests/golden/shenbaoshu/item-NN.document.xml.

A refactoring that should not change the documents keeps these bytes. A deliberate change to the 申报书
(layout, wording, a form of the pack) changes them: regenerate the files with

    UPDATE_GOLDEN=1 .venv/bin/python -m pytest -p no:xdist -q documents/tests/test_application_docx_golden.py

and review the diff of the golden files in the same commit.

The answers are made here, not by the shared test helpers, so that a change to those helpers cannot move
the golden bytes. The database work (one pack, one enterprise, 14 applications) runs once per module in a
transaction that is rolled back."""

from __future__ import annotations

import datetime as dt
import os
import zipfile
from decimal import ROUND_HALF_UP, Decimal
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from accounts.choices import Role
from accounts.models import Jurisdiction, Organisation
from accounts.tests.factories import EnterpriseFactory, make_user
from applications import services
from applications.digest import submission_digest, submission_payload
from applications.models import Application
from applications.workflow import ApplicationStatus
from documents.exporters.application_docx import ApplicationDocx
from enterprises.choices import ConfirmationStatus
from enterprises.models import EnterpriseProfile
from policies.formengine.validate import validate_answers
from policies.tests.formtools import PACK_2023

GOLDEN = Path(__file__).resolve().parent / "golden" / "shenbaoshu"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"
NUMBERS = list(range(1, 15))  # the 14 support items of the 2023 pack

# ---------------------------------------------------------------------------
# The fixed data
# ---------------------------------------------------------------------------

SITE_URL = "https://jbpt.example.gov.cn"
ENTERPRISE = "衡阳市金衡智能装备有限公司"
JURISDICTION = "430405"
USCC = "91430405MA4L00011B"  # valid check characters (validate_answers checks them)
ID_NUMBER = "430405199001011233"
LEGAL = "赵法人"
SUBMITTED_AT = dt.datetime(2023, 8, 1, 10, 0, 0)  # Asia/Shanghai, inside the 2023 window
COMMITMENT_DATE = dt.date(2023, 8, 1)
PROFILE = {
    "enterprise_name": ENTERPRISE,
    "uscc": USCC,
    "legal_representative_name": LEGAL,
    "contact_name": "钱联系",
    "contact_mobile": "13907340000",
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
SUMMARY = {
    "project_name": "智能产线改造",
    "total_investment": Decimal("800"),
    "requested_amount": Decimal("50"),
    "contact_name": "钱联系",
    "contact_phone": "13907340000",
}
INDUSTRY = {"大类": "35 专用设备制造业", "中类": "351 采矿、冶金、建筑专用设备制造", "小类": "3511 矿山机械制造"}


def receipt_number(number: int) -> str:
    return f"HY2023-{JURISDICTION}-{number:02d}-00001"


# ---------------------------------------------------------------------------
# Answers: every value field of every form, read from the frozen form dicts
# ---------------------------------------------------------------------------


def _clamp(value: Decimal, field: dict) -> Decimal:
    if field.get("min_value") is not None:
        value = max(value, Decimal(repr(field["min_value"])))
    if field.get("max_value") is not None:
        value = min(value, Decimal(repr(field["max_value"])))
    return value


def _decimal(value: Decimal) -> str:
    return "0" if value == 0 else format(value.normalize(), "f")


def value_of(field: dict, seed: int, subtype_name: str = "") -> Any:
    """A valid stored value of the field's kind within its limits; `seed` varies it between rows and fields.
    Text carries XML's special characters and long text its line breaks, blank line and indents."""
    kind, label = field["kind"], field["label"]
    if kind == "text":
        text = f"{label}{seed} <甲&乙> “引号” 'x'"
        return text[: field["max_chars"]] if field.get("max_chars") else text
    if kind == "long_text":
        text = f"{label}：第一行{seed} <b>&amp;</b>\n  第二行　缩进\n\n第四行，共{seed + 4}项。"
        return text[: field["max_chars"]] if field.get("max_chars") else text
    if kind == "year":
        return int(_clamp(Decimal(2020 + seed % 4), field))
    if kind == "integer":
        return int(_clamp(Decimal(3 + seed), field))
    if kind in ("number", "money", "percentage"):
        places = field.get("decimals")
        places = 2 if places is None else places
        base = {"money": Decimal("1234.5678"), "percentage": Decimal("12.345"), "number": Decimal("56.789")}[kind]
        value = (base + seed).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
        return _decimal(_clamp(value, field))
    if kind == "date":
        return f"2023-{1 + seed % 12:02d}-{1 + (seed * 3) % 28:02d}"
    if kind == "year_month":
        return f"2022-{1 + seed % 12:02d}"
    if kind == "phone":
        return "13812345678" if seed % 2 == 0 else "0734-8855130"
    if kind == "email":
        return f"contact{seed}@example.com"
    if kind == "uscc":
        return USCC
    if kind == "id_number":
        return ID_NUMBER
    if kind == "industry":
        return INDUSTRY[field["level"]]
    if kind == "boolean":
        return seed % 2 == 0
    options = field["options"]
    other = next((o for o in options if o.get("other")), None)
    if kind == "single_choice":
        named = next((o for o in options if subtype_name and o["label"] == subtype_name), None)
        if named is not None:  # 附件2-1's 申报类型 is the application's sub-type
            return {"value": named["value"], "other": ""}
        if other is not None and seed % 2 == 0:
            return {"value": other["value"], "other": f"其他说明{seed}"}
        return {"value": options[seed % len(options)]["value"], "other": ""}
    if kind == "multiple_choice":
        chosen = {options[0]["value"], options[-1]["value"]} | ({options[1]["value"]} if len(options) > 2 else set())
        values = [o["value"] for o in options if o["value"] in chosen]
        return {"values": values, "other": f"其他说明{seed}" if other is not None and other["value"] in chosen else ""}
    raise AssertionError(f"{field['id']}: {kind}")


def row_count(field: dict) -> int:
    count = max(3, field.get("min_rows") or 0)
    return min(count, field["max_rows"]) if field.get("max_rows") else count


def form_answers(form: dict, subtype_name: str) -> dict:
    out: dict = {}
    seed = 0
    for section in form["sections"]:
        for field in section["fields"]:
            kind = field["kind"]
            if kind == "year_table":
                out[field["id"]] = {
                    row["id"]: {str(year): value_of(row, seed + i) for i, year in enumerate(field["years"])}
                    for row in field["rows"]
                }
            elif kind == "table":
                out[field["id"]] = [
                    {column["id"]: value_of(column, seed + i) for column in field["columns"]}
                    for i in range(row_count(field))
                ]
            elif kind in ("heading", "guidance", "material", "signature"):
                continue
            else:
                out[field["id"]] = value_of(field, seed, subtype_name)
            seed += 1
    return out


def golden_answers(forms: list[dict], subtype_name: str) -> dict:
    return {form["id"]: form_answers(form, subtype_name) for form in forms}


# ---------------------------------------------------------------------------
# The 14 documents, built once per module
# ---------------------------------------------------------------------------


def document_xml(docx: bytes) -> bytes:
    with zipfile.ZipFile(BytesIO(docx)) as archive:
        return archive.read("word/document.xml")


def _enterprise_admin():
    if not Jurisdiction.objects.exists():  # a transactional test earlier on this worker flushed them
        from accounts.reference import load_reference_data

        load_reference_data(Jurisdiction, Organisation)
    enterprise = EnterpriseFactory(name=ENTERPRISE, jurisdiction=Jurisdiction.objects.get(code=JURISDICTION))
    EnterpriseProfile.objects.create(
        organisation=enterprise, uscc=USCC, status=ConfirmationStatus.CONFIRMED, data=PROFILE
    )
    return make_user(Role.ENTERPRISE_ADMIN, enterprise)


def _submitted(user, item) -> Application:
    """The item's application (first sub-type), saved with the golden answers and marked submitted with
    fixed receipt number, time, commitment and digest."""
    subtypes = item.data.get("subtypes") or []
    submitted_at = timezone.make_aware(SUBMITTED_AT)
    application = services.application_create(
        actor=user, enterprise=user.organisation, item=item,
        subtype_code=subtypes[0]["code"] if subtypes else "", now=submitted_at,
    )  # fmt: skip
    answers = golden_answers(application.forms, application.subtype_name)
    assert validate_answers(application.forms, answers, complete=True) == {}
    application = services.application_save(
        actor=user, application=application, answers=answers, summary=SUMMARY, expected_version=application.version
    )
    payload = submission_payload(
        receipt_number=receipt_number(item.number), item_number=item.number, subtype_code=application.subtype_code,
        submitted_at=submitted_at.isoformat(), version=application.version + 1, answers=answers, attachments=[],
        commitment_signer=LEGAL,
    )  # fmt: skip
    Application.objects.filter(pk=application.pk).update(
        status=ApplicationStatus.SUBMITTED, receipt_number=payload["receipt_number"], submitted_at=submitted_at,
        version=payload["version"], commitment_signer=LEGAL, commitment_date=COMMITMENT_DATE,
        commitment_confirmed_at=submitted_at, submission_digest=submission_digest(payload),
    )  # fmt: skip
    return application


def generate() -> dict[int, bytes]:
    """{item number: word/document.xml of its 申报书}, through the exporter the download button uses."""
    from policies.services import pack_load

    pack = pack_load(actor=None, directory=PACK_2023)[0]
    assert sorted(pack.items.values_list("number", flat=True)) == NUMBERS
    user = _enterprise_admin()
    out = {}
    for number in NUMBERS:
        application = _submitted(user, pack.items.get(number=number))
        rendered = ApplicationDocx.for_user(user, {"application": str(application.pk)}).render()
        out[number] = document_xml(rendered.content)
        # Withdrawn, it holds no project slot: the next item is not refused by the notice's cross-item rules.
        Application.objects.filter(pk=application.pk).update(status=ApplicationStatus.WITHDRAWN)
    return out


@pytest.fixture(scope="module")
def built(django_db_setup, django_db_blocker) -> dict[int, bytes]:
    with django_db_blocker.unblock(), override_settings(SITE_URL=SITE_URL), transaction.atomic():
        try:
            return generate()
        finally:
            transaction.set_rollback(True)


def golden_path(number: int) -> Path:
    return GOLDEN / f"item-{number:02d}.document.xml"


@pytest.mark.django_db  # also tells pytest-django to set up the test database the module fixture uses
@pytest.mark.parametrize("number", NUMBERS)
def test_the_document_xml_is_the_golden_one(built, number):
    path = golden_path(number)
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(built[number])
        return
    assert path.exists(), f"{path.name} 不存在：以 UPDATE_GOLDEN=1 运行本测试生成"
    expected = path.read_bytes()
    if built[number] != expected:
        at = next(
            (i for i, (a, b) in enumerate(zip(built[number], expected)) if a != b),
            min(len(built[number]), len(expected)),
        )
        got = built[number][max(0, at - 200) : at + 200].decode("utf-8", "replace")
        want = expected[max(0, at - 200) : at + 200].decode("utf-8", "replace")
        pytest.fail(
            f"第{number}项的 word/document.xml 与 {path.name} 不同（第 {at} 字节起）\n"
            f"生成：…{got}…\n"
            f"金样：…{want}…\n"
            "有意的改动请以 UPDATE_GOLDEN=1 重新生成并审阅差异。"
        )


def test_the_answers_fill_every_value_field():
    """The generator misses no field kind: every value field of every form of the pack gets a value."""
    from policies.pack.loader import load_pack_unchanged

    pack = load_pack_unchanged(PACK_2023)
    for form in pack.forms.values():
        form_dict = form.model_dump(mode="json")
        answers = form_answers(form_dict, "")
        for field in form.value_fields():
            value = answers.get(field.id)
            assert value not in (None, "", [], {}), (form.id, field.id)
            if field.kind == "table":
                assert len(value) >= min(3, field.max_rows or 3), (form.id, field.id)
