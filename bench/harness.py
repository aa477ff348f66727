"""What the benchmarks under bench/ share: Django set up with the test settings, each step of a run in a fresh child
process (so that building the data never inflates what a step measures), and the throwaway databases a run
measures on: a SQLite file, then, when DATABASE_URL names a PostgreSQL server, a database created on that server
for the run and dropped after it (the server's `postgres` database issues CREATE and DROP DATABASE).

A script imports it after putting the repository on sys.path:

    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from bench import harness  # noqa: E402
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
PACK_2023 = ROOT / "policy_packs" / "hengyang-2023-gxj51"


def django_setup() -> None:
    """Django in this process, with the test settings unless DJANGO_SETTINGS_MODULE says otherwise."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()


@contextmanager
def in_process(sqlite_name: str = "bench.sqlite3") -> Iterator[None]:
    """Django in this process on DATABASE_URL, or on a throwaway SQLite file when it is unset; one thread for numpy
    and polars, as a server's worker has."""
    with tempfile.TemporaryDirectory() as directory:
        os.environ.setdefault("DATABASE_URL", f"sqlite:///{Path(directory) / sqlite_name}")
        os.environ.setdefault("OMP_NUM_THREADS", "1")
        django_setup()
        yield


def maxrss_mb() -> float:
    """This process's peak resident memory so far (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def round_s(seconds: float) -> float:
    return round(seconds, 3)


def seconds_since(started: float) -> float:
    return round_s(time.perf_counter() - started)


def child(script: str, database_url: str, arguments: list[str], payload: dict | None = None) -> dict:
    """Run `script` (the calling benchmark itself, with `--step …` among `arguments`) in a fresh process on
    `database_url`; its answer is the JSON object on the last line it prints."""
    command = [sys.executable, script, *arguments]
    if payload is not None:
        command += ["--payload", json.dumps(payload)]
    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    # The command is the calling benchmark with its own arguments (S603).
    output = subprocess.run(command, env=env, check=True, capture_output=True, text=True, cwd=ROOT).stdout  # noqa: S603
    return json.loads(output.strip().splitlines()[-1])


def postgres_url(base: str, name: str) -> str:
    """`base` (a PostgreSQL URL) naming the database `name` instead."""
    parts = urlsplit(base)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, parts.fragment))


def postgres_admin(base: str, sql: str) -> None:
    """One statement outside a transaction (CREATE or DROP DATABASE) on the server `base` names, through its
    `postgres` database (the one in `base` need not exist)."""
    import psycopg

    with psycopg.connect(postgres_url(base, "postgres"), autocommit=True) as connection:
        connection.execute(sql)


def on_each_database(run: Callable[[str, str], dict], bench_database: str) -> list[dict]:
    """`run(backend, database_url)` on a throwaway SQLite file, then on PostgreSQL's `bench_database` when
    DATABASE_URL names a PostgreSQL server; the results in that order."""
    results = []
    with tempfile.TemporaryDirectory() as directory:
        results.append(run("sqlite", f"sqlite:///{Path(directory) / 'bench.sqlite3'}"))
    base = os.environ.get("DATABASE_URL", "")
    if base.startswith(("postgres://", "postgresql://")):
        postgres_admin(base, f"DROP DATABASE IF EXISTS {bench_database}")
        postgres_admin(base, f"CREATE DATABASE {bench_database}")
        try:
            results.append(run("postgresql", postgres_url(base, bench_database)))
        finally:
            postgres_admin(base, f"DROP DATABASE IF EXISTS {bench_database} WITH (FORCE)")
    return results


def verdict(results: list[dict], missed: Callable[[dict], list[str]]) -> int:
    """Print each result as JSON and each missed target; the exit status: 1 when a target was missed."""
    problems = []
    for result in results:
        print(json.dumps(result, ensure_ascii=False, indent=1))
        problems += missed(result)
    for problem in problems:
        print("MISSED:", problem, file=sys.stderr)
    return 1 if problems else 0
