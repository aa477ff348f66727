"""Where gunicorn's time goes under the load: a summary of py-spy's samples (`run.py --profile`).

    .venv/bin/python bench/load/spy.py var/bench_load/logs/pyspy-<run>.txt [--top 25]

run.py --profile records every gunicorn worker with `py-spy record --subprocesses --gil --format raw`: one line
per distinct stack, `frame;frame;… count`, sampled only while the worker holds the GIL, that is while it runs
Python (waiting for PostgreSQL or for a request releases it). This prints each view's share of the samples, and
the project's functions by their share (inclusive: a function and what it calls)."""

from __future__ import annotations

import argparse
import re
from collections import Counter
from pathlib import Path

LINE_NUMBER = re.compile(r":\d+\)$")
# The project's own code: a frame "function (app/module.py:line)" of one of these folders.
OURS = re.compile(
    r"\((accounts|applications|awards|core|dashboard|documents|eligibility|enterprises|funds|notifications|"
    r"operations|outreach|performance|policies|review|workbench)/"
)
DJANGO_RESPONSE = "BaseHandler._get_response"
# A middleware's __call__ wraps every request below it: left out of the functions' list.
MIDDLEWARE = re.compile(r"Middleware\.__call__ ")


def stacks(path: Path):
    """(frames without line numbers, samples) for each line of a raw py-spy file."""
    for line in path.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if stack and count.isdigit():
            yield [LINE_NUMBER.sub(")", frame) for frame in stack.split(";")], int(count)


def view_of(frames: list[str]) -> str:
    """The view a sample is in: the first project frame below Django's _get_response; else where it is."""
    for i, frame in enumerate(frames):
        if frame.startswith(DJANGO_RESPONSE):
            return next((f for f in frames[i + 1 :] if OURS.search(f)), "(a view of a library)")
    if any("get_response" in f for f in frames):
        return "(middleware, before or after the view)"
    return "(gunicorn: reading, writing, between requests)"


def summary(path: Path, top: int = 25) -> str:
    views: Counter[str] = Counter()
    functions: Counter[str] = Counter()
    total = 0
    for frames, count in stacks(path):
        total += count
        views[view_of(frames)] += count
        for frame in dict.fromkeys(f for f in frames if OURS.search(f) and not MIDDLEWARE.search(f)):
            functions[frame] += count
    if not total:
        return "no samples"
    lines = [f"{total} samples while a worker ran Python", "", "by view:"]
    lines += [f"{100 * n / total:5.1f} %  {name}" for name, n in views.most_common(top)]
    lines += ["", "the project's functions, inclusive (middleware wrappers left out):"]
    lines += [f"{100 * n / total:5.1f} %  {name}" for name, n in functions.most_common(top)]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("raw", type=Path, help="py-spy's raw output (run.py --profile writes it to the logs)")
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    print(summary(args.raw, args.top))


if __name__ == "__main__":
    main()
