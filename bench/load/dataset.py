"""The load test's data: bench/review's 50,000 applications (its `generate`, imported), then what the load needs
on top of them (`prepare`): known passwords, TOTP keys for the officials, drafts for the enterprises to fill.

Run by run.py in a child process with the bench environment (env.py):
    python bench/load/dataset.py generate     # a new database bench_load: migrate, pack, 50,000 applications
    python bench/load/dataset.py prepare      # idempotent: accounts and drafts for the load; writes world.json
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SIZE = 50_000


def generate(size: int = SIZE) -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from bench.review.worklist_queries import generate as review_generate

    call_command("migrate", verbosity=0, interactive=False)
    started = time.perf_counter()
    counts = review_generate(size)["counts"]
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(f"generated {counts} in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    command = sys.argv[1]
    if command == "generate":
        generate(int(sys.argv[2]) if len(sys.argv) > 2 else SIZE)
    elif command == "prepare":
        from bench.load.prepare import prepare

        prepare()
    else:
        raise SystemExit(f"unknown command {command!r}")
