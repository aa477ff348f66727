"""0 lost writes (issue 17 §5): every autosave and submission the server acknowledged during a run is in the
database afterwards. Run by run.py with the bench environment: `python bench/load/check.py ACKS_JSON`; prints
one JSON object, exit status 1 when a write is lost.

An autosave is acknowledged by its answer "已自动保存（第 N 版…": the application's version must be at least N,
and its 项目名称 must carry that person's last acknowledged marker or a later one of theirs (a later save whose
answer was lost on the way may have committed). A submission is acknowledged by the receipt page: the
application must be submitted with a receipt number.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def main(path: str) -> int:
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from applications.models import Application

    acks = json.loads(Path(path).read_text())["acks"]
    last: dict[int, dict] = {}
    for ack in acks:
        if ack["kind"] == "autosave" and ack["seq"] > last.get(ack["application"], {}).get("seq", -1):
            last[ack["application"]] = ack
    submitted = {ack["application"] for ack in acks if ack["kind"] == "submit"}
    rows = {a.pk: a for a in Application.objects.filter(pk__in=set(last) | submitted)
            .only("pk", "version", "project_name", "status", "receipt_number")}  # fmt: skip
    lost = []
    for pk, ack in last.items():
        row = rows.get(pk)
        prefix = ack["marker"].rsplit("-", 1)[0] + "-"
        seq = int(row.project_name.rsplit("-", 1)[1]) if row and row.project_name.startswith(prefix) else -1
        if row is None or row.version < ack["version"] or seq < ack["seq"]:
            lost.append({"application": pk, "acknowledged": ack["marker"], "version": ack["version"],
                         "stored": row.project_name if row else None, "stored_version": row.version if row else None})  # fmt: skip
    lost_submissions = [
        pk for pk in submitted if pk not in rows or not rows[pk].receipt_number or rows[pk].status == "draft"
    ]
    print(json.dumps({
        "autosaves_acknowledged": sum(1 for a in acks if a["kind"] == "autosave"), "applications": len(last),
        "lost_autosaves": len(lost), "submissions_acknowledged": len(submitted), "lost_submissions": len(lost_submissions),
        "examples": lost[:5],
    }, ensure_ascii=False))  # fmt: skip
    return 1 if lost or lost_submissions else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
