"""`manage.py eligibility`: one profile, batches with bad rows, and agreement with the API and the page."""

import csv
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from policies.tests.formtools import PACK_2023

pytestmark = pytest.mark.django_db


def _run(*args):
    from io import StringIO

    out, err = StringIO(), StringIO()
    call_command("eligibility", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_profile_json_output_from_stored_pack(tmp_path, stored_pack, item2_facts):
    profile = tmp_path / "p.json"
    profile.write_text(json.dumps({"name": "示例企业", "facts": item2_facts}, ensure_ascii=False), encoding="utf-8")
    out, _ = _run("--pack", "hengyang-2023-gxj51", "--profile", str(profile))
    report = json.loads(out)
    assert report["name"] == "示例企业"
    assert report["item_verdicts"]["2"] == "needs_evidence" and report["item_verdicts"]["3"] == "not_met"


def test_profile_table_output_from_directory(tmp_path, item2_facts):
    profile = tmp_path / "p.json"
    profile.write_text(json.dumps({"facts": item2_facts}), encoding="utf-8")
    out, _ = _run("--pack", str(PACK_2023), "--profile", str(profile), "--format", "table")
    assert "【需佐证】2. 企业智能制造装备贴息项目" in out
    assert "企业上年度研发投入占营业收入比重达3%以上" in out and "差 1个百分点" in out


def test_bad_profile_is_refused_naming_the_field(tmp_path, stored_pack):
    profile = tmp_path / "p.json"
    profile.write_text(json.dumps({"facts": {"valid_patents": -1}}), encoding="utf-8")
    with pytest.raises(CommandError):
        _run("--pack", "hengyang-2023-gxj51", "--profile", str(profile))


def test_unknown_pack(tmp_path, db):
    with pytest.raises(CommandError) as excinfo:
        _run("--pack", "no-such-pack", "--profile", str(tmp_path / "x.json"))
    assert "找不到政策包" in str(excinfo.value)


def test_batch_jsonl_reports_bad_lines_and_evaluates_good_ones(tmp_path, stored_pack, item2_facts):
    source = tmp_path / "batch.jsonl"
    source.write_text(
        "\n".join([
            json.dumps({"name": "甲", "facts": item2_facts}, ensure_ascii=False),
            json.dumps({"name": "乙", "facts": {"valid_patents": "x"}}, ensure_ascii=False),
            "{broken",
            json.dumps({"name": "丙", "facts": {}}, ensure_ascii=False),
        ]),
        encoding="utf-8",
    )  # fmt: skip
    out_file = tmp_path / "out.jsonl"
    with pytest.raises(CommandError) as excinfo:
        _run("--pack", "hengyang-2023-gxj51", "--batch", str(source), "--out", str(out_file))
    assert "2 行数据有错误" in str(excinfo.value)
    rows = [json.loads(line) for line in out_file.read_text(encoding="utf-8").splitlines()]
    assert [(r["line"], r["name"]) for r in rows] == [(1, "甲"), (4, "丙")]
    assert rows[0]["2"] == "needs_evidence" and rows[0]["3"] == "not_met" and rows[1]["3"] == "unknown"


def test_batch_csv_and_xlsx(tmp_path, stored_pack, item2_facts):
    names = list(item2_facts)
    source = tmp_path / "batch.csv"
    with source.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["name", *names])
        writer.writerow(["甲", *[("是" if v else "否") if isinstance(v, bool) else v for v in item2_facts.values()]])
    out_file = tmp_path / "out.xlsx"
    _run("--pack", "hengyang-2023-gxj51", "--batch", str(source), "--out", str(out_file))
    sheet = load_workbook(out_file).worksheets[0]
    header = [c.value for c in sheet[1]]
    row = [c.value for c in sheet[2]]
    assert row[header.index("第2项 企业智能制造装备贴息项目")] == "需佐证"
    assert row[header.index("第3项 培育制造业单项冠军企业")] == "不符合"

    xlsx = tmp_path / "batch.xlsx"
    book = Workbook()
    book.active.append(["name", *names])
    book.active.append(["乙", *[("是" if v else "否") if isinstance(v, bool) else v for v in item2_facts.values()]])
    book.save(xlsx)
    out_csv = tmp_path / "out.csv"
    _run("--pack", "hengyang-2023-gxj51", "--batch", str(xlsx), "--out", str(out_csv))
    with out_csv.open(encoding="utf-8-sig") as handle:
        records = list(csv.DictReader(handle))
    assert records[0]["企业名称"] == "乙" and records[0]["第2项 企业智能制造装备贴息项目"] == "需佐证"


