"""Benchmark of the workbench's try-out (试算, issue 18 §4) over many confirmed enterprises.

Run:  .venv/bin/python bench/workbench/run.py [--enterprises 20000]
      DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_workbench .venv/bin/python bench/workbench/run.py

Against a throwaway SQLite file unless DATABASE_URL names a database (which it migrates and fills: use an empty
one). Populate (timed, not a target): migrate, load the 2023 pack, copy it to a 2024 draft with item 3's R&D
ratio raised from 3 % to 5 %, then N confirmed enterprises whose profiles hold the figures of both notices'
years, generated as bench/eligibility does (about 10 % of each fact missing, values spread around the
thresholds), plus a mobile number each (stored encrypted, as real profiles are). Measured:
  read      workbench.tryout_selectors.confirmed_enterprise_facts(): the profiles read and turned into facts;
  compare   workbench.tryout.tryout_compare(): both packs by the bulk engine and the list of changed verdicts;
  total     tryout_for_draft(), read and compare together;
  page      GET /workbench/drafts/<pk>/tryout/ through the Django test client, as the 中小企业科.
Each step reports its wall time (`_s`) and this process's CPU time (`_cpu_s`: on a shared machine the wall
time includes waiting for a core). Prints one JSON object.
"""

from __future__ import annotations

import argparse
import copy
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from bench import harness

PACK = harness.PACK_2023
CHUNK = 5000


def populate(n: int) -> dict:
    from django.core.management import call_command
    from django.db import transaction

    from accounts.choices import OrganisationKind, Role
    from accounts.models import Jurisdiction, Organisation, User, UserRole
    from enterprises.choices import ConfirmationStatus
    from enterprises.models import EnterpriseProfile
    from policies.pack.loader import load_pack
    from policies.services import pack_load
    from workbench.services import draft_create_from_pack, draft_data_save
    from workbench.tryout import facts_used, pack_models_from_data

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    pack = pack_load(actor=None, directory=PACK)[0]
    sme = User.objects.create(
        username="bench_city_sme", full_name="中小企业科", organisation=Organisation.objects.get(section_code="sme")
    )
    UserRole.objects.create(user=sme, role=Role.CITY_SME_COORDINATOR)
    draft = draft_create_from_pack(actor=sme, pack=pack, year=2024, pack_id="hengyang-2024-bench")
    data = copy.deepcopy(draft.data)
    item3 = next(i for i in data["items"] if i["number"] == 3)
    next(c for c in item3["conditions"] if c["id"] == "item3.rd_ratio")["rule"]["value"] = 5
    draft = draft_data_save(
        actor=sme,
        draft=draft,
        data=data,
        what="提高研发投入占比门槛（基准测试）",
        expected_data_version=draft.data_version,
    )

    from bench.eligibility import run as generator  # its profile generator

    _, codes = generator.facts_and_codes(load_pack(PACK))
    names = facts_used([pack_models_from_data(pack.data), pack_models_from_data(draft.data)])
    columns = generator.generate(names, codes, n)
    jurisdictions = list(Jurisdiction.objects.order_by("sort_order"))
    populated = time.perf_counter()
    for start in range(0, n, CHUNK):
        numbers = range(start, min(start + CHUNK, n))
        with transaction.atomic():
            enterprises = Organisation.objects.bulk_create(
                Organisation(
                    name=f"衡阳市试算第{i:05d}号智能装备制造有限公司",
                    kind=OrganisationKind.ENTERPRISE,
                    jurisdiction=jurisdictions[i % len(jurisdictions)],
                )
                for i in numbers
            )
            EnterpriseProfile.objects.bulk_create(
                EnterpriseProfile(
                    organisation=e,
                    uscc=f"91430400B{i:09d}",
                    status=ConfirmationStatus.CONFIRMED,
                    data={**generator.row(columns, names, i), "contact_mobile": f"139{i:08d}"},
                )
                for i, e in zip(numbers, enterprises, strict=True)
            )
    return {
        "draft": draft.pk,
        "facts_per_profile": len(names),
        "setup_s": round(populated - started, 3),
        "enterprises_s": harness.seconds_since(populated),
    }


def measure(draft_pk: int) -> dict:
    from django.test import Client
    from django.urls import reverse

    from accounts.models import User
    from policies.selectors import pack_models
    from workbench.models import PackDraft
    from workbench.tryout import PackModels, pack_models_from_data, tryout_compare
    from workbench.tryout_selectors import confirmed_enterprise_facts, pack_to_compare, tryout_for_draft

    draft = PackDraft.objects.get(pk=draft_pk)
    timings: dict[str, float] = {}

    def timed(name: str, work):
        wall, cpu = time.perf_counter(), time.process_time()
        out = work()
        timings[f"{name}_s"] = harness.seconds_since(wall)
        timings[f"{name}_cpu_s"] = round(time.process_time() - cpu, 3)
        return out

    enterprises = timed("read", confirmed_enterprise_facts)
    published = PackModels(*pack_models(pack_to_compare(draft)))
    drafted = pack_models_from_data(draft.data)
    result = timed("compare", lambda: tryout_compare(draft=drafted, published=published, enterprises=enterprises))
    timed("total", lambda: tryout_for_draft(draft=draft))
    client = Client()
    client.force_login(User.objects.get(username="bench_city_sme"))
    response = timed("page", lambda: client.get(reverse("workbench:tryout", args=[draft.pk])))
    assert response.status_code == 200, response.status_code
    return {
        "enterprises": result.enterprise_count,
        "eligible": result.eligible_count,
        "changed": result.changed_count,
        "changed_verdicts": len(result.changes),
        **timings,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--enterprises", type=int, default=20_000)
    args = parser.parse_args()
    with harness.in_process():
        from django.db import connection

        populated = populate(args.enterprises)
        measured = measure(populated["draft"])
        print(json.dumps({"backend": connection.vendor, **populated, **measured}, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
