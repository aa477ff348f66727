"""Benchmark of the funds ledger at scale (issue 15): the ledger keeps a constant query count at 50 and at 50,000
awards and answers under 1 s; the city-wide ledger XLSX of 50,000 rows renders under 10 s and 500 MB.

Run:  .venv/bin/python bench/funds/run.py [--awards 50000] [--small 50] [--tracemalloc]
      DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python bench/funds/run.py

Always runs against a throwaway SQLite file; when DATABASE_URL names a PostgreSQL server, also against a
database `bench_funds` created on that server and dropped afterwards. Each backend runs in two fresh processes:
  populate  migrate, load the 2023 pack, then two final award lists (--small and --awards awards over the 14
            items and 16 jurisdictions, enterprises with profiles), each allocated (an issued Allocation, its
            lines per county, one AwardFund per award) and paid in every fund status: 已下达, 部分拨付, 已拨付,
            已到账确认, 存在差异 (Disbursement rows), all with bulk_create (timed, not a target);
  measure   as the city finance section: (a) the ledger selectors for each list (the grand total, the totals
            by each grouping, a page of 50 rows) and the whole city, counting queries (CaptureQueriesContext)
            and timing each; the ledger page /funds/ through the Django test client when it exists; (b) the
            city-wide FundsLedgerXlsx.render() in a fresh process: wall and CPU time, peak RSS (ru_maxrss)
            before and after, rows read back; with --tracemalloc a second render reports the peak of Python
            allocations.
On PostgreSQL the populate step ends with ANALYZE, as autovacuum would after such a bulk load.
Prints one JSON object per backend and exits non-zero if a target is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from bench import harness

PACK = harness.PACK_2023
BENCH_DATABASE = "bench_funds"
CHUNK = 5000
PAGE_SIZE = 50
XLSX_TARGET_S, XLSX_TARGET_MB, PAGE_TARGET_S = 10.0, 500.0, 1.0
GROUPINGS = ("item", "county", "list", "status")
PAGE_ORDER = ("-award_list_id", "application__item__number", "pk")  # the ledger page's order


# ---------------------------------------------------------------------------
# Child processes
# ---------------------------------------------------------------------------


def _award_list(size: int, label: str, *, pack, items, jurisdictions, users) -> dict:
    """A final list of `size` awards, allocated, and paid in every fund status by the rule of i % 5."""
    import datetime as dt
    from decimal import Decimal

    from django.db import transaction
    from django.utils import timezone

    from accounts.choices import OrganisationKind
    from accounts.models import Organisation
    from applications.models import Application
    from applications.workflow import ApplicationStatus
    from awards.choices import AwardListStatus
    from awards.models import AwardEntry, AwardList
    from enterprises.models import EnterpriseProfile
    from funds.choices import AllocationStatus, DisbursementKind, ReceiptStatus
    from funds.models import YUAN_PER_WAN, Allocation, AllocationLine, AwardFund, Disbursement
    from funds.workflow import FundStatus

    sme, finance, county = users["sme"], users["finance"], users["county"]
    now = timezone.now()
    started = time.perf_counter()
    award_list = AwardList.objects.create(pack=pack, status=AwardListStatus.FINAL, created_by=sme, finalised_by=sme,
                                          finalised_at=now)  # fmt: skip
    allocation = Allocation.objects.create(
        award_list=award_list, document_number=f"衡财企指〔2024〕{label}号", issued_on=dt.date(2024, 2, 1),
        budget_subject="2150805 中小企业发展专项", status=AllocationStatus.ISSUED, created_by=finance,
        confirmed_by=finance, confirmed_at=now, cosigned_by=sme, cosigned_at=now,
    )  # fmt: skip
    lines: dict[int, list] = {}  # jurisdiction id -> [count, 元]
    statuses = [FundStatus.ALLOCATED, FundStatus.PARTIALLY_PAID, FundStatus.PAID, FundStatus.RECEIPT_CONFIRMED,
                FundStatus.DISCREPANCY]  # fmt: skip
    for start in range(0, size, CHUNK):
        numbers = range(start, min(start + CHUNK, size))
        with transaction.atomic():
            enterprises = Organisation.objects.bulk_create(
                Organisation(name=f"衡阳市{label}第{i}号智能装备制造有限公司", kind=OrganisationKind.ENTERPRISE,
                             jurisdiction=jurisdictions[i % len(jurisdictions)])
                for i in numbers
            )  # fmt: skip
            EnterpriseProfile.objects.bulk_create(
                EnterpriseProfile(organisation=e, uscc=f"91430400{label[:1]}{i:09d}", data={}, status="confirmed")
                for i, e in zip(numbers, enterprises, strict=True)
            )
            applications = Application.objects.bulk_create(
                Application(
                    enterprise=e, jurisdiction_id=e.jurisdiction_id,
                    pack=pack, item=items[i % len(items)], status=ApplicationStatus.AWARDED, forms=[],
                    answers={}, project_name=f"年产{i % 500 + 1}万件智能产线技术改造项目",
                    proposed_amount=Decimal(50 + i % 200), award_amount=Decimal(50 + i % 200), created_by=sme,
                )
                for i, e in zip(numbers, enterprises, strict=True)
            )  # fmt: skip
            entries = AwardEntry.objects.bulk_create(
                AwardEntry(award_list=award_list, application=a, amount=a.award_amount) for a in applications
            )
            funds, payments = [], []
            for i, application, entry in zip(numbers, applications, entries, strict=True):
                awarded = entry.amount * YUAN_PER_WAN
                status = statuses[i % len(statuses)]
                paid = {FundStatus.ALLOCATED: Decimal(0), FundStatus.PARTIALLY_PAID: awarded / 2}.get(status, awarded)
                confirmed = awarded if status == FundStatus.RECEIPT_CONFIRMED else Decimal(0)
                funds.append(AwardFund(entry=entry, application=application, allocation=allocation, status=status,
                                       awarded=awarded, allocated=awarded, paid=paid, confirmed=confirmed))  # fmt: skip
                line = lines.setdefault(application.enterprise.jurisdiction_id, [0, Decimal(0)])
                line[0] += 1
                line[1] += awarded
            AwardFund.objects.bulk_create(funds)
            for i, fund in zip(numbers, funds, strict=True):
                if fund.paid == 0:
                    continue
                receipt = {FundStatus.RECEIPT_CONFIRMED: ReceiptStatus.CONFIRMED,
                           FundStatus.DISCREPANCY: ReceiptStatus.DISPUTED}.get(fund.status, ReceiptStatus.PENDING)  # fmt: skip
                payments.append(Disbursement(
                    fund=fund, kind=DisbursementKind.PAYMENT, paid_on=dt.date(2024, 3, 1 + i % 28), amount=fund.paid,
                    voucher_number=f"记-{label[:1]}{i:06d}", bank_name="中国工商银行衡阳分行",
                    account_name=f"衡阳市{label}第{i}号智能装备制造有限公司", account_number=f"62220212{i:011d}",
                    recorded_by=county, receipt_status=receipt,
                    discrepancy_reason="到账金额与拨付金额不符" if receipt == ReceiptStatus.DISPUTED else "",
                ))  # fmt: skip
            Disbursement.objects.bulk_create(payments)
    AllocationLine.objects.bulk_create(
        AllocationLine(allocation=allocation, jurisdiction_id=pk, awarded=amount, amount=amount, award_count=count)
        for pk, (count, amount) in lines.items()
    )
    return {"awards": size, "award_list": award_list.pk, "allocation": allocation.pk,
            "populate_s": harness.round_s(time.perf_counter() - started)}  # fmt: skip


def populate(args) -> dict:
    harness.django_setup()
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    from accounts.choices import OrganisationKind, Role
    from accounts.models import Jurisdiction, Organisation, User, UserRole
    from policies.services import pack_load

    pack = pack_load(actor=None, directory=PACK)[0]
    items = list(pack.items.order_by("number"))
    jurisdictions = list(Jurisdiction.objects.order_by("sort_order"))

    def user(username: str, organisation, role: str):
        person = User.objects.create(username=username, full_name=username, organisation=organisation)
        UserRole.objects.create(user=person, role=role)
        return person

    def finance_organisation(**filters):
        return Organisation.objects.filter(kind=OrganisationKind.FINANCE_BUREAU, **filters).order_by("pk").first()

    city_finance = Organisation.objects.get(kind=OrganisationKind.CITY_FINANCE_SECTION)
    users = {
        "sme": user("bench_city_sme", Organisation.objects.get(section_code="sme"), Role.CITY_SME_COORDINATOR),
        "finance": user("bench_city_finance", city_finance, Role.CITY_FINANCE_REVIEWER),
        "county": user("bench_county_finance", finance_organisation(jurisdiction=jurisdictions[0]),
                       Role.COUNTY_FINANCE_REVIEWER),
    }  # fmt: skip
    migrated = time.perf_counter()
    lists = {
        "small": _award_list(args.small, "小", pack=pack, items=items, jurisdictions=jurisdictions, users=users),
        "large": _award_list(args.awards, "大", pack=pack, items=items, jurisdictions=jurisdictions, users=users),
    }
    analysed = time.perf_counter()
    from django.db import connection

    if connection.vendor == "postgresql":
        # Statistics, as autovacuum gathers them after a bulk load within a minute: without them the planner
        # takes the fresh tables for empty and joins 50,000 rows by nested index look-ups (0.7 s, not 0.15 s).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return {"migrate_s": harness.round_s(migrated - started), "analyze_s": harness.round_s(time.perf_counter() - analysed),
            "lists": lists}  # fmt: skip


def _measured(work) -> dict:
    """Queries and wall time of `work()`, after one warm-up call."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    work()
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        work()
    return {"queries": len(queries), "seconds": harness.round_s(time.perf_counter() - started)}


