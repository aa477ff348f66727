"""Benchmark of 全过程绩效管理 at scale (issue 14): the 绩效评价结果汇总表 of 5,000 awards renders in under 5 s,
and the monitoring overview keeps the same query count at 50 and at 5,000 awards.

Run:  .venv/bin/python bench/performance/run.py [--awards 5000] [--small 50]
      DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/performance/run.py

Always runs against a throwaway SQLite file; when DATABASE_URL names a PostgreSQL server, also against a
database `bench_performance` created on that server and dropped afterwards. Each backend runs in two fresh
processes:
  populate  migrate, load the 2023 pack, then two final award lists (--small and --awards awards, spread
            over the 14 items and 16 jurisdictions), each award with a frozen 绩效目标表 of four indicators;
            for each list a monitoring round opened by the service (one report per award), a third of the
            reports filed and a third verified, one filed report in five with 偏离预警; the evaluations
            opened by the service and scored (not timed against the targets, but reported);
  measure   the 汇总表 of the large list through PerformanceResultsXlsx.render() (wall and CPU time, rows
            read back); then through the Django test client, as the 中小企业科 and as a section, the round
            overview, the report work list and the list's results page of each list, counting queries
            (CaptureQueriesContext) and timing each page.
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
BENCH_DATABASE = "bench_performance"
CHUNK = 2500
XLSX_TARGET_S = 5.0
SECTION = "equipment_industry"  # 装备工业科: items 1 and 2


# ---------------------------------------------------------------------------
# Child processes
# ---------------------------------------------------------------------------


def _award_list(size: int, label: str, *, pack, items, jurisdictions, sme) -> dict:
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
    from performance.models import (
        IndicatorProgress,
        IndicatorScore,
        PerformanceEvaluation,
        PerformanceIndicator,
        PerformanceMonitoringReport,
        PerformanceTargetSheet,
    )
    from performance.services.evaluation import evaluations_open
    from performance.services.monitoring import monitoring_round_open
    from performance.workflow import EvaluationStatus, ReportStatus, TargetStatus

    indicators = [  # key, 一级, 二级, 三级, type, direction, target, 指标值, unit, 分值
        ("cost_economic:0", "成本指标", "经济成本指标", "项目总成本", "定量", "<=", 600, "≤600", "万元", 20),
        ("output_quantity:0", "产出指标", "数量指标", "新增智能装备", "定量", ">=", 500, "≥500", "台", 30),
        ("benefit_economic:0", "效益指标", "经济效益指标", "新增产值", "定量", ">=", 1000, "≥1000", "万元", 30),
        ("satisfaction_service_recipients:0", "满意度指标", "服务对象满意度指标", "职工满意度", "定性", "", None,
         "达到预期", "", 20),
    ]  # fmt: skip
    now = timezone.now()
    award_list = AwardList.objects.create(pack=pack, status=AwardListStatus.FINAL, created_by=sme, finalised_by=sme,
                                          finalised_at=now)  # fmt: skip
    started = time.perf_counter()
    for start in range(0, size, CHUNK):
        numbers = range(start, min(start + CHUNK, size))
        with transaction.atomic():
            enterprises = Organisation.objects.bulk_create(
                Organisation(name=f"衡阳市{label}第{i}号智能装备制造有限公司", kind=OrganisationKind.ENTERPRISE,
                             jurisdiction=jurisdictions[i % len(jurisdictions)])
                for i in numbers
            )  # fmt: skip
            applications = Application.objects.bulk_create(
                Application(
                    enterprise=e, jurisdiction_id=e.jurisdiction_id,
                    pack=pack, item=items[i % len(items)], status=ApplicationStatus.AWARDED, forms=[],
                    answers={}, project_name=f"年产{i % 500 + 1}万件智能产线技术改造项目",
                    proposed_amount=Decimal(50 + i % 200), award_amount=Decimal(50 + i % 200), created_by=sme,
                )
                for i, e in zip(numbers, enterprises, strict=True)
            )  # fmt: skip
            AwardEntry.objects.bulk_create(
                AwardEntry(award_list=award_list, application=a, amount=a.award_amount) for a in applications
            )
            sheets = PerformanceTargetSheet.objects.bulk_create(
                PerformanceTargetSheet(application=a, status=TargetStatus.FROZEN, frozen_at=now) for a in applications
            )
            PerformanceIndicator.objects.bulk_create(
                PerformanceIndicator(
                    sheet=sheet, key=key, position=n, level1=l1, level2=l2, name=name, value_type=kind,
                    direction=direction, target=None if target is None else Decimal(target), standard=standard,
                    unit=unit, weight=Decimal(weight),
                )
                for sheet in sheets
                for n, (key, l1, l2, name, kind, direction, target, standard, unit, weight) in enumerate(indicators)
            )  # fmt: skip
    populated = time.perf_counter()
    round = monitoring_round_open(
        actor=sme, award_list=award_list, title=f"{label}监控", period_starts_on=dt.date(2024, 1, 1),
        period_ends_on=dt.date(2024, 12, 31), as_of=dt.date(2024, 6, 30), working_days=10, today=dt.date(2024, 7, 1),
    )  # fmt: skip
    round_opened = time.perf_counter()
    reports = list(PerformanceMonitoringReport.objects.filter(round=round).order_by("pk"))
    by_sheet = {}
    for indicator in PerformanceIndicator.objects.filter(sheet__application__award_entries__award_list=award_list):
        by_sheet.setdefault(indicator.sheet_id, []).append(indicator)
    sheet_of = dict(PerformanceTargetSheet.objects.filter(application__award_entries__award_list=award_list)
                    .values_list("application_id", "pk"))  # fmt: skip
    progress = []
    for n, report in enumerate(reports):
        if n % 3 == 0:
            continue  # still due
        report.status = ReportStatus.VERIFIED if n % 3 == 2 else ReportStatus.REPORTED
        report.spent = Decimal(10 + n % 40)
        report.spending_warning = "资金支出进度 20% 落后于时间进度 49.59% 超过 30 个百分点" if n % 10 == 1 else ""
        for indicator in by_sheet[sheet_of[report.application_id]]:
            warned = n % 5 == 1 and indicator.key == "output_quantity:0"
            progress.append(IndicatorProgress(
                report=report, indicator=indicator, actual="100" if warned else "300", note="",
                warning="完成进度 20% 落后于时间进度 49.59% 超过 30 个百分点" if warned else "",
            ))  # fmt: skip
    PerformanceMonitoringReport.objects.bulk_update(reports, ["status", "spent", "spending_warning"], batch_size=2000)
    IndicatorProgress.objects.bulk_create(progress, batch_size=5000)
    reported = time.perf_counter()
    evaluations = evaluations_open(actor=sme, award_list=award_list)
    evaluations_opened = time.perf_counter()
    scores = []
    for n, evaluation in enumerate(evaluations):
        points = [Decimal(20), Decimal(18 + n % 13), Decimal(20 + n % 11), Decimal(20 if n % 4 else 0)]
        for indicator, score in zip(by_sheet[sheet_of[evaluation.application_id]], points, strict=True):
            scores.append(IndicatorScore(evaluation=evaluation, indicator=indicator, actual="450", computed=score,
                                         score=score))  # fmt: skip
        evaluation.total = sum(points)
        evaluation.grade = "优" if evaluation.total >= 90 else "良" if evaluation.total >= 80 else "中"
        evaluation.status = EvaluationStatus.SCORED if n % 2 else EvaluationStatus.COUNTY_VERIFIED
    IndicatorScore.objects.bulk_create(scores, batch_size=5000)
    PerformanceEvaluation.objects.bulk_update(evaluations, ["total", "grade", "status"], batch_size=2000)
    return {
        "awards": size, "award_list": award_list.pk, "round": round.pk,
        "populate_s": harness.round_s(populated - started), "round_open_service_s": harness.round_s(round_opened - populated),
        "reports_and_progress_s": harness.round_s(reported - round_opened),
        "evaluations_open_service_s": harness.round_s(evaluations_opened - reported),
        "scores_s": harness.round_s(time.perf_counter() - evaluations_opened),
    }  # fmt: skip


def populate(args) -> dict:
    harness.django_setup()
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    from accounts.choices import Role
    from accounts.models import Jurisdiction, Organisation, User, UserRole
    from policies.services import pack_load

    pack = pack_load(actor=None, directory=PACK)[0]
    items = list(pack.items.order_by("number"))
    jurisdictions = list(Jurisdiction.objects.order_by("sort_order"))

    def user(username: str, organisation, role: str):
        person = User.objects.create(username=username, full_name=username, organisation=organisation)
        UserRole.objects.create(user=person, role=role)
        return person

    sme = user("bench_city_sme", Organisation.objects.get(section_code="sme"), Role.CITY_SME_COORDINATOR)
    user("bench_city_section", Organisation.objects.get(section_code=SECTION), Role.CITY_SECTION_REVIEWER)
    migrated = time.perf_counter()
    lists = {
        "small": _award_list(args.small, "小名单", pack=pack, items=items, jurisdictions=jurisdictions, sme=sme),
        "large": _award_list(args.awards, "大名单", pack=pack, items=items, jurisdictions=jurisdictions, sme=sme),
    }
    return {"migrate_s": harness.round_s(migrated - started), "lists": lists}


def _page(client, address: str) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(address)  # warm: session, the pack's cached models, templates
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(address)
    assert response.status_code == 200, (address, response.status_code)
    return {"queries": len(queries), "seconds": round(time.perf_counter() - started, 3)}


def measure(args, lists: dict) -> dict:
    harness.django_setup()
    from io import BytesIO

    from django.test import Client
    from django.urls import reverse
    from openpyxl import load_workbook

    from accounts.models import User
    from documents.exporters.performance_results_xlsx import PerformanceResultsXlsx

    sme = User.objects.get(username="bench_city_sme")
    large = lists["large"]
    load = os.getloadavg()[0]
    started, cpu = time.perf_counter(), time.process_time()
    rendered = PerformanceResultsXlsx.for_user(sme, {"award_list": large["award_list"]}).render()
    xlsx_s, xlsx_cpu = time.perf_counter() - started, time.process_time() - cpu
    sheet = load_workbook(BytesIO(rendered.content), read_only=True).active
    result = {
        "xlsx": {
            "awards": large["awards"],
            "render_s": harness.round_s(xlsx_s),
            "render_cpu_s": harness.round_s(xlsx_cpu),
            "load_average_1min": round(load, 2),
            "bytes": len(rendered.content),
            "sheet_rows": sum(1 for _ in sheet.iter_rows(max_col=1, values_only=True)),
        },
        "pages": {},
    }
    for username in ("bench_city_sme", "bench_city_section"):
        client = Client()
        client.force_login(User.objects.get(username=username))
        for page, name, key in (("overview", "performance:monitoring_round", "round"),
                                ("reports", "performance:monitoring_reports", None),
                                ("results", "performance:evaluation_results", "award_list")):  # fmt: skip
            for size in ("small", "large"):
                info = lists[size]
                if key:
                    address = reverse(name, args=[info[key]])
                else:
                    address = f"{reverse(name)}?round={info['round']}&warning=on"
                result["pages"][f"{username}/{page}/{info['awards']}"] = _page(client, address)
    return result


# ---------------------------------------------------------------------------
# Parent
# ---------------------------------------------------------------------------


def _child(step: str, database_url: str, args, payload: dict | None = None) -> dict:
    arguments = ["--step", step, "--awards", str(args.awards), "--small", str(args.small)]
    return harness.child(__file__, database_url, arguments, payload)


def _run(backend: str, database_url: str, args) -> dict:
    populated = _child("populate", database_url, args)
    measured = _child("measure", database_url, args, payload=populated["lists"])
    return {"backend": backend, **populated, **measured}


def _verdict(result: dict) -> list[str]:
    problems = []
    if result["xlsx"]["render_s"] >= XLSX_TARGET_S:
        problems.append(f"{result['backend']}: 汇总表 took {result['xlsx']['render_s']} s")
    pages = result["pages"]
    for key, value in pages.items():
        user, page, size = key.split("/")
        if size == str(result["lists"]["small"]["awards"]):
            large = pages[f"{user}/{page}/{result['lists']['large']['awards']}"]
            if large["queries"] != value["queries"]:
                problems.append(f"{result['backend']}: {user} {page}: {value['queries']} vs {large['queries']} queries")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--awards", type=int, default=5000)
    parser.add_argument("--small", type=int, default=50)
    parser.add_argument("--step", choices=["populate", "measure"])
    parser.add_argument("--payload")
    args = parser.parse_args()
    if args.step == "populate":
        print(json.dumps(populate(args)))
        return 0
    if args.step == "measure":
        print(json.dumps(measure(args, json.loads(args.payload))))
        return 0
    results = harness.on_each_database(lambda backend, url: _run(backend, url, args), BENCH_DATABASE)
    return harness.verdict(results, _verdict)


if __name__ == "__main__":
    sys.exit(main())
