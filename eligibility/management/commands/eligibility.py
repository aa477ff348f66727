"""`manage.py eligibility`: one profile (explained) or a batch of profiles (bulk) against a pack."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from eligibility import statuses as st
from eligibility.batch import read_profiles, write_results
from eligibility.bulk import columns_from_profiles, evaluate_bulk
from eligibility.engine import evaluate_pack
from eligibility.profile import validate_facts
from eligibility.reports import cross_item_warnings, explanation_text, report_to_dict, report_to_table
from policies.pack.loader import PackInvalid, load_pack
from policies.selectors import pack_by_reference, pack_models
from policies.vocabulary import facts_for_notice_year

NO_DATABASE = (
    "本机还没有可用的数据库，找不到政策包 {reference}：请先执行 make run（建库并加载政策包），"
    "或直接给出政策包目录，如 --pack policy_packs/hengyang-2023-gxj51"
)


def resolve_pack(reference: str):
    """A pack folder, or a stored pack id ('hengyang-2023-gxj51' or 'hengyang-2023-gxj51@1')."""
    if Path(reference).is_dir():
        try:
            loaded = load_pack(reference)
        except PackInvalid as exc:
            raise CommandError(str(exc)) from exc
        return loaded.pack, loaded.items
    try:
        stored = pack_by_reference(reference)
    except DatabaseError as exc:  # no database yet, or not migrated: say what to do, not a traceback
        raise CommandError(NO_DATABASE.format(reference=reference)) from exc
    if stored is None:
        raise CommandError(f"找不到政策包 {reference}（可用 manage.py pack load 加载，或直接给出政策包目录）")
    return pack_models(stored)


class Command(BaseCommand):
    help = "政策计算器：--profile 评估一家企业（逐条说明），--batch 批量评估"

    def add_arguments(self, parser):
        parser.add_argument("--pack", required=True, help="政策包标识（如 hengyang-2023-gxj51 或 …@1）或目录")
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--profile", help="企业画像 JSON 文件（格式见 docs/profile-json.md）")
        group.add_argument("--batch", help="批量文件：.jsonl、.csv 或 .xlsx")
        parser.add_argument("--format", choices=["json", "table"], default="json")
        parser.add_argument("--out", help="批量结果文件：.jsonl、.csv 或 .xlsx；省略时按 JSON Lines 输出到标准输出")
        parser.add_argument(
            "--explain", action="store_true", help="批量评估时附上每个事项未符合条件的说明（逐家用逐条说明的评估器）"
        )

    def handle(self, *args, **options):
        pack, items = resolve_pack(options["pack"])
        if options["profile"]:
            return self._one(pack, items, options)
        return self._batch(pack, items, options)

    def _one(self, pack, items, options):
        try:
            data = json.loads(Path(options["profile"]).read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise CommandError(f"无法读取企业画像：{exc}") from exc
        facts, errors = validate_facts(data.get("facts") if isinstance(data, dict) else data, notice_year=pack.year)
        verified = (data.get("verified") or []) if isinstance(data, dict) else []
        errors += [e for e in validate_facts(dict.fromkeys(verified, None), notice_year=pack.year)[1]]
        if errors:
            for error in errors:
                self.stderr.write(str(error))
            raise CommandError(f"企业画像有 {len(errors)} 处错误")
        results = evaluate_pack(pack, items, facts, frozenset(verified))
        warnings = cross_item_warnings(pack, items, results)
        if options["format"] == "table":
            self.stdout.write(report_to_table(results))
            for warning in warnings:
                self.stdout.write(f"提示：{warning}")
        else:
            report = report_to_dict(
                pack_id=pack.id, version=pack.version, results=results, warnings=warnings, name=data.get("name", "")
            )
            self.stdout.write(json.dumps(report, ensure_ascii=False, indent=2))

    def _batch(self, pack, items, options):
        try:
            rows = list(read_profiles(options["batch"], notice_year=pack.year))
        except (OSError, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        bad = [r for r in rows if r.errors]
        good = [r for r in rows if not r.errors]
        for row in bad:
            for error in row.errors:
                self.stderr.write(f"第{row.line}行 {error}")
        # Rows with different verified sets are evaluated group by group.
        by_verified: dict[frozenset, list] = {}
        for row in good:
            by_verified.setdefault(row.verified, []).append(row)
        keys = [(str(i.number), i) for i in items if not i.subtypes]
        keys += [(f"{i.number}:{s.code}", i) for i in items for s in i.subtypes]
        keys.sort(key=lambda pair: (pair[1].number, pair[0]))
        titles = {f"{i.number}:{s.code}": f"第{i.number}项 {i.name}（{s.name}）" for i in items for s in i.subtypes}
        titles |= {str(i.number): f"第{i.number}项 {i.name}" for i in items}
        out = options["out"]
        as_codes = not out or out.endswith((".jsonl", ".ndjson"))
        output: dict[int, dict] = {}
        for verified, group in by_verified.items():
            columns = columns_from_profiles([r.facts for r in group], facts_for_notice_year(pack.year))
            result = evaluate_bulk(pack, items, columns, len(group), verified)
            for index, row in enumerate(group):
                record = {"line": row.line, "name": row.name}
                for key, _ in keys:
                    code = st.BY_CODE[int(result.items[key][index])]
                    record[key] = code if as_codes else st.LABELS[code]
                if options["explain"]:
                    for explained in evaluate_pack(pack, items, row.facts, verified):
                        record[f"{explained.key}:explain"] = explanation_text(explained)
                output[row.line] = record
        headers = [("line", "行号"), ("name", "企业名称")] + [(k, titles[k]) for k, _ in keys]
        if options["explain"]:
            headers += [(f"{k}:explain", f"{titles[k]} 说明") for k, _ in keys]
        rows = [output[line] for line in sorted(output)]
        summary = f"已评估 {len(good)} 家企业，{len(bad)} 行有错误"
        if out:
            write_results(out, headers, rows)
            self.stdout.write(f"{summary}；结果写入 {out}")
        else:  # standard output carries the results only, so that it can be piped; the summary goes to stderr
            for row in rows:
                self.stdout.write(json.dumps(row, ensure_ascii=False))
            self.stderr.write(summary)
        if bad:
            raise CommandError(f"{len(bad)} 行数据有错误（见上），其余 {len(good)} 行已评估")