def _ledger_work(user, award_list_id: int | None) -> dict:
    from funds import selectors

    def rows():
        return selectors.ledger_rows(user, award_list_id=award_list_id)

    work = {
        "total": lambda: selectors.ledger_total(rows()),
        **{f"by_{g}": (lambda g=g: selectors.ledger_totals_by(rows(), g)) for g in GROUPINGS},
        "page": lambda: list(rows().order_by(*PAGE_ORDER).values_list(*selectors.LEDGER_EXPORT_FIELDS)[:PAGE_SIZE]),
    }
    results = {name: _measured(step) for name, step in work.items()}
    started = time.perf_counter()
    for step in work.values():
        step()
    results["all_seconds"] = harness.round_s(time.perf_counter() - started)
    return results


def _ledger_page(client, query: str) -> dict | None:
    from django.urls import NoReverseMatch, reverse

    try:
        address = reverse("funds:ledger")
    except NoReverseMatch:
        return None  # the page is not built yet
    result = _measured(lambda: client.get(f"{address}?{query}"))
    response = client.get(f"{address}?{query}")
    result["status"] = response.status_code
    return result


def measure_ledger(args, lists: dict) -> dict:
    harness.django_setup()
    from django.test import Client

    from accounts.models import User

    finance = User.objects.get(username="bench_city_finance")
    client = Client()
    client.force_login(finance)
    result = {"selectors": {}, "page": {}}
    for size, info in (("small", lists["small"]), ("large", lists["large"]), ("city", None)):
        key = f"{size}/{info['awards'] if info else 'all'}"
        result["selectors"][key] = _ledger_work(finance, info["award_list"] if info else None)
        result["page"][key] = _ledger_page(client, f"award_list={info['award_list']}" if info else "")
    return result


