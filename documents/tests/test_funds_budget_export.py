"""The 预算管理一体化 export of an allocation's payments: CSV (UTF-8 with BOM) and JSON in a ZIP with a manifest of
SHA-256 and SM3 digests; byte-identical when exported twice; columns as docs/funds-export.md lists them;
finance roles only, each in its own scope."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import re
import zipfile
from decimal import Decimal
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.http import Http404
from django.urls import reverse

from applications.uploads import new_sm3
from core.choices import AuditVerb
from core.models import AuditEvent
from documents.bundle import MANIFEST_JSON, MANIFEST_TXT
from documents.exporters.base import EXPORTERS, ZIP
from documents.exporters.budget_export import (
    COLUMNS,
    NOT_ISSUED,
    SCHEMA,
    BudgetPaymentsCsv,
    BudgetPaymentsJson,
    payments_csv,
)
from funds.models import Allocation
from funds.services.allocation import allocation_create
from funds.services.disbursements import disbursement_correct, disbursement_discrepancy_report
from funds.tests.ledger import ACCOUNT, OTHER, allocation_issued, county_finance_in, pay, two_county_list

pytestmark = pytest.mark.django_db
NUMBER = "衡财企指〔2024〕1号"
DOC = Path(settings.BASE_DIR) / "docs" / "funds-export.md"
EXPORTS = [BudgetPaymentsCsv, BudgetPaymentsJson]


@pytest.fixture
def paid(stored_pack, city_sme, city_finance, county_finance, enterprise_admin):
    """An issued allocation: in 珠晖区 300,000 元 and 200,000 元 paid, the second disputed and corrected to
    150,000 元 (a reversal and a new payment); in the other county 100,000 元 paid."""
    award_list, (home, other) = two_county_list(stored_pack, sme=city_sme, owner=enterprise_admin)
    allocation = allocation_issued(award_list, city_finance=city_finance, city_sme=city_sme, number=NUMBER)
    Allocation.objects.filter(pk=allocation.pk).update(budget_subject="2150805 中小企业发展专项")
    pay(county_finance, home, "300000.00", voucher="记-001")
    second = pay(county_finance, home, "200000.00", voucher="=HYPERLINK(1)")
    disbursement_discrepancy_report(actor=enterprise_admin, disbursement=second, reason="实际到账 15 万元")
    disbursement_correct(actor=county_finance, disbursement=second, amount=Decimal("150000.00"),
                         paid_on=dt.date(2024, 3, 5), voucher_number="记-003", reason="按实际到账更正")  # fmt: skip
    pay(county_finance_in(OTHER), other, "100000.00", voucher="耒-001")
    allocation.refresh_from_db()
    return allocation


def unpack(rendered) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(rendered.content)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def data_of(files: dict[str, bytes]) -> tuple[str, bytes]:
    (name,) = [n for n in files if n not in (MANIFEST_TXT, MANIFEST_JSON)]
    return name, files[name]


def csv_rows(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def documented_columns() -> list[tuple[str, str]]:
    """(CSV header, JSON key) of the doc's column table."""
    text = DOC.read_text(encoding="utf-8").split("### 列", 1)[1].split("###", 1)[0]
    return [(m[1].strip(), m[2]) for m in re.finditer(r"^\| ([^|]+) \| `([a-z_]+)` \|", text, re.MULTILINE)]


def test_registered_and_rendered_in_the_request():
    for cls in EXPORTS:
        assert EXPORTERS[cls.identifier] is cls and not cls.background


def test_the_columns_match_the_doc():
    assert documented_columns() == [(header, key) for key, header in COLUMNS]


def test_the_csv_has_a_bom_crlf_the_documented_header_and_every_row(paid, city_finance):
    rendered = BudgetPaymentsCsv.for_user(city_finance, {"allocation": str(paid.pk)}).render()
    assert rendered.mimetype == ZIP and rendered.filename == f"预算一体化拨付数据-{NUMBER}-全市-CSV.zip"
    files = unpack(rendered)
    name, content = data_of(files)
    assert name == f"拨付数据-{NUMBER}-全市.csv"
    assert content.startswith(b"\xef\xbb\xbf") and b"\r\n" in content and b"\n" not in content.replace(b"\r\n", b"")
    header, *rows = csv_rows(content)
    assert header == [label for label, _ in documented_columns()]
    by = [dict(zip(header, row, strict=True)) for row in rows]
    assert [(r["县市区/园区"], r["业务类型"], r["金额（元）"], r["凭证号"], r["更正的原凭证号"]) for r in by] == [
        ("珠晖区", "拨付", "300000.00", "记-001", ""),
        ("珠晖区", "拨付", "200000.00", "'=HYPERLINK(1)", ""),  # a formula typed as a voucher stays text
        ("珠晖区", "冲销", "-200000.00", "记-003", "'=HYPERLINK(1)"),
        ("珠晖区", "拨付", "150000.00", "记-003", "'=HYPERLINK(1)"),
        ("耒阳市", "拨付", "100000.00", "耒-001", ""),
    ]
    first = by[0]
    assert first["序号"] == "1" and first["下达文号"] == NUMBER and first["预算科目"] == "2150805 中小企业发展专项"
    assert first["收款账号"] == ACCOUNT["account_number"] and first["拨付日期"] == "2024-03-01"
    assert first["区划代码"] == "430405" and first["支持事项"].startswith("2. ")


