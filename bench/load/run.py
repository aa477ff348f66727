"""The deadline-surge load test (issue 17 §5): one command builds or reuses the data, starts gunicorn and the
worker under production settings, runs locust headless, and prints the table.

    .venv/bin/python bench/load/run.py --users 200 --wait 1-3 --duration 3m

Steps: (1) the database bench_load: bench/review's 50,000 applications, generated once (about 15 minutes) and
reused after; then prepare.py's accounts and a fresh generation of drafts; collectstatic. (2) gunicorn (deploy/
gunicorn.conf.py, 4 workers) and `manage.py worker`, with bench/load/settings.py (production's, less the
HTTPS-only cookie flags). (3) locust (locustfile.py), headless. (4) CPU of each part, from /proc. (5) the table:
p50/p95/p99 per request type, throughput, errors; and check.py: every acknowledged autosave and submission is
in the database. Exit status 0 when every target of the issue is met, 1 otherwise.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bench.load.env import ACKS_DIR, DATABASE, VAR_DIR, bench_env  # noqa: E402
from bench.load.report import cpu_snapshot, judge, table  # noqa: E402

PYTHON = sys.executable
BIN = Path(PYTHON).parent
GENERATED = VAR_DIR / f"generated-{DATABASE}.json"  # the data set is made once per database


def _database_exists(env: dict) -> bool:
    import psycopg

    admin = env["DATABASE_URL"].rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as connection:
        found = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE]).fetchone()
        return found is not None


def _database_create(env: dict) -> None:
    import psycopg

    admin = env["DATABASE_URL"].rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{DATABASE}"')
        connection.execute(f'CREATE DATABASE "{DATABASE}"')


def build(env: dict, *, rebuild: bool, size: int) -> None:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    if rebuild or not GENERATED.exists() or not _database_exists(env):
        print(f"Generating {size:,} applications with bench/review's generator into {DATABASE} (50,000: 15-30 minutes)",
              flush=True)  # fmt: skip
        _database_create(env)
        started = time.time()
        generate = [PYTHON, str(ROOT / "bench/load/dataset.py"), "generate", str(size)]
        subprocess.run(generate, env=env, check=True, cwd=ROOT)  # noqa: S603
        GENERATED.write_text(json.dumps({"size": size, "seconds": round(time.time() - started)}))
    subprocess.run([PYTHON, str(ROOT / "bench/load/dataset.py"), "prepare"], env=env, check=True, cwd=ROOT)  # noqa: S603
    subprocess.run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], env=env, check=True, cwd=ROOT)  # noqa: S603


def _wait_ready(url: str, seconds: float = 60) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 (loopback)
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"the server did not answer {url} within {seconds:.0f} s")


def _py_spy(pid: int, out: Path) -> subprocess.Popen:
    """py-spy sampling every gunicorn worker (--subprocesses, including those restarted) while it runs Python
    (--gil), without pausing them (--nonblocking): run.py stops it when locust ends."""
    return subprocess.Popen(  # noqa: S603
        [str(BIN / "py-spy"), "record", "--pid", str(pid), "--subprocesses", "--gil", "--nonblocking",
         "--rate", "50", "--format", "raw", "--output", str(out)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=40)
        except subprocess.TimeoutExpired:
            process.kill()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=200, help="concurrent simulated people")
    parser.add_argument("--wait", default="1-3", help="seconds between one person's requests, MIN-MAX")
    parser.add_argument("--duration", default="3m", help="how long locust runs (locust's --run-time)")
    parser.add_argument("--spawn-rate", type=float, default=4.0, help="people starting (and logging in) per second")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--rebuild", action="store_true", help="generate the applications again")
    parser.add_argument("--size", type=int, default=50_000, help="applications to generate (a smaller set to debug)")
    parser.add_argument("--no-build", action="store_true", help="use the data and world.json as they are")
    parser.add_argument("--label", default="", help="a name for this run in the results file")
    parser.add_argument("--profile", action="store_true",
                        help="sample gunicorn's workers with py-spy during the run (bench/load/spy.py summarises)")  # fmt: skip
    args = parser.parse_args()

    env = bench_env()
    if not args.no_build:
        build(env, rebuild=args.rebuild, size=args.size)
    run_id = time.strftime("%Y%m%d-%H%M%S")
    server_env = {**env, "GUNICORN_WORKERS": str(args.workers), "GUNICORN_BIND": f"127.0.0.1:{args.port}",
                  "TRUSTED_PROXY_COUNT": "1", "GUNICORN_LOG_LEVEL": "warning"}  # fmt: skip
    logs = VAR_DIR / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    server = subprocess.Popen(  # noqa: S603
        [str(BIN / "gunicorn"), "-c", str(ROOT / "deploy/gunicorn.conf.py"), "config.wsgi"], env=server_env, cwd=ROOT,
        stdout=open(logs / f"gunicorn-{run_id}.log", "w"), stderr=subprocess.STDOUT,  # noqa: SIM115
    )  # fmt: skip
    worker = subprocess.Popen(  # noqa: S603
        [PYTHON, "manage.py", "worker"], env=server_env, cwd=ROOT,
        stdout=open(logs / f"worker-{run_id}.log", "w"), stderr=subprocess.STDOUT,  # noqa: SIM115
    )  # fmt: skip
    spy = None
    try:
        host = f"http://127.0.0.1:{args.port}"
        _wait_ready(f"{host}/healthz")
        urllib.request.urlopen(f"{host}/policies/", timeout=30).read()  # noqa: S310 (warm one worker's imports)
        with open("/proc/loadavg") as f:
            load_before = f.read().split()[0]
        spy = _py_spy(server.pid, logs / f"pyspy-{run_id}.txt") if args.profile else None
        before = cpu_snapshot(server.pid, worker.pid)
        started = time.time()
        locust_env = {**env, "LOAD_WAIT": args.wait, "LOAD_RUN_ID": run_id, "LOAD_VAR_DIR": str(VAR_DIR)}
        locust = subprocess.run(  # noqa: S603
            [str(BIN / "locust"), "-f", str(ROOT / "bench/load/locustfile.py"), "--headless", "--host", host,
             "-u", str(args.users), "-r", str(args.spawn_rate), "--run-time", args.duration, "--stop-timeout", "10",
             "--only-summary", "--loglevel", "WARNING"],
            env=locust_env, cwd=ROOT, capture_output=True, text=True,
        )  # fmt: skip
        elapsed = time.time() - started
        after = cpu_snapshot(server.pid, worker.pid, locust_children=True)
    finally:
        if spy is not None:
            spy.send_signal(signal.SIGINT)  # py-spy writes what it has sampled and exits
            spy.wait(timeout=60)
        _stop(server)
        _stop(worker)
    (logs / f"locust-{run_id}.log").write_text(locust.stdout + locust.stderr)
    results = json.loads((ACKS_DIR / f"{run_id}.json").read_text())
    check = subprocess.run(  # noqa: S603
        [PYTHON, str(ROOT / "bench/load/check.py"), str(ACKS_DIR / f"{run_id}.json")], env=env, cwd=ROOT,
        capture_output=True, text=True,
    )  # fmt: skip
    lost = json.loads(check.stdout) if check.returncode in (0, 1) and check.stdout.strip() else {"error": check.stderr}
    # An exception in a locust task (the harness's own error, or a page it could not read) is an error too.
    summary = table(results["samples"], elapsed=elapsed, before=before, after=after, lost=lost,
                    task_errors=(locust.stdout + locust.stderr).count("/ERROR/locust.user.task"))  # fmt: skip
    header = (f"run {run_id} {args.label}: {args.users} users, wait {args.wait} s, {args.duration}, spawn "
              f"{args.spawn_rate}/s, {args.workers} gunicorn workers; load average before: {load_before}")  # fmt: skip
    print(header)
    print(summary["text"])
    verdict = judge(summary)
    print("\n".join(verdict["lines"]))
    out = VAR_DIR / f"results-{run_id}.json"
    out.write_text(json.dumps({"header": header, **summary, "verdict": verdict}, ensure_ascii=False, indent=1))
    print(f"(results: {out}; logs: {logs})")
    if spy is not None:
        from bench.load.spy import summary as spy_summary

        print(spy_summary(logs / f"pyspy-{run_id}.txt"))
    return 0 if verdict["ok"] else 1


if __name__ == "__main__":
    os.chdir(ROOT)
    sys.exit(main())
