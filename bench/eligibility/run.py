"""Benchmark of the eligibility engine (issue 4). Run: .venv/bin/python bench/eligibility/run.py [--profiles N]

Measures, on one core:
  bulk       evaluate_bulk over N generated profiles x all 14 items (and subtypes), every condition;
  explain    evaluate_pack (with explanations) profile by profile, over a sample, per profile;
  speed-up   explain per profile x N / bulk;
  one        one enterprise's full explanation (median of repeats).
Profile generation is not timed. Numbers are printed as JSON so they can be pasted into notes.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from eligibility.bulk import CODE_WIDTH, evaluate_bulk  # noqa: E402
from eligibility.engine import evaluate_pack  # noqa: E402
from eligibility.rules import rule_facts  # noqa: E402
from policies.facts import FACTS  # noqa: E402
from policies.pack.loader import iter_rules, load_pack  # noqa: E402

PACK = ROOT / "policy_packs" / "hengyang-2023-gxj51"


def facts_and_codes(loaded):
    names: list[str] = []
    codes: dict[str, set[str]] = {}
    conditions = list(loaded.pack.global_conditions)
    for item in loaded.items:
        conditions += item.conditions + [c for s in item.subtypes for c in s.conditions]
    for condition in conditions:
        if condition.rule is None:
            continue
        names += [n for n in rule_facts(condition.rule) if n not in names]
        for rule in iter_rules(condition.rule):
            if hasattr(rule, "one_of"):
                codes.setdefault(rule.fact, set()).update(rule.one_of)
    return names, codes


def generate(names, codes, n, seed=2023):
    """Columns for n profiles: about 10 % of each fact missing, values spread around the thresholds."""
    rng = np.random.default_rng(seed)
    columns = {}
    for name in names:
        fact = FACTS[name]
        missing = rng.random(n) < 0.1
        if fact.type == "boolean":
            column = (rng.random(n) < 0.7).astype(np.float64)
            column[missing] = np.nan
        elif fact.type == "code":
            pool = np.array(sorted(codes.get(name, set()) | {"99", "A"}), dtype=f"<U{CODE_WIDTH}")
            column = pool[rng.integers(0, len(pool), n)]
            column[missing] = ""
        else:
            scale = 30000.0 if fact.unit == "万元" else 40.0
            column = np.round(rng.gamma(2.0, scale / 4, n), 2)
            column[missing] = np.nan
        columns[name] = column
    return columns


def row(columns, names, i):
    out = {}
    for name in names:
        value = columns[name][i]
        if FACTS[name].type == "code":
            if value:
                out[name] = str(value)
        elif not np.isnan(value):
            out[name] = bool(value) if FACTS[name].type == "boolean" else float(value)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--profiles", type=int, default=100_000)
    parser.add_argument("--sample", type=int, default=1000, help="profiles evaluated one by one with explanations")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()

    loaded = load_pack(PACK)
    names, codes = facts_and_codes(loaded)
    columns = generate(names, codes, args.profiles)
    conditions = [*loaded.pack.global_conditions]
    for item in loaded.items:
        conditions += item.conditions + [c for s in item.subtypes for c in s.conditions]
    computable = sum(1 for c in conditions if c.kind == "computable")

    evaluate_bulk(loaded.pack, loaded.items, columns, args.profiles)  # warm-up
    bulk_times = []
    for _ in range(args.repeats):
        start = time.perf_counter()
        result = evaluate_bulk(loaded.pack, loaded.items, columns, args.profiles)
        bulk_times.append(time.perf_counter() - start)
    bulk = min(bulk_times)

    sample = [row(columns, names, i) for i in range(args.sample)]
    start = time.perf_counter()
    for facts in sample:
        evaluate_pack(loaded.pack, loaded.items, facts)
    explain_per_profile = (time.perf_counter() - start) / args.sample

    one_times = []
    for facts in sample[:200]:
        start = time.perf_counter()
        evaluate_pack(loaded.pack, loaded.items, facts)
        one_times.append(time.perf_counter() - start)

    print(
        json.dumps(
            {
                "profiles": args.profiles,
                "item_results_per_profile": len(result.items),
                "computable_conditions": computable,
                "facts": len(names),
                "bulk_seconds_best_of": round(bulk, 4),
                "bulk_seconds_all": [round(t, 4) for t in bulk_times],
                "explain_ms_per_profile": round(explain_per_profile * 1000, 3),
                "speedup_bulk_vs_explain": round(explain_per_profile * args.profiles / bulk, 1),
                "one_explanation_ms_median": round(statistics.median(one_times) * 1000, 3),
                "one_explanation_ms_max": round(max(one_times) * 1000, 3),
                "python": platform.python_version(),
                "numpy": np.__version__,
                "cpu_count": os.cpu_count(),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