def measure_xlsx(args) -> dict:
    harness.django_setup()
    from io import BytesIO

    from openpyxl import load_workbook

    from accounts.models import User
    from documents.exporters.funds_ledger_xlsx import FundsLedgerXlsx

    finance = User.objects.get(username="bench_city_finance")
    exporter = FundsLedgerXlsx.for_user(finance, {})
    rss_before = harness.maxrss_mb()
    load = os.getloadavg()[0]
    started, cpu = time.perf_counter(), time.process_time()
    rendered = exporter.render()
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    rss_after = harness.maxrss_mb()
    result = {
        "render_s": harness.round_s(wall), "render_cpu_s": harness.round_s(cpu), "load_average_1min": round(load, 2),
        "peak_rss_before_mb": round(rss_before, 1), "peak_rss_after_mb": round(rss_after, 1),
        "bytes": len(rendered.content),
    }  # fmt: skip
    if args.tracemalloc:
        import tracemalloc

        tracemalloc.start()
        FundsLedgerXlsx.for_user(finance, {}).render()
        result["tracemalloc_peak_mb"] = round(tracemalloc.get_traced_memory()[1] / 2**20, 1)
        tracemalloc.stop()
    sheet = load_workbook(BytesIO(rendered.content), read_only=True).active
    result["sheet_rows"] = sum(1 for _ in sheet.iter_rows(max_col=1, values_only=True))
    return result


