"""Benchmark of the officials' work-list pages (issue 6): query counts must not grow with the database.

Run:  .venv/bin/python bench/review/worklist_queries.py
      DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/review/worklist_queries.py

For each database (a throwaway SQLite file; PostgreSQL too when DATABASE_URL is set, in a separate
`bench_review` database that is created and dropped) and each size (50 and 50,000 applications), a
child process migrates an empty database, loads the 2023 pack, creates the applications with
bulk_create (spread across the 16 jurisdictions, the 14 items and every status, with opinions,
recommendation batches, award lists, a public notice with objections, audit events and
notifications), then renders every work-list page of every official role, and the enterprise's
pages, through the Django test client under CaptureQueriesContext. It prints one table and exits
non-zero if a page's query count differs between the sizes or a page takes more than --limit seconds.
Data generation is not timed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from bench import harness

ROOT = harness.ROOT
PACK_DIR = harness.PACK_2023
BENCH_DATABASE = "bench_review"  # PostgreSQL: bench_review_50, bench_review_50000, created and dropped

COUNTY = "430405"  # 珠晖区: the county whose officials are measured
SECTION = "equipment_industry"  # 装备工业科: items 1 and 2
BATCH_SIZE = 40  # a county's joint letter recommends at most this many in the generated data
AWARD_LIST_SIZE = 200  # entries per generated award list

# A funnel: most applications are early in the process, fewer reach the city and the awards.
STATUS_WEIGHTS = {
    "draft": 10, "submitted": 12, "county_review": 10, "returned": 5, "county_approved": 8,
    "county_rejected": 6, "recommended": 8, "city_review": 8, "returned_to_county": 3,
    "city_approved": 8, "city_rejected": 6, "publicised": 4, "awarded": 8, "withdrawn": 4,
}  # fmt: skip
COUNTY_OPINION_STATES = {
    "county_approved", "recommended", "city_review", "returned_to_county", "city_approved", "city_rejected",
    "publicised", "awarded",
}  # fmt: skip
BATCHED_STATES = {"recommended", "city_review", "returned_to_county", "city_approved", "city_rejected", "publicised",
                  "awarded"}  # fmt: skip
CITY_OPINION_STATES = {"returned_to_county", "city_approved", "city_rejected", "publicised", "awarded"}


# ---------------------------------------------------------------------------------------------------
# Parent: one child process per database and size, then the table.
# ---------------------------------------------------------------------------------------------------


def _run_child(backend: str, size: int, args, workdir: Path) -> dict:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test", "PYTHONPATH": str(ROOT)}
    if backend == "sqlite":
        path = workdir / f"bench_{size}.sqlite3"
        if not args.reuse:
            path.unlink(missing_ok=True)
        env["DATABASE_URL"] = f"sqlite:///{path}"
    else:
        database = f"{BENCH_DATABASE}_{size}"
        if not args.reuse:
            harness.postgres_admin(args.database_url, f"DROP DATABASE IF EXISTS {database}")
            harness.postgres_admin(args.database_url, f"CREATE DATABASE {database}")
        env["DATABASE_URL"] = harness.postgres_url(args.database_url, database)
    out = workdir / f"result_{backend}_{size}.json"
    command = [sys.executable, __file__, "--child", "--size", str(size), "--repeats", str(args.repeats),
               "--out", str(out), "--pages", args.pages] + (["--reuse"] if args.reuse else [])  # fmt: skip
    try:
        subprocess.run(command, env=env, check=True, cwd=ROOT)  # noqa: S603 (this script, this interpreter)
    finally:
        if backend == "postgresql" and not args.keep:
            harness.postgres_admin(args.database_url, f"DROP DATABASE IF EXISTS {database}")
    return json.loads(out.read_text())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="50,50000", help="numbers of applications, comma-separated")
    parser.add_argument("--repeats", type=int, default=3, help="timed requests per page (the median is judged)")
    parser.add_argument("--limit", type=float, default=1.0, help="seconds a page may take")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""),
                        help="a PostgreSQL server to measure too (default: $DATABASE_URL)")  # fmt: skip
    parser.add_argument("--no-sqlite", action="store_true", help="measure PostgreSQL only")
    parser.add_argument("--keep", action="store_true",
                        help="keep the databases (SQLite files in --workdir; PostgreSQL bench_review_<size>)")  # fmt: skip
    parser.add_argument("--workdir", default="", help="where the SQLite files and results go (default: a temp dir)")
    parser.add_argument("--reuse", action="store_true",
                        help="measure again on the databases kept by an earlier --keep run (same --workdir)")  # fmt: skip
    parser.add_argument("--pages", default="", help="measure only pages whose 'role/page' contains this text")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--size", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(args.size, args.repeats, Path(args.out), reuse=args.reuse, only=args.pages)

    sizes = [int(s) for s in args.sizes.split(",")]
    backends = ([] if args.no_sqlite else ["sqlite"]) + (["postgresql"] if args.database_url else [])
    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="bench_review_"))
    workdir.mkdir(parents=True, exist_ok=True)
    failures: list[str] = []
    for backend in backends:
        results = {size: _run_child(backend, size, args, workdir) for size in sizes}
        failures += report(backend, sizes, results, args.limit)
    if not args.keep and not args.workdir:
        for path in workdir.iterdir():
            path.unlink()
        workdir.rmdir()
    if failures:
        print("\nFAILED:")
        for failure in failures:
            print(f"  {failure}")
        return 1
    print("\nOK: every page has the same query count at every size and stays under the limit.")
    return 0


def report(backend: str, sizes: list[int], results: dict[int, dict], limit: float) -> list[str]:
    first = results[sizes[0]]
    print(f"\n## {backend} ({first['database']})\n")
    for size in sizes:
        print(f"- {size:,} applications: {results[size]['counts']}, generated in {results[size]['generated_s']} s")
    header = "| role | page | " + " | ".join(f"queries @{s:,}" for s in sizes) + " | "
    header += " | ".join(f"ms @{s:,} (median; max)" for s in sizes) + " |"
    print()
    print(header)
    print("|" + "---|" * (2 + 2 * len(sizes)))
    failures = []
    for key, page in first["pages"].items():
        counts = [results[s]["pages"][key]["queries"] for s in sizes]
        times = [results[s]["pages"][key]["median_ms"] for s in sizes]
        maxima = [results[s]["pages"][key]["max_ms"] for s in sizes]
        statuses = {results[s]["pages"][key]["status"] for s in sizes}
        flag = ""
        if len(set(counts)) > 1:
            flag = " ⚠ count"
            failures.append(f"{backend}: {page['role']} {page['name']}: queries {counts}")
        slow = [t for t in times if t > limit * 1000]
        if slow:
            flag += " ⚠ slow"
            failures.append(f"{backend}: {page['role']} {page['name']}: {max(slow):.0f} ms > {limit:.1f} s")
        if statuses != {200}:
            flag += f" ⚠ HTTP {sorted(statuses)}"
            failures.append(f"{backend}: {page['role']} {page['name']}: HTTP {sorted(statuses)}")
        print(f"| {page['role']} | {page['name']}{flag} | " + " | ".join(str(c) for c in counts) + " | "
              + " | ".join(f"{t:.0f}; {m:.0f}" for t, m in zip(times, maxima)) + " |")  # fmt: skip
    return failures


# ---------------------------------------------------------------------------------------------------
# Child: one database, one size.
# ---------------------------------------------------------------------------------------------------


def child(size: int, repeats: int, out: Path, reuse: bool = False, only: str = "") -> int:
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    call_command("migrate", verbosity=0, interactive=False)
    saved = out.with_name(f"world_{connection.vendor}_{size}.json")
    if reuse and saved.exists():
        world, generated = load_world(json.loads(saved.read_text())), 0.0
    else:
        started = time.perf_counter()
        world = generate(size)
        generated = time.perf_counter() - started
        saved.write_text(json.dumps(dump_world(world), ensure_ascii=False))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    pages = measure(world, repeats, only)
    database = connection.vendor
    if database == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            database += " " + cursor.fetchone()[0]
    else:
        import sqlite3

        database += " " + sqlite3.sqlite_version
    out.write_text(json.dumps({
        "database": database, "generated_s": round(generated, 1), "counts": world["counts"], "pages": pages,
    }, ensure_ascii=False))  # fmt: skip
    return 0


def _forms_for(pack, item) -> list[dict]:
    """The frozen copy of the forms an application of the item stores (as applications.services does)."""
    subtypes = item.data.get("subtypes") or []
    form_ids = list((subtypes[0].get("forms") if subtypes and item.data.get("subtype_required") else None)
                    or item.data["forms"])  # fmt: skip
    performance = pack.data["pack"]["performance_form"]
    if performance not in form_ids:
        form_ids.append(performance)
    return [pack.data["forms"][form_id] for form_id in form_ids]


def _uscc(n: int) -> str:
    return f"9143{n:014d}"


def generate(size: int) -> dict:
    from django.db import transaction
    from django.utils import timezone

    from accounts.choices import OrganisationKind, Role
    from accounts.models import Jurisdiction, Organisation, User, UserRole
    from applications.models import Application
    from applications.tests.formdata import fill_answers
    from awards.models import AwardEntry, AwardList, Objection, PublicNotice
    from core.models import AuditEvent
    from enterprises.models import EnterpriseProfile
    from notifications.models import Notification
    from policies.services import pack_load
    from review.models import RecommendationBatch, ReviewOpinion

    rng = random.Random(2023)  # noqa: S311 (reproducible benchmark data, not a secret)
    pack, _ = pack_load(actor=None, directory=PACK_DIR)
    items = list(pack.items.order_by("number"))
    forms = {item.pk: _forms_for(pack, item) for item in items}
    answers = {item.pk: fill_answers(forms[item.pk]) for item in items}
    jurisdictions = list(Jurisdiction.objects.order_by("sort_order", "code"))
    county = next(j for j in jurisdictions if j.code == COUNTY)
    now = timezone.now()

    def user(username, organisation, role, full_name):
        person = User.objects.create(username=username, full_name=full_name, organisation=organisation,
                                     password="!")  # fmt: skip
        UserRole.objects.create(user=person, role=role)
        return person

    with transaction.atomic():
        # Officials: both county departments of every jurisdiction, the sections, the city finance section.
        officials = {}
        for j in jurisdictions:
            for kind, role, suffix in ((OrganisationKind.INDUSTRY_BUREAU, Role.COUNTY_INDUSTRY_REVIEWER, "gx"),
                                       (OrganisationKind.FINANCE_BUREAU, Role.COUNTY_FINANCE_REVIEWER, "cz")):  # fmt: skip
                organisation = Organisation.objects.get(kind=kind, jurisdiction=j)
                officials[(j.pk, suffix)] = user(f"{j.code}_{suffix}", organisation, role, f"{j.name}{suffix}审核员")
        sections = {o.section_code: o for o in Organisation.objects.filter(kind=OrganisationKind.CITY_SECTION)}
        section_users = {code: user(f"section_{code}", org, Role.CITY_SECTION_REVIEWER, f"{org.name}审核员")
                         for code, org in sections.items()}  # fmt: skip
        city_sme = user("city_sme", sections["sme"], Role.CITY_SME_COORDINATOR, "中小企业科汇总员")
        city_finance = user("city_finance", Organisation.objects.get(kind=OrganisationKind.CITY_FINANCE_SECTION),
                            Role.CITY_FINANCE_REVIEWER, "财政局企业科会签员")  # fmt: skip

        # Enterprises: two applications each; one in four is in the measured county.
        n_enterprises = (size + 1) // 2
        enterprises = Organisation.objects.bulk_create(
            [Organisation(name=f"衡阳基准企业{k:05d}有限公司", kind=OrganisationKind.ENTERPRISE,
                          jurisdiction=county if k % 4 == 0 else jurisdictions[k % len(jurisdictions)])
             for k in range(n_enterprises)], batch_size=2000,
        )  # fmt: skip
        EnterpriseProfile.objects.bulk_create(
            [EnterpriseProfile(organisation=e, uscc=_uscc(k), status="confirmed",
                               data={"legal_representative_name": f"法人{k}", "contact_name": f"联系人{k}",
                                     "contact_mobile": f"139{k:08d}", "industry_division": "35",
                                     "revenue_2022": str(1000 + k % 5000)})
             for k, e in enumerate(enterprises)], batch_size=2000,
        )  # fmt: skip
        owners = User.objects.bulk_create(
            [User(username=f"ent{k:05d}", full_name=f"经办人{k}", organisation=e, password="!")
             for k, e in enumerate(enterprises)], batch_size=2000,
        )  # fmt: skip
        UserRole.objects.bulk_create([UserRole(user=u, role=Role.ENTERPRISE_ADMIN) for u in owners], batch_size=2000)

        # Applications, statuses from the funnel in a fixed pseudo-random order.
        statuses = [s for s, w in STATUS_WEIGHTS.items() for _ in range(w)]
        applications = []
        for i in range(size):
            k = i // 2
            item = items[(k + 7 * (i % 2)) % len(items)]
            status = statuses[rng.randrange(len(statuses))] if i >= 4 else ["submitted", "recommended",
                                                                             "publicised", "awarded"][i]  # fmt: skip
            submitted_at = None if status == "draft" else now - dt.timedelta(minutes=rng.randrange(60 * 24 * 40))
            applications.append(Application(
                enterprise=enterprises[k], jurisdiction_id=enterprises[k].jurisdiction_id, pack=pack, item=item,
                status=status, forms=forms[item.pk],
                answers=answers[item.pk], project_name=f"{item.name}项目{i}", total_investment=Decimal(800 + i % 900),
                requested_amount=Decimal(50 + i % 150), contact_name=f"联系人{k}", contact_phone=f"139{k:08d}",
                receipt_number=None if status == "draft" else f"HYGXJ2023-{i:06d}", submitted_at=submitted_at,
                review_round=2 if status == "returned_to_county" else 1,
                proposed_amount=Decimal(30 + i % 50) if status in ("city_approved", "publicised", "awarded") else None,
                award_amount=Decimal(30 + i % 50) if status == "awarded" else None,
                created_by=owners[k],
            ))  # fmt: skip
        applications = Application.objects.bulk_create(applications, batch_size=500)
        by_pk = {a.pk: a for a in applications}

        # Opinions: both county departments agreed, or one returned or refused; one city opinion.
        opinions = []
        for a in applications:
            j = a.enterprise.jurisdiction_id
            gx, cz = officials[(j, "gx")], officials[(j, "cz")]
            if a.status in COUNTY_OPINION_STATES:
                opinions += [
                    ReviewOpinion(application=a, stage="county", department="industry", reviewer=gx,
                                  reviewer_name=gx.full_name, decision="agree"),
                    ReviewOpinion(application=a, stage="county", department="finance", reviewer=cz,
                                  reviewer_name=cz.full_name, decision="agree"),
                ]  # fmt: skip
            elif a.status in ("returned", "county_rejected"):
                decision = "return" if a.status == "returned" else "reject"
                opinions.append(ReviewOpinion(application=a, stage="county", department="finance", reviewer=cz,
                                              reviewer_name=cz.full_name, decision=decision, reason="请补充材料"))  # fmt: skip
            if a.status in CITY_OPINION_STATES:
                reviewer = section_users[a.item.section_code]
                decision = {"returned_to_county": "return", "city_rejected": "reject"}.get(a.status, "agree")
                opinions.append(ReviewOpinion(application=a, stage="city", department="section", reviewer=reviewer,
                                              reviewer_name=reviewer.full_name, decision=decision,
                                              reason="" if decision == "agree" else "不符合条件"))  # fmt: skip
        ReviewOpinion.objects.bulk_create(opinions, batch_size=2000)

        # Recommendation batches, sent, per jurisdiction in letters of at most BATCH_SIZE.
        batched: dict[int, list[Application]] = {}
        for a in applications:
            if a.status in BATCHED_STATES:
                batched.setdefault(a.enterprise.jurisdiction_id, []).append(a)
        batches, members = [], []
        for j, group in batched.items():
            for start in range(0, len(group), BATCH_SIZE):
                gx, cz = officials[(j, "gx")], officials[(j, "cz")]
                batches.append(RecommendationBatch(
                    pack=pack, jurisdiction_id=j, number=f"工信联〔2023〕{len(batches) + 1}号", status="sent",
                    created_by=gx, industry_signed_by=gx, industry_signed_at=now, finance_signed_by=cz,
                    finance_signed_at=now, sent_at=now,
                ))  # fmt: skip
                members.append(group[start : start + BATCH_SIZE])
        batches = RecommendationBatch.objects.bulk_create(batches)
        for batch, group in zip(batches, members):
            for a in group:
                a.batch = batch
        Application.objects.bulk_update([a for group in members for a in group], ["batch"], batch_size=2000)

        # Award lists: the awarded ones final, the publicised ones on a publicised list with a notice.
        lists_made = []
        for status, list_status in (("awarded", "final"), ("publicised", "publicised")):
            group = [a for a in applications if a.status == status]
            for start in range(0, len(group), AWARD_LIST_SIZE):
                award_list = AwardList.objects.create(
                    pack=pack, status=list_status, created_by=city_sme, sme_confirmed_by=city_sme,
                    sme_confirmed_at=now, finance_cosigned_by=city_finance, finance_cosigned_at=now,
                    finalised_by=city_sme if list_status == "final" else None,
                    finalised_at=now if list_status == "final" else None,
                )  # fmt: skip
                entries = AwardEntry.objects.bulk_create(
                    [AwardEntry(award_list=award_list, application=a, amount=a.proposed_amount)
                     for a in group[start : start + AWARD_LIST_SIZE]]
                )  # fmt: skip
                notice = PublicNotice.objects.create(
                    award_list=award_list, starts_on=dt.date(2023, 9, 25), ends_on=dt.date(2023, 10, 7),
                    working_days=5, published_by=city_sme, published_at=now,
                )  # fmt: skip
                Objection.objects.bulk_create([
                    Objection(public_notice=notice, entry=entry, objector_name="孙异议", objector_phone="13607341234",
                              content="该企业项目尚未竣工。", submitted_at=now,
                              status="open" if list_status == "publicised" and n == 0 else "dismissed",
                              resolution="" if list_status == "publicised" and n == 0 else "经核实不成立",
                              resolved_by=None if list_status == "publicised" and n == 0 else city_sme)
                    for n, entry in enumerate(entries[:3])
                ])  # fmt: skip
                lists_made.append(award_list)

        # The audit trail the timelines read: submission, each opinion, the award steps.
        events = []
        for a in applications:
            if a.status == "draft":
                continue
            events.append(AuditEvent(actor=a.created_by, actor_name=a.created_by.full_name,
                                     organisation_id=a.enterprise_id, verb="application_submitted",
                                     target_type="applications.application", target_id=str(a.pk),
                                     target_repr=str(a)[:255], data={"receipt_number": a.receipt_number}))  # fmt: skip
        for o in opinions:
            a = o.application
            events.append(AuditEvent(actor=o.reviewer, actor_name=o.reviewer_name,
                                     organisation_id=o.reviewer.organisation_id, verb="review_opinion",
                                     target_type="applications.application", target_id=str(a.pk),
                                     target_repr=str(a)[:255], data={"label": f"{o.department}：{o.decision}",
                                                                      "reason": o.reason}))  # fmt: skip
        AuditEvent.objects.bulk_create(events, batch_size=2000)
        Notification.objects.bulk_create(
            [Notification(recipient=a.created_by, application=a, verb="status_changed", title=f"您的申报“{a}”状态变更",
                          url=f"/applications/{a.pk}/") for a in applications if a.status != "draft"],
            batch_size=2000,
        )  # fmt: skip

    in_county = [a for a in applications if a.enterprise.jurisdiction_id == county.pk and a.status != "draft"]
    county_batch = next(b for b in batches if b.jurisdiction_id == county.pk)
    publicised_list = next(award for award in lists_made if award.status == "publicised")
    section_application = next(a for a in applications if a.item.section_code == SECTION and a.status in BATCHED_STATES)
    own = by_pk[applications[0].pk]
    return {
        "county_industry": officials[(county.pk, "gx")], "county_finance": officials[(county.pk, "cz")],
        "city_section": section_users[SECTION], "city_sme": city_sme, "city_finance": city_finance,
        "enterprise": own.created_by, "own_application": own,
        "county_application": max(in_county, key=lambda a: a.status in COUNTY_OPINION_STATES),
        "county_batch": county_batch, "award_list": publicised_list, "section_application": section_application,
        "search": enterprises[0].name[2:10], "uscc": _uscc(0),
        "counts": {
            "applications": len(applications), "enterprises": len(enterprises), "opinions": len(opinions),
            "batches": len(batches), "award_lists": len(lists_made), "audit_events": len(events),
        },
    }  # fmt: skip


def dump_world(world: dict) -> dict:
    return {key: ([value._meta.label, value.pk] if hasattr(value, "_meta") else value) for key, value in world.items()}


def load_world(saved: dict) -> dict:
    from django.apps import apps

    return {key: (apps.get_model(value[0]).objects.get(pk=value[1]) if isinstance(value, list) else value)
            for key, value in saved.items()}  # fmt: skip


# A filter that matches rows at every size: the first four applications are fixed (see `generate`).
FILTERS = {
    "county_industry": {"status": "submitted", "item": "1"},
    "county_finance": {"status": "submitted", "item": "1"},
    "city_section": {"status": "publicised", "item": "2"},
    "city_sme": {"status": "recommended", "item": "8"},
    "city_finance": {"status": "recommended", "item": "8"},
}


def pages(world: dict) -> list[tuple[str, str, str, dict, dict]]:
    """(role, page, url, query parameters, headers) for every page measured."""
    from django.urls import reverse

    worklist, batches = reverse("review:worklist"), reverse("review:batch_list")
    batch = reverse("review:batch_detail", args=[world["county_batch"].pk])
    award_index, award = reverse("awards:index"), reverse("awards:detail", args=[world["award_list"].pk])
    objections = reverse("awards:objections", args=[world["award_list"].pk])
    htmx = {"HX-Request": "true"}
    rows = []
    for role in ("county_industry", "county_finance", "city_section", "city_sme", "city_finance"):
        rows += [
            (role, "worklist", worklist, {}, {}),
            (role, "worklist, filtered (status, item)", worklist, FILTERS[role], {}),
            (role, "worklist, search by name", worklist, {"q": world["search"]}, {}),
            (role, "worklist, search by USCC", worklist, {"q": world["uscc"]}, {}),
            (role, "worklist, page 2", worklist, {"page": "2"}, {}),
            (role, "worklist, htmx partial", worklist, {"submitted_from": "2000-01-01"}, htmx),
        ]  # fmt: skip
        if role.startswith("city") and role != "city_section":
            rows.append(
                (
                    role,
                    "worklist, by jurisdiction",
                    worklist,
                    {"jurisdiction": str(world["county_batch"].jurisdiction_id)},
                    {},
                )
            )
        if role != "city_section":
            rows += [(role, "batch list", batches, {}, {}), (role, "batch detail (附件4)", batch, {}, {})]
        if role in ("city_sme", "city_finance"):
            rows += [(role, "award lists", award_index, {}, {}), (role, "award list detail", award, {}, {}),
                     (role, "objections", objections, {}, {})]  # fmt: skip
    rows += [
        ("county_industry", "application page + timeline",
         reverse("applications:edit", args=[world["county_application"].pk]), {}, {}),
        ("city_section", "application page + timeline",
         reverse("applications:edit", args=[world["section_application"].pk]), {}, {}),
        ("enterprise", "my applications", reverse("applications:mine"), {}, {}),
        ("enterprise", "application page + timeline", reverse("applications:edit", args=[world["own_application"].pk]),
         {}, {}),
        ("enterprise", "inbox", reverse("notifications:inbox"), {}, {}),
    ]  # fmt: skip
    return rows


def measure(world: dict, repeats: int, only: str = "") -> dict:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    results = {}
    clients: dict[str, Client] = {}
    for role, name, url, params, headers in pages(world):
        if only not in f"{role}/{name}":
            continue
        client = clients.get(role)
        if client is None:
            client = clients[role] = Client()
            client.force_login(world[role])
        client.get(url, params, headers=headers)  # warm: templates, the pack's models, the session
        times, count, status = [], 0, 0
        for _ in range(repeats):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url, params, headers=headers)
                times.append((time.perf_counter() - started) * 1000)
            count, status = len(queries.captured_queries), response.status_code
        results[f"{role}/{name}"] = {
            "role": role, "name": name, "queries": count, "status": status,
            "median_ms": round(statistics.median(times), 1), "max_ms": round(max(times), 1),
        }  # fmt: skip
    return results


if __name__ == "__main__":
    sys.exit(main())
