"""Pure shaping of pack data for the catalogue pages (no ORM, no request)."""

from __future__ import annotations

import datetime as dt

from policies.pack.schema import SUPPORT_METHOD_LABELS

CONDITION_KIND_LABELS = {"computable": "可量化核验", "attestation": "企业承诺并提供佐证", "judgement": "由审核部门评审"}


def deadline_status(*, deadline: dt.date, today: dt.date, source: str = "") -> dict:
    """`source` says why this date applies (the notice, a county, the city re-opening)."""
    days = (deadline - today).days
    if days < 0:
        text = f"已于 {deadline:%Y年%m月%d日} 截止，逾期不予受理"
    elif days == 0:
        text = "今天截止"
    else:
        text = f"距截止还有 {days} 天"
    return {"date": deadline, "days_left": days, "closed": days < 0, "text": text, "source": source}


def item_view(item: dict) -> dict:
    """Add display labels to a stored item."""
    conditions = [dict(c, kind_label=CONDITION_KIND_LABELS[c["kind"]]) for c in item.get("conditions", [])]
    subtypes = [
        dict(s, conditions=[dict(c, kind_label=CONDITION_KIND_LABELS[c["kind"]]) for c in s.get("conditions", [])])
        for s in item.get("subtypes", [])
    ]
    return dict(
        item,
        support_method_label=SUPPORT_METHOD_LABELS[item["support_method"]],
        conditions=conditions,
        subtypes=subtypes,
    )


def rules_for_item(pack_data: dict, number: int) -> list[str]:
    """The cross-item rules that touch one item, as sentences quoting the notice."""
    pack = pack_data["pack"]
    names = {i["number"]: i["name"] for i in pack_data["items"]}
    out: list[str] = []
    limit = pack["project_limit"]
    if number in limit["excluded_items"]:
        out.append(f"本事项不计入每个申报单位最多 {limit['max_projects']} 个项目的限制（{limit['clause']}）。")
    else:
        out.append(f"每个申报单位申报项目数合计不得超过 {limit['max_projects']} 个（{limit['clause']}）。")
    for rule in pack["exclusions"]:
        if number in rule["items"]:
            others = "、".join(f"第{n}项“{names[n]}”" for n in rule["items"] if n != number)
            out.append(f"不得与{others}同时申报：{rule['clause']}")
    for rule in pack["quotas"]:
        if number in rule["items"]:
            out.append(f"每个县市区、市直园区限报 {rule['per_jurisdiction']} 个：{rule['clause']}")
    return out