# ---------------------------------------------------------------------------
# Parent
# ---------------------------------------------------------------------------


def _child(step: str, database_url: str, args, payload: dict | None = None) -> dict:
    arguments = ["--step", step, "--awards", str(args.awards), "--small", str(args.small)]
    if args.tracemalloc:
        arguments.append("--tracemalloc")
    return harness.child(__file__, database_url, arguments, payload)


def _run(backend: str, database_url: str, args) -> dict:
    populated = _child("populate", database_url, args)
    ledger = _child("ledger", database_url, args, payload=populated["lists"])
    xlsx = _child("xlsx", database_url, args)
    return {"backend": backend, **populated, "ledger": ledger, "xlsx": xlsx}


def _verdict(result: dict) -> list[str]:
    backend, problems = result["backend"], []
    xlsx = result["xlsx"]
    if xlsx["render_s"] >= XLSX_TARGET_S:
        problems.append(f"{backend}: ledger XLSX took {xlsx['render_s']} s")
    if xlsx["peak_rss_after_mb"] >= XLSX_TARGET_MB:
        problems.append(f"{backend}: ledger XLSX peak RSS {xlsx['peak_rss_after_mb']} MB")
    ledger = result["ledger"]
    small, large = (f"{size}/{result['lists'][size]['awards']}" for size in ("small", "large"))
    for name, measured in ledger["selectors"][small].items():
        if name == "all_seconds":
            continue
        if measured["queries"] != ledger["selectors"][large][name]["queries"]:
            problems.append(
                f"{backend}: {name}: {measured['queries']} vs {ledger['selectors'][large][name]['queries']}"
            )
    for key, measured in ledger["selectors"].items():
        slow = [name for name, m in measured.items() if name != "all_seconds" and m["seconds"] >= PAGE_TARGET_S]
        if slow:
            problems.append(f"{backend}: ledger selectors for {key}: {', '.join(slow)} took 1 s or more")
    pages = ledger["page"]
    if pages[small] is not None:
        if pages[small]["queries"] != pages[large]["queries"]:
            problems.append(f"{backend}: ledger page {pages[small]['queries']} vs {pages[large]['queries']} queries")
        for key, measured in pages.items():
            if measured["status"] != 200 or measured["seconds"] >= PAGE_TARGET_S:
                problems.append(f"{backend}: ledger page {key}: {measured}")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--awards", type=int, default=50000)
    parser.add_argument("--small", type=int, default=50)
    parser.add_argument("--tracemalloc", action="store_true")
    parser.add_argument("--step", choices=["populate", "ledger", "xlsx"])
    parser.add_argument("--payload")
    args = parser.parse_args()
    if args.step == "populate":
        print(json.dumps(populate(args)))
        return 0
    if args.step == "ledger":
        print(json.dumps(measure_ledger(args, json.loads(args.payload))))
        return 0
    if args.step == "xlsx":
        print(json.dumps(measure_xlsx(args)))
        return 0
    results = harness.on_each_database(lambda backend, url: _run(backend, url, args), BENCH_DATABASE)
    return harness.verdict(results, _verdict)


if __name__ == "__main__":
    sys.exit(main())
