"""Benchmark of stored eligibility (政策推送, issue 19 §3): re-evaluating every confirmed enterprise after a pack
change, with the database reads of the profiles and the writes of the results, target under 10 s.

Run:  .venv/bin/python bench/eligibility_push/run.py [--enterprises 20000] [--repeats 3]
      DATABASE_URL=postgres://postgres@127.0.0.1:5432/test_helper_p .venv/bin/python bench/eligibility_push/run.py

Against a throwaway SQLite file unless DATABASE_URL names a database (which it migrates and fills: use an empty
one). Populate (timed, not a target): migrate, load the 2023 pack, then N confirmed enterprises over the 16
jurisdictions whose profiles hold the facts the pack reads, generated as bench/eligibility does (about 10 % of
each fact missing, values spread around the thresholds), plus a mobile number each (stored encrypted, as real
profiles are). Measured, --repeats times, each after the previous run's results are stored (as after a pack
change, so each run also deletes the rows it replaces):
  run       eligibility.services.results_evaluate_pack(): read, evaluate, delete and write, one transaction;
and once, its parts: `read` (the profiles read), `evaluate` (facts, the bulk engine and the rows built), `write`
(the whole replacement: delete, evaluate again and insert, so write minus evaluate is the database's part). Wall time (`_s`) and this process's CPU time (`_cpu_s`). Prints JSON.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from bench import harness

PACK = harness.PACK_2023
CHUNK = 5000
TARGET_SECONDS = 10.0


def populate(n: int):
    from django.core.management import call_command
    from django.db import transaction

    from accounts.choices import OrganisationKind
    from accounts.models import Jurisdiction, Organisation
    from eligibility.bulk import facts_read
    from enterprises.choices import ConfirmationStatus
    from enterprises.models import EnterpriseProfile
    from policies.pack.loader import load_pack
    from policies.selectors import pack_models
    from policies.services import pack_load

    call_command("migrate", verbosity=0)
    pack = pack_load(actor=None, directory=PACK)[0]
    from bench.eligibility import run as generator  # its profile generator

    _, codes = generator.facts_and_codes(load_pack(PACK))
    names = facts_read(*pack_models(pack))
    columns = generator.generate(names, codes, n)
    jurisdictions = list(Jurisdiction.objects.order_by("sort_order"))
    for start in range(0, n, CHUNK):
        numbers = range(start, min(start + CHUNK, n))
        with transaction.atomic():
            enterprises = Organisation.objects.bulk_create(
                Organisation(name=f"衡阳市推送第{i:05d}号智能装备制造有限公司", kind=OrganisationKind.ENTERPRISE,
                             jurisdiction=jurisdictions[i % len(jurisdictions)])
                for i in numbers
            )  # fmt: skip
            EnterpriseProfile.objects.bulk_create(
                EnterpriseProfile(
                    organisation=e,
                    uscc=f"91430400C{i:09d}",
                    status=ConfirmationStatus.CONFIRMED,
                    data={**generator.row(columns, names, i), "contact_mobile": f"139{i:08d}"},
                )
                for i, e in zip(numbers, enterprises, strict=True)
            )
    return pack, len(names)


def _timed(timings: dict, name: str, work):
    wall, cpu = time.perf_counter(), time.process_time()
    out = work()
    timings[f"{name}_s"] = round(time.perf_counter() - wall, 3)
    timings[f"{name}_cpu_s"] = round(time.process_time() - cpu, 3)
    return out


def measure(pack, repeats: int) -> dict:
    from django.db import connection, transaction
    from django.utils import timezone

    from eligibility import services
    from enterprises.selectors import confirmed_enterprises_facts

    runs, cpus, timings = [], [], {}
    for _ in range(repeats):
        once: dict = {}
        run = _timed(once, "run", lambda: services.results_evaluate_pack(actor=None, pack=pack))
        runs.append(once["run_s"])
        cpus.append(once["run_cpu_s"])
    with transaction.atomic():  # the parts of one run, in its order
        rows = _timed(timings, "read", confirmed_enterprises_facts)
        _timed(timings, "evaluate", lambda: services._evaluate(pack, rows, timezone.now()))

        _timed(timings, "write", lambda: services._stored_replace(pack, None, rows, timezone.now()))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT version()")
            timings["server"] = cursor.fetchone()[0].split(" on ")[0]
    return {
        "enterprises": run.enterprises,
        "results": run.results,
        "statuses": run.counts,
        "run_s": runs,
        "run_cpu_s": cpus,
        "run_median_s": statistics.median(runs),
        "target_s": TARGET_SECONDS,
        **timings,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--enterprises", type=int, default=20_000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    with harness.in_process():
        from django.db import connection

        started = time.perf_counter()
        pack, facts = populate(args.enterprises)
        populate_s = round(time.perf_counter() - started, 3)
        measured = measure(pack, args.repeats)
        report = {"backend": connection.vendor, "facts_per_profile": facts, "populate_s": populate_s, **measured}
        print(json.dumps(report, ensure_ascii=False, indent=1))
    return 0 if measured["run_median_s"] < TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
