"""The load test's numbers: CPU from /proc (psutil), and the table of response times per request type."""

from __future__ import annotations

import math
import resource
from collections import defaultdict

import psutil

VIEW_P95_MS = 300  # issue 17 §5: page views
SAVE_P95_MS = 800  # autosaves, uploads, submissions


def _tree_seconds(pid: int) -> float:
    """CPU seconds of a process, its children still running, and the children it has already reaped (gunicorn
    restarts workers after max_requests)."""
    try:
        process = psutil.Process(pid)
        own = process.cpu_times()
        total = own.user + own.system + own.children_user + own.children_system
        for child in process.children(recursive=True):
            try:
                times = child.cpu_times()
                total += times.user + times.system
            except psutil.NoSuchProcess:
                pass
        return total
    except psutil.NoSuchProcess:
        return 0.0


def cpu_snapshot(server_pid: int, worker_pid: int, locust_children: bool = False) -> dict:
    times = psutil.cpu_times()
    busy = sum(times) - times.idle - getattr(times, "iowait", 0.0)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)  # locust, once it has exited
    return {"machine_busy": busy, "gunicorn": _tree_seconds(server_pid), "worker": _tree_seconds(worker_pid),
            "reaped_children": children.ru_utime + children.ru_stime, "cores": psutil.cpu_count()}  # fmt: skip


def _percentile(sorted_values: list[float], fraction: float) -> float:
    if not sorted_values:
        return 0.0
    rank = max(0, min(len(sorted_values) - 1, math.ceil(fraction * len(sorted_values)) - 1))  # nearest rank
    return sorted_values[rank]


def _row(name: str, samples: list[tuple[float, int]], elapsed: float) -> dict:
    times = sorted(ms for ms, _ in samples)
    return {"name": name, "count": len(samples), "errors": sum(1 for _, ok in samples if not ok),
            "p50": _percentile(times, 0.50), "p95": _percentile(times, 0.95), "p99": _percentile(times, 0.99),
            "max": times[-1] if times else 0.0, "rps": len(samples) / elapsed if elapsed else 0.0}  # fmt: skip


def table(samples: list, *, elapsed: float, before: dict, after: dict, lost: dict, task_errors: int = 0) -> dict:
    by_name: dict[str, list] = defaultdict(list)
    by_kind: dict[str, list] = defaultdict(list)
    for name, ms, ok in samples:
        by_name[name].append((ms, ok))
        if not name.startswith("export: 附件4 job"):
            by_kind[name.split(":")[0]].append((ms, ok))
    rows = [_row(name, by_name[name], elapsed) for name in sorted(by_name)]
    kinds = [
        _row(f"all {kind}", by_kind[kind], elapsed) for kind in ("view", "save", "login", "export") if by_kind[kind]
    ]
    requests = sum(len(v) for v in by_kind.values())
    cpu = {key: after[key] - before[key] for key in ("machine_busy", "gunicorn", "worker")}
    cpu["locust"] = after["reaped_children"] - before["reaped_children"]
    cpu["rest (PostgreSQL, Redis, other)"] = max(
        0.0, cpu["machine_busy"] - cpu["gunicorn"] - cpu["worker"] - cpu["locust"]
    )
    cores = after["cores"]
    lines = [
        "| request | count | errors | p50 ms | p95 ms | p99 ms | max ms | req/s |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for row in [*rows, *kinds]:
        lines.append(f"| {row['name']} | {row['count']} | {row['errors']} | {row['p50']:.0f} | {row['p95']:.0f} | "
                     f"{row['p99']:.0f} | {row['max']:.0f} | {row['rps']:.1f} |")  # fmt: skip
    lines.append("")
    lines.append(f"Throughput: {requests / elapsed:.1f} requests/s over {elapsed:.0f} s ({requests} requests).")
    share = ", ".join(f"{k} {v / elapsed / cores * 100:.0f} %" for k, v in cpu.items())
    lines.append(f"CPU, share of the {cores} cores over the run: {share}.")
    server_ms = cpu["gunicorn"] / max(requests, 1) * 1000
    lines.append(f"gunicorn CPU per request: {server_ms:.1f} ms; the machine's busy CPU per request: "
                 f"{cpu['machine_busy'] / max(requests, 1) * 1000:.1f} ms.")  # fmt: skip
    lines.append(f"Exceptions in locust tasks: {task_errors}.")
    lines.append(f"Lost writes: {lost}.")
    return {"rows": rows, "kinds": kinds, "requests": requests, "elapsed": elapsed, "cpu_seconds": cpu,
            "lost": lost, "task_errors": task_errors, "text": "\n".join(lines)}  # fmt: skip


def judge(summary: dict) -> dict:
    lines, ok = [], True
    for row in summary["rows"]:
        limit = (
            VIEW_P95_MS if row["name"].startswith("view") else SAVE_P95_MS if row["name"].startswith("save") else None
        )
        if limit is not None and row["p95"] > limit:
            ok = False
            lines.append(f"MISSED: {row['name']}: p95 {row['p95']:.0f} ms > {limit} ms")
    errors = sum(row["errors"] for row in summary["rows"]) + summary.get("task_errors", 0)
    if errors:
        ok = False
        lines.append(f"MISSED: {errors} errors")
    lost = summary["lost"]
    if "error" in lost or lost.get("lost_autosaves") or lost.get("lost_submissions"):
        ok = False
        lines.append(f"MISSED: lost writes: {lost}")
    lines.append("OK: every target met." if ok else "Targets missed (see above).")
    return {"ok": ok, "lines": lines}
