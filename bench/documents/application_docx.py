"""Benchmark of the 申报书 DOCX (issue 7). Run: .venv/bin/python bench/documents/application_docx.py [--repeats N]

Builds the document of every item of the 2023 pack from the pack's YAML and fully filled answers
(applications/tests/formdata.fill_answers: every field, at least 2 rows per table, 10 scenarios in 附件2-1),
in-process and without a database (the exporter adds two queries). After one warm-up build of each, times
`application_document` + `to_bytes` (QR code included) for each item once, then the largest document (most
table cells) `--repeats` times, wall clock and CPU time of this process, and reports the medians with the
load average: on shared cores the wall clock includes waiting. Target: under 200 ms for the largest template.
Numbers are printed as JSON so they can be pasted into notes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django  # noqa: E402

django.setup()  # settings only: nothing here touches the database

from docx.oxml.ns import qn  # noqa: E402

from applications.tests.formdata import fill_answers  # noqa: E402
from documents.application_docx import application_document  # noqa: E402
from documents.docx_base import to_bytes  # noqa: E402
from documents.exporters.application_docx import qr_png  # noqa: E402
from policies.pack.loader import load_pack  # noqa: E402

PACK = ROOT / "policy_packs" / "hengyang-2023-gxj51"


def arguments(loaded, item) -> dict:
    subtype = item.subtypes[0] if item.subtypes else None
    ids = list((subtype.forms if subtype and subtype.forms else None) or item.forms)
    if loaded.pack.performance_form not in ids:
        ids.append(loaded.pack.performance_form)
    forms = [loaded.forms[i].model_dump(mode="json") for i in ids]
    url = f"https://jbpt.example.gov.cn/verify/HY2023-430405-{item.number:02d}-00001/"
    return {
        "forms": forms, "answers": fill_answers(forms), "enterprise_name": "衡阳示范机械有限公司",
        "item_name": f"第{item.number}项 {item.name}", "subtype_name": subtype.name if subtype else "",
        "subtype_options": [s.name for s in item.subtypes], "receipt_number": f"HY2023-430405-{item.number:02d}-00001",
        "submitted_at": dt.datetime(2023, 8, 1, 10, 0), "digest": "3f2a9c1b0d4e77a0" * 4,
        "commitment_text": (subtype.commitment if subtype else None) or item.commitment or "",
        "commitment_signer": "赵法人", "commitment_date": dt.date(2023, 8, 1),
        "verification_url": url, "qr_png": qr_png(url),
    }  # fmt: skip


def build(kwargs) -> bytes:
    return to_bytes(application_document(**kwargs))


def timed(kwargs) -> float:
    start = time.perf_counter()
    build(kwargs)
    return (time.perf_counter() - start) * 1000


def timed_cpu(kwargs) -> float:
    """CPU time of this process: what the build costs when other processes share the cores."""
    start = time.process_time()
    build(kwargs)
    return (time.process_time() - start) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=20)
    args = parser.parse_args()
    loaded = load_pack(PACK)
    cases = {item.number: arguments(loaded, item) for item in loaded.items}
    cells = {}
    for number, kwargs in cases.items():
        content = application_document(**kwargs)
        cells[number] = sum(1 for _ in content.element.body.iter(qn("w:tc")))
        build(kwargs)  # warm-up
    per_item = {number: round(timed(kwargs), 1) for number, kwargs in cases.items()}
    largest = max(cells, key=cells.get)
    samples = [timed(cases[largest]) for _ in range(args.repeats)]
    cpu_samples = [timed_cpu(cases[largest]) for _ in range(args.repeats)]
    print(
        json.dumps(
            {
                "python": platform.python_version(),
                "machine": platform.machine(),
                "largest_item": largest,
                "largest_forms": [f["id"] for f in cases[largest]["forms"]],
                "largest_table_cells": cells[largest],
                "largest_docx_bytes": len(build(cases[largest])),
                "repeats": args.repeats,
                "median_ms": round(statistics.median(samples), 1),
                "min_ms": round(min(samples), 1),
                "max_ms": round(max(samples), 1),
                "median_cpu_ms": round(statistics.median(cpu_samples), 1),
                "load_average_1min": round(os.getloadavg()[0], 2),
                "cores": os.cpu_count(),
                "per_item_ms": per_item,
                "target_ms": 200,
            },
            ensure_ascii=False,
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