def test_the_json_holds_the_same_rows_as_text_and_the_totals(paid, city_finance):
    files = unpack(BudgetPaymentsJson.for_user(city_finance, {"allocation": paid.pk}).render())
    name, content = data_of(files)
    assert name.endswith(".json") and not content.startswith(b"\xef\xbb\xbf")
    document = json.loads(content)
    assert document["schema"] == SCHEMA and document["allocation"]["document_number"] == NUMBER
    assert [list(row) for row in document["payments"]] == [[key for _, key in documented_columns()]] * 5
    assert document["payments"][1]["voucher_number"] == "=HYPERLINK(1)"  # JSON keeps the text as typed
    assert document["totals"] == {"count": "5", "paid": "750000.00", "reversed": "200000.00", "net": "550000.00"}
    csv_files = unpack(BudgetPaymentsCsv.for_user(city_finance, {"allocation": paid.pk}).render())
    _, rows = csv_rows(data_of(csv_files)[1])[0], csv_rows(data_of(csv_files)[1])[1:]
    assert [row[11] for row in rows] == [p["amount"] for p in document["payments"]]


@pytest.mark.parametrize("cls", EXPORTS)
def test_a_second_export_is_byte_identical_and_its_digests_verify(paid, city_finance, cls):
    first = cls.for_user(city_finance, {"allocation": paid.pk}).render()
    second = cls.for_user(city_finance, {"allocation": paid.pk}).render()
    assert first.content == second.content and first.filename == second.filename
    files = unpack(first)
    name, content = data_of(files)
    manifest = json.loads(files[MANIFEST_JSON])
    (entry,) = manifest["files"]
    sm3 = new_sm3()
    sm3.update(content)
    assert entry["name"] == name and entry["size"] == len(content)
    assert entry["sha256"] == hashlib.sha256(content).hexdigest() and entry["sm3"] == sm3.hexdigest()
    text = files[MANIFEST_TXT].decode("utf-8-sig")
    assert entry["sha256"] in text and entry["sm3"] in text and "净额 550000.00 元" in text
    assert manifest["totals"]["count"] == "5" and manifest["allocation"]["scope"] == "全市"


def test_a_county_finance_bureau_exports_its_own_county_only(paid, county_finance):
    files = unpack(BudgetPaymentsCsv.for_user(county_finance, {"allocation": paid.pk}).render())
    name, content = data_of(files)
    assert "珠晖区" in name
    assert {row[4] for row in csv_rows(content)[1:]} == {"珠晖区"}


@pytest.mark.parametrize("persona", ["city_sme", "city_section", "county_industry", "enterprise_admin", "admin"])
@pytest.mark.parametrize("cls", EXPORTS)
def test_only_finance_roles_may_export(paid, request, persona, cls):
    with pytest.raises(Http404):
        cls.for_user(request.getfixturevalue(persona), {"allocation": paid.pk})


def test_another_countys_finance_bureau_gets_not_found(paid):
    with pytest.raises(Http404):
        BudgetPaymentsCsv.for_user(county_finance_in("430421"), {"allocation": paid.pk})


def test_an_allocation_not_yet_issued_has_nothing_to_export(stored_pack, city_sme, city_finance, enterprise_admin):
    award_list, _ = two_county_list(stored_pack, sme=city_sme, owner=enterprise_admin)
    allocation = allocation_create(actor=city_finance, award_list=award_list, document_number=NUMBER,
                                   issued_on=dt.date(2024, 2, 1))  # fmt: skip
    with pytest.raises(Http404, match=NOT_ISSUED):
        BudgetPaymentsCsv.for_user(city_finance, {"allocation": allocation.pk})


def test_an_empty_export_still_has_its_header():
    header, *rows = csv_rows(payments_csv([]))
    assert header == [label for _, label in COLUMNS] and rows == []


@pytest.mark.parametrize("cls", EXPORTS)
def test_the_query_count_does_not_grow_with_the_payments(paid, city_finance, county_finance, cls,
                                                         django_assert_num_queries):  # fmt: skip
    exporter = cls.for_user(city_finance, {"allocation": paid.pk})
    # 1 the award list, 2 its pack (the header), 3 the disbursements with their award, enterprise and county.
    with django_assert_num_queries(3):
        exporter.render()
    home = paid.funds.select_related("application").get(application__enterprise__jurisdiction__code="430405")
    for n in range(5):
        pay(county_finance, home.application, "1000.00", voucher=f"记-1{n}")
    exporter = cls.for_user(city_finance, {"allocation": paid.pk})
    with django_assert_num_queries(3):
        exporter.render()


def test_downloaded_through_the_export_address_with_an_audit_record(client, paid, city_finance, county_industry):
    address = reverse("documents:export", args=[BudgetPaymentsCsv.identifier])
    client.force_login(city_finance)
    response = client.get(address, {"allocation": paid.pk})
    assert response.status_code == 200 and response["Content-Type"] == ZIP
    assert quote(f"预算一体化拨付数据-{NUMBER}-全市-CSV.zip") in response["Content-Disposition"]
    event = AuditEvent.objects.get(verb=AuditVerb.DOCUMENT_EXPORTED, actor=city_finance)
    assert event.data["sha256"] == hashlib.sha256(response.content).hexdigest()
    assert client.post(address, {"allocation": paid.pk}).status_code == 405
    client.force_login(county_industry)
    assert client.get(address, {"allocation": paid.pk}).status_code == 404
