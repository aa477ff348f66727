"""Golden files for long lists of labels: the expected list lives in the test's app, in
tests/golden/<name>.txt, one label a line, instead of inline in the test.

    assert_golden([f.label for f in section.fields], here=__file__, name="2-9.indicators")

A deliberate change (a form of the pack, a column of an export) rewrites the files with

    UPDATE_GOLDEN=1 .venv/bin/python -m pytest -p no:xdist -q PATHS

and the diff of the golden files is reviewed in the same commit."""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterable
from pathlib import Path

import pytest

UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"


def golden_path(here: str, name: str) -> Path:
    """tests/golden/<name>.txt beside the test module `here` (its __file__)."""
    return Path(here).resolve().parent / "golden" / f"{name}.txt"


def read_golden(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    return text[:-1].split("\n") if text else []


def assert_golden(actual: Iterable[str], *, here: str, name: str) -> None:
    """`actual` equals the golden list `name`, line by line; with UPDATE_GOLDEN=1 the file is rewritten."""
    lines = list(actual)
    for line in lines:
        assert isinstance(line, str) and "\n" not in line and "\r" not in line, f"not one line: {line!r}"
    path = golden_path(here, name)
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
        return
    assert path.exists(), f"{path} 不存在：以 UPDATE_GOLDEN=1 运行本测试生成，并审阅其内容"
    expected = read_golden(path)
    if lines != expected:
        diff = "\n".join(difflib.unified_diff(expected, lines, f"golden/{path.name}", "actual", lineterm=""))
        pytest.fail(f"与金样 {path.name} 不同（有意的改动请以 UPDATE_GOLDEN=1 重新生成并审阅差异）：\n{diff}")
