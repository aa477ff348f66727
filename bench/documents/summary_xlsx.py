"""Benchmark of the city-wide 附件4 申报汇总表 export (issue 7). Targets: render < 10 s, peak memory < 500 MB.

Run:  .venv/bin/python bench/documents/summary_xlsx.py [--rows 50000] [--tracemalloc]
      DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python bench/documents/summary_xlsx.py

Always runs against a throwaway SQLite file; when DATABASE_URL names a PostgreSQL server, also against a
database `bench_documents` created on that server and dropped afterwards (bench/harness.py). Each backend runs
in two fresh processes:
  populate  migrate, load the 2023 pack, bulk_create N enterprises with profiles, N applications in states
            the city sees (14 items, 16 jurisdictions) and two county opinions each (not timed as a target);
  render    SummaryXlsx.for_user(city SME coordinator, scope=city).render(): wall time, and the process's
            peak RSS (ru_maxrss) before and after, so that data creation never inflates the figure.
With --tracemalloc, a second (untimed, slower) render reports the peak of Python allocations.
Results are printed as JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from bench import harness

PACK = harness.PACK_2023
BENCH_DATABASE = "bench_documents"
CHUNK = 5000


# ---------------------------------------------------------------------------
# Child processes
# ---------------------------------------------------------------------------


def populate(rows: int) -> dict:
    harness.django_setup()
    from django.core.management import call_command
    from django.db import transaction

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    migrated = time.perf_counter()

    from accounts.choices import OrganisationKind, Role
    from accounts.models import Jurisdiction, Organisation, User, UserRole
    from applications.models import Application
    from applications.workflow import ApplicationStatus as S
    from enterprises.models import EnterpriseProfile
    from policies.services import pack_load
    from review.models import ReviewOpinion

    pack = pack_load(actor=None, directory=PACK)[0]
    items = list(pack.items.order_by("number"))
    jurisdictions = list(Jurisdiction.objects.order_by("sort_order"))

    def user(username: str, organisation: Organisation, role: str) -> User:
        person = User.objects.create(username=username, full_name=username, organisation=organisation)
        UserRole.objects.create(user=person, role=role)
        return person

    user("bench_city_sme", Organisation.objects.get(section_code="sme"), Role.CITY_SME_COORDINATOR)
    industry = user(
        "bench_county_industry",
        Organisation.objects.get(kind=OrganisationKind.INDUSTRY_BUREAU, jurisdiction=jurisdictions[0]),
        Role.COUNTY_INDUSTRY_REVIEWER,
    )
    finance = user(
        "bench_county_finance",
        Organisation.objects.get(kind=OrganisationKind.FINANCE_BUREAU, jurisdiction=jurisdictions[0]),
        Role.COUNTY_FINANCE_REVIEWER,
    )
    statuses = [S.RECOMMENDED, S.CITY_REVIEW, S.CITY_APPROVED, S.CITY_REJECTED, S.PUBLICISED, S.AWARDED]
    for start in range(0, rows, CHUNK):
        numbers = range(start, min(start + CHUNK, rows))
        with transaction.atomic():
            enterprises = Organisation.objects.bulk_create(
                Organisation(
                    name=f"衡阳市基准测试第{i}号智能装备制造有限公司", kind=OrganisationKind.ENTERPRISE,
                    jurisdiction=jurisdictions[i % len(jurisdictions)],
                )
                for i in numbers
            )  # fmt: skip
            EnterpriseProfile.objects.bulk_create(
                EnterpriseProfile(organisation=e, uscc=f"91430400MA{i:08d}", data={}, status="confirmed")
                for i, e in zip(numbers, enterprises, strict=True)
            )
            applications = Application.objects.bulk_create(
                Application(
                    enterprise=e, jurisdiction_id=e.jurisdiction_id,
                    pack=pack, item=items[i % len(items)], status=statuses[i % len(statuses)],
                    subtype_name="培育市级智能制造标杆车间" if i % 3 == 0 else "", forms=[], answers={},
                    project_name=f"年产{i % 500 + 1}万件智能产线技术改造项目", total_investment=800 + i % 1000,
                    requested_amount=50 + (i % 200) / 4, contact_name="钱联系", contact_phone="13907340000",
                    created_by=industry,
                )
                for i, e in zip(numbers, enterprises, strict=True)
            )  # fmt: skip
            ReviewOpinion.objects.bulk_create(
                ReviewOpinion(
                    application=a, round=1, stage="county", department=department, reviewer=reviewer,
                    reviewer_name=reviewer.full_name, decision="agree",
                )
                for a in applications
                for department, reviewer in (("industry", industry), ("finance", finance))
            )  # fmt: skip
    return {
        "rows": rows,
        "migrate_s": round(migrated - started, 1),
        "populate_s": round(time.perf_counter() - migrated, 1),
    }


def render(use_tracemalloc: bool) -> dict:
    harness.django_setup()
    from django.db import connection

    from accounts.models import User
    from documents.exporters.summary_xlsx import SummaryXlsx

    user = User.objects.get(username="bench_city_sme")
    user.role_set  # noqa: B018 - load the roles before measuring
    connection.ensure_connection()
    rss_before = harness.maxrss_mb()
    progress_calls = []
    load_before = os.getloadavg()[0]
    started, cpu_started = time.perf_counter(), time.process_time()
    exporter = SummaryXlsx.for_user(user, {"scope": "city"})
    rendered = exporter.render(lambda done, total: progress_calls.append((done, total)))
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
    rss_after = harness.maxrss_mb()

    from io import BytesIO

    from openpyxl import load_workbook

    sheet = load_workbook(BytesIO(rendered.content), read_only=True).active
    result = {
        "render_s": round(seconds, 2),
        # CPU time of this process: what the render costs on an idle core, whatever else the machine runs
        # (the database server's own work is not included; for SQLite it is in-process and is).
        "render_cpu_s": round(cpu_seconds, 2),
        "load_average_1min": round(load_before, 2),
        "peak_rss_mb_before_render": round(rss_before, 1),
        "peak_rss_mb_after_render": round(rss_after, 1),
        "render_rss_growth_mb": round(rss_after - rss_before, 1),
        "xlsx_bytes": len(rendered.content),
        # title, reporter, unit, header, data rows, totals (write-only files carry no dimension: count them)
        "sheet_rows": sum(1 for _ in sheet.iter_rows(max_col=1, values_only=True)),
        "progress_calls": len(progress_calls),
        "last_progress": progress_calls[-1] if progress_calls else None,
    }
    if use_tracemalloc:
        import tracemalloc

        tracemalloc.start()
        SummaryXlsx.for_user(user, {"scope": "city"}).render()
        result["tracemalloc_peak_mb"] = round(tracemalloc.get_traced_memory()[1] / 2**20, 1)
        tracemalloc.stop()
    return result


# ---------------------------------------------------------------------------
# Parent
# ---------------------------------------------------------------------------


def _child(step: str, database_url: str, args: argparse.Namespace) -> dict:
    arguments = ["--step", step, "--rows", str(args.rows)]
    if args.tracemalloc:
        arguments.append("--tracemalloc")
    return harness.child(__file__, database_url, arguments)


def _run(backend: str, database_url: str, args: argparse.Namespace) -> dict:
    result = {"backend": backend}
    result.update(_child("populate", database_url, args))
    result.update(_child("render", database_url, args))
    # On a shared machine the wall time also counts other processes' turns: CPU time is reported beside it.
    result["targets"] = {
        "render_wall_under_10s": result["render_s"] < 10,
        "render_cpu_under_10s": result["render_cpu_s"] < 10,
        "peak_rss_under_500mb": result["peak_rss_mb_after_render"] < 500,
    }
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--tracemalloc", action="store_true", help="also report the peak of Python allocations")
    parser.add_argument("--step", choices=["populate", "render"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step == "populate":
        print(json.dumps(populate(args.rows)))
        return
    if args.step == "render":
        print(json.dumps(render(args.tracemalloc)))
        return

    results = harness.on_each_database(lambda backend, url: _run(backend, url, args), BENCH_DATABASE)
    print(
        json.dumps(
            {"python": platform.python_version(), "machine": platform.machine(), "cpus": os.cpu_count(),
             "results": results},
            ensure_ascii=False, indent=2,
        )
    )  # fmt: skip


if __name__ == "__main__":
    main()
