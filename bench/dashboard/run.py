"""Benchmark of the 数据看板 (issue 19 §2): the city and county dashboards keep the same query count at 50 and
at 50,000 applications, and each answers under 1 s.

Run:  .venv/bin/python bench/dashboard/run.py [--sizes 50,50000] [--repeats 3] [--limit 1.0]
      DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/dashboard/run.py

The data set is the work-list benchmark's (bench/review/worklist_queries.py, `generate`): the 2023 pack, the
officials of every jurisdiction and section, size / 2 enterprises and `size` applications over the 14 items and
16 jurisdictions in a funnel of every status, with county and city opinions, sent batches and award lists. For
each database and size a child process creates a throwaway database (SQLite: a temporary file; PostgreSQL:
`bench_dashboard_<size>` on the server of DATABASE_URL, dropped afterwards), migrates, generates, runs ANALYZE,
then requests each dashboard through the Django test client: once to warm, then --repeats times under
CaptureQueriesContext (query count, median and worst time). Prints a table per database and exits non-zero
when a page's query count differs between the sizes or its median is over --limit seconds.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from bench import harness
from bench.review import worklist_queries as review

ROOT = harness.ROOT
BENCH_DATABASE = "bench_dashboard"
# The usernames bench/review/worklist_queries.py `generate` gives these personas (for --database).
USERNAMES = {"city_sme": "city_sme", "city_finance": "city_finance", "city_section": "section_equipment_industry",
             "county_industry": "430405_gx", "county_finance": "430405_cz"}  # fmt: skip
# (persona of the work-list benchmark's world, URL name)
PAGES = [
    ("city_sme", "dashboard:city_board"),
    ("city_finance", "dashboard:city_board"),
    ("city_section", "dashboard:city_board"),
    ("county_industry", "dashboard:county_board"),
    ("county_finance", "dashboard:county_board"),
]


def _run_child(backend: str, size: int, args, workdir: Path) -> dict:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test", "PYTHONPATH": str(ROOT)}
    if backend == "sqlite":
        path = workdir / f"bench_{size}.sqlite3"
        path.unlink(missing_ok=True)
        env["DATABASE_URL"] = f"sqlite:///{path}"
    else:
        database = f"{BENCH_DATABASE}_{size}"
        harness.postgres_admin(args.database_url, f"DROP DATABASE IF EXISTS {database}")
        harness.postgres_admin(args.database_url, f"CREATE DATABASE {database}")
        env["DATABASE_URL"] = harness.postgres_url(args.database_url, database)
    out = workdir / f"result_{backend}_{size}.json"
    command = [sys.executable, __file__, "--child", "--size", str(size), "--repeats", str(args.repeats),
               "--out", str(out)]  # fmt: skip
    try:
        subprocess.run(command, env=env, check=True, cwd=ROOT)  # noqa: S603 (this script, this interpreter)
    finally:
        if backend == "postgresql":
            harness.postgres_admin(args.database_url, f"DROP DATABASE IF EXISTS {database}")
    return json.loads(out.read_text())


def child(size: int, repeats: int, out: Path, reuse: bool = False) -> int:
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment
    from django.urls import reverse

    setup_test_environment()
    call_command("migrate", verbosity=0, interactive=False)
    started = time.perf_counter()
    if reuse:  # a database the generator filled before (--database)
        from accounts.models import User
        from applications.models import Application

        world = {role: User.objects.get(username=name) for role, name in USERNAMES.items()}
        world["counts"] = {"applications": Application.objects.count()}
    else:
        world = review.generate(size)
    generated = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    results = {}
    for role, name in PAGES:
        client = Client()
        client.force_login(world[role])
        url = reverse(name)
        assert client.get(url).status_code == 200  # warm: templates, the pack's models, the session
        times, count = [], 0
        for _ in range(repeats):
            with CaptureQueriesContext(connection) as queries:
                begun = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - begun) * 1000)
            assert response.status_code == 200
            count = len(queries.captured_queries)
        results[f"{role} {url}"] = {"queries": count, "median_ms": round(statistics.median(times), 1),
                                    "max_ms": round(max(times), 1)}  # fmt: skip
    database = connection.vendor
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version" if database == "postgresql" else "select sqlite_version()")
        database += " " + cursor.fetchone()[0]
    out.write_text(json.dumps({"database": database, "generated_s": round(generated, 1), "counts": world["counts"],
                               "pages": results}, ensure_ascii=False))  # fmt: skip
    return 0


def report(backend: str, sizes: list[int], results: dict[int, dict], limit: float) -> list[str]:
    print(f"\n## {backend}: {results[sizes[0]]['database']}")
    for size in sizes:
        if results[size]["generated_s"]:
            print(f"generated {size} applications in {results[size]['generated_s']} s: {results[size]['counts']}")
    print("| page | queries " + " / ".join(f"@{s}" for s in sizes) + " | "
          + " | ".join(f"ms @{s} (median; worst)" for s in sizes) + " |")  # fmt: skip
    failures = []
    for page in results[sizes[0]]["pages"]:
        rows = [results[size]["pages"][page] for size in sizes]
        counts = [r["queries"] for r in rows]
        print(f"| {page} | " + " / ".join(map(str, counts)) + " | "
              + " | ".join(f"{r['median_ms']}; {r['max_ms']}" for r in rows) + " |")  # fmt: skip
        if len(set(counts)) > 1:
            failures.append(f"{backend} {page}: query counts {counts}")
        failures += [f"{backend} {page}: {r['median_ms']} ms at {size}" for size, r in zip(sizes, rows, strict=True)
                     if r["median_ms"] > limit * 1000]  # fmt: skip
    return failures


def measure_existing(args) -> int:
    """--database: one child over a database filled before, reported alone (no second size to compare)."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test", "PYTHONPATH": str(ROOT),
           "DATABASE_URL": args.database}  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="bench_dashboard_") as workdir:
        out = Path(workdir) / "result.json"
        command = [sys.executable, __file__, "--child", "--reuse", "--size", "0", "--repeats", str(args.repeats),
                   "--out", str(out)]  # fmt: skip
        subprocess.run(command, env=env, check=True, cwd=ROOT)  # noqa: S603 (this script, this interpreter)
        result = json.loads(out.read_text())
    size = result["counts"]["applications"]
    failures = report(result["database"].split()[0], [size], {size: result}, args.limit)
    if failures:
        print("\nFAILED:\n  " + "\n  ".join(failures))
        return 1
    print("\nOK: every dashboard answers within the limit.")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="50,50000", help="numbers of applications, comma-separated")
    parser.add_argument("--repeats", type=int, default=3, help="timed requests per page (the median is judged)")
    parser.add_argument("--limit", type=float, default=1.0, help="seconds a page may take")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""),
                        help="a PostgreSQL server to measure too (default: $DATABASE_URL)")  # fmt: skip
    parser.add_argument("--no-sqlite", action="store_true", help="measure PostgreSQL only")
    parser.add_argument("--database", default="",
                        help="measure this database (a URL), filled by an earlier run's generator; migrates it, "
                             "generates nothing")  # fmt: skip
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--size", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    parser.add_argument("--reuse", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(args.size, args.repeats, Path(args.out), reuse=args.reuse)
    if args.database:
        return measure_existing(args)
    sizes = [int(s) for s in args.sizes.split(",")]
    backends = ([] if args.no_sqlite else ["sqlite"]) + (["postgresql"] if args.database_url else [])
    failures: list[str] = []
    with tempfile.TemporaryDirectory(prefix="bench_dashboard_") as workdir:
        for backend in backends:
            results = {size: _run_child(backend, size, args, Path(workdir)) for size in sizes}
            failures += report(backend, sizes, results, args.limit)
    if failures:
        print("\nFAILED:\n  " + "\n  ".join(failures))
        return 1
    print("\nOK: every dashboard has the same query count at every size and answers within the limit.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
