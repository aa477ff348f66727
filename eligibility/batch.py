"""Reading many profiles from JSONL, CSV or XLSX, and writing their verdicts. Bad rows are reported
by line number; good rows are still evaluated."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eligibility.profile import FactError, FactValue, validate_facts, vocabulary_for
from policies.fact_types import Fact

TRUE_WORDS = {"true", "是", "1", "y", "yes"}
FALSE_WORDS = {"false", "否", "0", "n", "no"}
RESERVED_COLUMNS = {"name", "verified"}


@dataclass
class BatchRow:
    line: int
    name: str
    facts: dict[str, FactValue]
    verified: frozenset[str] = frozenset()
    errors: list[FactError] = field(default_factory=list)


def _cell(name: str, text: Any, vocabulary: dict[str, Fact]) -> Any:
    """A CSV/XLSX cell as the JSON value it stands for (strings are typed by the facts vocabulary)."""
    if text is None or (isinstance(text, str) and not text.strip()):
        return None
    fact = vocabulary.get(name)
    if fact is None or not isinstance(text, str):
        return text
    word = text.strip()
    if fact.type == "boolean":
        lowered = word.lower()
        return True if lowered in TRUE_WORDS else False if lowered in FALSE_WORDS else word
    if fact.type in ("number", "integer"):
        try:
            return float(word.replace(",", ""))
        except ValueError:
            return word
    return word


def _from_mapping(line: int, data: Any, notice_year: int | None = None) -> BatchRow:
    if not isinstance(data, dict):
        return BatchRow(line, "", {}, errors=[FactError("(行)", "应为一个 JSON 对象")])
    raw_facts = data.get("facts", {k: v for k, v in data.items() if k not in RESERVED_COLUMNS})
    facts, errors = validate_facts(raw_facts, notice_year=notice_year)
    verified = data.get("verified") or []
    if isinstance(verified, str):
        verified = [v for v in verified.replace("，", ",").split(",") if v.strip()]
    vocabulary = vocabulary_for(notice_year)[0]
    unknown = [v for v in verified if v not in vocabulary]
    errors += [FactError("verified", f"未知的事实名称 {v}") for v in unknown]
    return BatchRow(line, str(data.get("name") or ""), facts, frozenset(verified) - set(unknown), errors)


def read_profiles(path: str | Path, *, notice_year: int | None = None) -> Iterator[BatchRow]:
    """The rows of the file; with `notice_year`, facts are those of that notice's vocabulary."""
    path = Path(path)
    vocabulary = vocabulary_for(notice_year)[0]
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson"):
        with path.open(encoding="utf-8") as handle:
            for line, text in enumerate(handle, start=1):
                if not text.strip():
                    continue
                try:
                    data = json.loads(text)
                except json.JSONDecodeError as exc:
                    yield BatchRow(line, "", {}, errors=[FactError("(行)", f"JSON 格式错误：{exc.msg}")])
                    continue
                yield _from_mapping(line, data, notice_year)
    elif suffix == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as handle:
            for line, record in enumerate(csv.DictReader(handle), start=2):
                yield _from_mapping(line, {k: _cell(k, v, vocabulary) for k, v in record.items() if k}, notice_year)
    elif suffix == ".xlsx":
        from openpyxl import load_workbook

        sheet = load_workbook(path, read_only=True, data_only=True).worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header = [str(h).strip() if h is not None else "" for h in next(rows, [])]
        for line, values in enumerate(rows, start=2):
            if all(v is None for v in values):
                continue
            cells = {h: _cell(h, v, vocabulary) for h, v in zip(header, values, strict=False) if h}
            yield _from_mapping(line, cells, notice_year)
    else:
        raise ValueError(f"不支持的文件类型 {suffix}：请使用 .jsonl、.csv 或 .xlsx")


def write_results(path: str | Path, headers: list[tuple[str, str]], rows: list[dict[str, Any]]) -> None:
    """headers: (key, Chinese title). JSONL keeps keys and status codes; CSV and XLSX use the titles."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson"):
        with path.open("w", encoding="utf-8") as handle:
            for row in rows:
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")
        return
    table = [[title for _, title in headers]] + [[row.get(key, "") for key, _ in headers] for row in rows]
    if suffix == ".csv":
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            csv.writer(handle).writerows(table)
    elif suffix == ".xlsx":
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("评估结果")
        for record in table:
            sheet.append(record)
        workbook.save(path)
    else:
        raise ValueError(f"不支持的文件类型 {suffix}：请使用 .jsonl、.csv 或 .xlsx")