def test_cli_api_and_web_page_agree(tmp_path, client, stored_pack, item2_facts):
    profile = tmp_path / "p.json"
    profile.write_text(json.dumps({"facts": item2_facts}), encoding="utf-8")
    cli = json.loads(_run("--pack", "hengyang-2023-gxj51", "--profile", str(profile))[0])
    api = client.post(
        reverse("eligibility:api_evaluate"), data=json.dumps({"facts": item2_facts}), content_type="application/json"
    ).json()
    form = {k: (("true" if v else "false") if isinstance(v, bool) else str(v)) for k, v in item2_facts.items()}
    page = client.post(reverse("eligibility:calculator"), form).content.decode()
    web = {key: status for status, key in re.findall(r'<li class="result result--(\w+)" data-item="([^"]+)"', page)}

    def keyed(report):
        return {
            (f"{i['number']}:{i['subtype']}" if i["subtype"] else str(i["number"])): i["status"]
            for i in report["items"]
        }

    assert keyed(cli) == keyed(api) == web
    assert len(web) == 21  # 12 items without subtypes, item 1's 3 and item 14's 6 subtypes


def test_documented_example_profile_is_valid_and_evaluates(stored_pack):
    from pathlib import Path

    example = Path(__file__).resolve().parents[2] / "docs" / "examples" / "profile.json"
    out, _ = _run("--pack", "hengyang-2023-gxj51", "--profile", str(example))
    report = json.loads(out)
    assert report["name"] == "衡阳示例重工机械有限公司"
    assert report["item_verdicts"]["2"] == "needs_evidence"


def test_batch_without_out_prints_json_lines_to_standard_output(tmp_path, item2_facts):
    source = tmp_path / "batch.jsonl"
    source.write_text(json.dumps({"name": "甲", "facts": item2_facts}, ensure_ascii=False) + "\n", encoding="utf-8")
    out, err = _run("--pack", str(PACK_2023), "--batch", str(source))
    (line,) = out.splitlines()
    record = json.loads(line)
    assert record["name"] == "甲" and record["2"] == "needs_evidence" and record["3"] == "not_met"
    assert "已评估 1 家企业" in err  # the summary stays out of the piped results


def test_batch_explain_adds_the_reasons_an_enterprise_reads(tmp_path, item2_facts):
    source = tmp_path / "batch.jsonl"
    source.write_text(json.dumps({"name": "甲", "facts": item2_facts}, ensure_ascii=False) + "\n", encoding="utf-8")
    out, _ = _run("--pack", str(PACK_2023), "--batch", str(source), "--explain")
    record = json.loads(out)
    assert "有效专利数量达10个及以上：不符合：有效专利数量 8个，不满足“10个及以上”，差 2个" in record["3:explain"]
    target = tmp_path / "out.csv"
    _run("--pack", str(PACK_2023), "--batch", str(source), "--explain", "--out", str(target))
    header = next(csv.reader(target.open(encoding="utf-8-sig")))
    assert "第3项 培育制造业单项冠军企业 说明" in header


def test_stored_pack_without_a_database_says_what_to_do(tmp_path):
    """A fresh checkout has no migrated database: one Chinese line naming `make run` and the folder option."""
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    profile = tmp_path / "p.json"
    profile.write_text("{}", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "manage.py", "eligibility", "--pack", "hengyang-2023-gxj51", "--profile", str(profile)],
        cwd=Path(__file__).resolve().parents[2], env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in done.stderr, done.stderr
    assert "make run" in lines[0] and "policy_packs/hengyang-2023-gxj51" in lines[0]
