"""What changed between two packs, in Chinese, by notice field, rule, item, condition, material and form field.

`pack_diff_lines` is pure over two pack data dicts (the shape of `PolicyPack.data`: pack, items, forms, cases),
so the same lines serve `manage.py pack diff` and a page. Keys the diff does not know yet still read in Chinese
where the format has a name for them (policies/pack/diff_labels.py)."""

from __future__ import annotations

from typing import Any

from policies.pack.diff_labels import MATERIAL_LABELS, change_text, key_label, value_text
from policies.pack.loader import LoadedPack

# List elements are matched by the first of these keys they all have, so a reordered or inserted entry
# reads as one change rather than a cascade.
KEYS = ("id", "code", "number", "value", "name", "grade")
# Shown with its own line only when it changed: a new version of the same pack is the point of a diff.
SILENT_PACK_KEYS = ("version",)


def _keyed(value: list) -> dict[str, Any] | None:
    if not value or not all(isinstance(v, dict) for v in value):
        return None
    for key in KEYS:
        if all(key in v for v in value):
            keys = [str(v[key]) for v in value]
            if len(set(keys)) == len(keys):
                return dict(zip(keys, value))
    return None


def _name(element: dict) -> str:
    for key in ("name", "label", "title", "clause", "text", "grade", "id", "code", "value"):
        if element.get(key) not in (None, ""):
            return str(element[key])
    return value_text(element)


def _added_details(element: dict) -> str:
    """What an added element holds besides its name, in brackets; its internal id or code is not shown (the
    workbench generates them and never shows them, e.g. a 目标审核要点's point_1)."""
    name = _name(element)
    rest = {k: v for k, v in element.items() if k not in ("id", "code") and str(v) != name}
    text = value_text(rest) if rest else ""
    return f"（{text}）" if text and text != "无" else ""


def _walk(
    old: Any, new: Any, where: str, out: list[str], key: str | None = None, labels: dict[str, str] | None = None
) -> None:
    """The fallback for any part of a pack: each changed leaf as "where 名称：old → new"."""
    if old == new:
        return
    if isinstance(old, dict) and isinstance(new, dict):
        sep = "" if not where or where.endswith(" ") else " "
        for k in list(old) + [k for k in new if k not in old]:
            label = f"{where}{sep}{key_label(k, labels)}"
            if k not in new:
                if old[k] not in (None, [], {}, False):
                    out.append(f"{label}：删除（原为 {value_text(old[k], k)}）")
            elif k not in old:
                if new[k] not in (None, [], {}, False):
                    out.append(f"{label}：新增 {value_text(new[k], k)}")
            else:
                _walk(old[k], new[k], label, out, k, labels)
        return
    if isinstance(old, list) and isinstance(new, list):
        a, b = _keyed(old), _keyed(new)
        if a is not None and b is not None:
            for k in list(a) + [k for k in b if k not in a]:
                if k not in b:
                    out.append(f"{where}：删除「{_name(a[k])}」")
                elif k not in a:
                    out.append(f"{where}：新增「{_name(b[k])}」{_added_details(b[k])}")
                else:
                    _walk(a[k], b[k], f"{where}「{_name(b[k])}」", out, labels=labels)
            if [k for k in a if k in b] != [k for k in b if k in a]:
                out.append(f"{where}：顺序调整")
            return
    out.append(f"{where}：{change_text(old, new, key)}")


def _clip(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# ---------------------------------------------------------------------------
# Conditions and their rules
# ---------------------------------------------------------------------------


def _leaves(rule: dict | None) -> list[dict]:
    if not rule:
        return []
    for combinator in ("all", "any"):
        if combinator in rule:
            return [leaf for child in rule[combinator] for leaf in _leaves(child)]
    return [rule]


def _shape(rule: dict | None) -> Any:
    if not rule:
        return None
    for combinator in ("all", "any"):
        if combinator in rule:
            return (combinator, tuple(_shape(child) for child in rule[combinator]))
    return tuple(sorted(k for k, v in rule.items() if k not in ("fact", "value", "wording", "unit") and v is not None))


def rule_text(rule: dict | None) -> str:
    """A rule as it reads: "2023年主营业务收入 以上 30000 万元", "（A 或 B）"."""
    if not rule:
        return "无"
    for combinator, word in (("all", " 且 "), ("any", " 或 ")):
        if combinator in rule:
            return "（" + word.join(rule_text(child) for child in rule[combinator]) + "）"
    if "industry_in" in rule:
        return f"行业属于 {'、'.join(rule['industry_in'])}"
    fact = value_text(rule["fact"], "fact")
    if "equals" in rule:
        return f"{fact} 为{value_text(rule['equals'])}"
    if "one_of" in rule:
        return f"{fact} 属于 {'、'.join(rule['one_of'])}"
    if rule.get("per"):
        fact = f"{fact}占{value_text(rule['per'], 'per')}比重"
    if rule.get("growth_from"):
        fact = f"{fact}较{value_text(rule['growth_from'], 'growth_from')}增幅"
    return f"{fact} {rule['wording']} {value_text(rule['value'])} {rule['unit']}"


def _rule_changes(old: dict | None, new: dict | None) -> list[str]:
    if old == new:
        return []
    if _shape(old) != _shape(new):
        return [f"规则 {rule_text(old)} → {rule_text(new)}"]
    out = []
    for a, b in zip(_leaves(old), _leaves(new)):
        if a.get("value") != b.get("value") or a.get("unit") != b.get("unit"):
            out.append(f"阈值 {value_text(a['value'])} {a['unit']} → {value_text(b['value'])} {b['unit']}")
        for key in ("fact", "wording", "per", "growth_from", "equals", "one_of", "industry_in"):
            if a.get(key) != b.get(key):
                out.append(f"{key_label(key)} {change_text(a.get(key), b.get(key), key)}")
    return out


def _condition_changes(old: list[dict], new: list[dict], where: str, out: list[str]) -> None:
    a, b = {c["id"]: c for c in old}, {c["id"]: c for c in new}
    for cid in list(a) + [c for c in b if c not in a]:
        if cid not in b:
            out.append(f"{where}删除条件「{a[cid]['clause']}」")
        elif cid not in a:
            rule = f"（{rule_text(b[cid]['rule'])}）" if b[cid].get("rule") else ""
            out.append(f"{where}新增条件「{b[cid]['clause']}」{rule}")
        elif a[cid] != b[cid]:
            label = f"{where}条件「{_clip(b[cid]['clause'])}」"
            for change in _rule_changes(a[cid].get("rule"), b[cid].get("rule")):
                out.append(f"{label}：{change}")
            rest_a = {k: v for k, v in a[cid].items() if k != "rule"}
            rest_b = {k: v for k, v in b[cid].items() if k != "rule"}
            _walk(rest_a, rest_b, label, out)


# ---------------------------------------------------------------------------
# Items, materials, forms
# ---------------------------------------------------------------------------


def _material_changes(old: list[dict], new: list[dict], where: str, out: list[str]) -> None:
    a, b = {m["id"]: m for m in old}, {m["id"]: m for m in new}
    for mid in list(a) + [m for m in b if m not in a]:
        if mid not in b:
            out.append(f"{where}删除材料「{a[mid]['name']}」")
        elif mid not in a:
            out.append(f"{where}新增材料「{b[mid]['name']}」")
        else:
            _walk(a[mid], b[mid], f"{where}材料「{_clip(b[mid]['name'])}」", out, labels=MATERIAL_LABELS)


def _part_changes(old: dict, new: dict, where: str, out: list[str], rest_too: bool = True) -> None:
    """An item's or sub-type's conditions and materials by their own rules, everything else by the fallback."""
    _condition_changes(old.get("conditions") or [], new.get("conditions") or [], where, out)
    _material_changes(old.get("materials") or [], new.get("materials") or [], where, out)
    if not rest_too:
        return
    rest = ("conditions", "materials", "subtypes")
    _walk({k: v for k, v in old.items() if k not in rest}, {k: v for k, v in new.items() if k not in rest}, where, out)


def _item_changes(old: list[dict], new: list[dict], out: list[str]) -> None:
    a, b = {i["number"]: i for i in old}, {i["number"]: i for i in new}
    for number in sorted(set(a) | set(b)):
        if number not in b:
            out.append(f"删除事项 {number}「{a[number]['name']}」")
            continue
        item = b[number]
        if number not in a:
            forms = "、".join(f"附件{f}" for f in item["forms"])
            out.append(
                f"新增事项 {number}「{item['name']}」：{len(item['conditions'])} 个条件，"
                f"{len(item['materials'])} 项材料，申报表单 {forms}"
            )
            _part_changes({"conditions": [], "materials": []}, {**item, "subtypes": []}, f"事项 {number} ", out, False)
            continue
        where = f"事项 {number}「{item['name']}」"
        if a[number] == item:
            continue
        _part_changes(a[number], item, f"{where} ", out)
        sa = {s["code"]: s for s in a[number].get("subtypes") or []}
        sb = {s["code"]: s for s in item.get("subtypes") or []}
        for code in list(sa) + [c for c in sb if c not in sa]:
            if code not in sb:
                out.append(f"{where} 删除申报类型「{sa[code]['name']}」")
            elif code not in sa:
                out.append(f"{where} 新增申报类型「{sb[code]['name']}」")
            else:
                _part_changes(sa[code], sb[code], f"{where} 申报类型「{sb[code]['name']}」", out)


def _fields(form: dict) -> dict[str, dict]:
    return {f["id"]: f for s in form.get("sections") or [] for f in s.get("fields") or []}


def _form_changes(old: dict[str, dict], new: dict[str, dict], out: list[str]) -> None:
    from policies.pack.schema import natural_form_key

    for form_id in sorted(set(old) | set(new), key=natural_form_key):
        a, b = old.get(form_id), new.get(form_id)
        if b is None:
            out.append(f"删除表单 {a['source']}「{a['title']}」")
            continue
        if a is None:
            out.append(f"新增表单 {b['source']}「{b['title']}」：{len(_fields(b))} 个字段")
            for field in _fields(b).values():
                out.append(f"{b['source']} 新增字段「{field['label']}」（{value_text(field['kind'], 'kind')}）")
            continue
        if a == b:
            continue
        where = b["source"]
        fa, fb = _fields(a), _fields(b)
        for fid in list(fa) + [f for f in fb if f not in fa]:
            if fid not in fb:
                out.append(f"{where} 删除字段「{fa[fid]['label']}」")
            elif fid not in fa:
                out.append(f"{where} 新增字段「{fb[fid]['label']}」（{value_text(fb[fid]['kind'], 'kind')}）")
            else:
                _walk(fa[fid], fb[fid], f"{where} 字段「{_clip(fb[fid]['label'])}」", out)
        if [f for f in fa if f in fb] != [f for f in fb if f in fa]:
            out.append(f"{where} 字段顺序调整")

        def outline(form: dict) -> dict:
            sections = [{k: v for k, v in s.items() if k != "fields"} for s in form.get("sections") or []]
            return {**{k: v for k, v in form.items() if k != "sections"}, "sections": sections}

        _walk(outline(a), outline(b), f"{where} ", out)


# ---------------------------------------------------------------------------
# The pack
# ---------------------------------------------------------------------------


def _quota_by_item(pack: dict) -> dict[int, dict]:
    return {n: q for q in pack.get("quotas") or [] for n in q["items"]}


def _rules_by_items(old: list | None, new: list | None, what: str, out: list[str], quiet: bool = False) -> None:
    """Rules over a list of items (exclusions, quotas), matched by that list. `quiet`: a rule added or removed
    is already told item by item."""
    a = {"、".join(map(str, r["items"])): r for r in old or []}
    b = {"、".join(map(str, r["items"])): r for r in new or []}
    for k in list(a) + [k for k in b if k not in a]:
        if k not in b and not quiet:
            out.append(f"删除{what}：事项 {k}「{a[k]['clause']}」")
        elif k not in a and not quiet:
            out.append(f"新增{what}：事项 {k}「{b[k]['clause']}」")
        elif k in a and k in b:
            rest = ("items", "per_jurisdiction")
            _walk(
                {x: v for x, v in a[k].items() if x not in rest},
                {x: v for x, v in b[k].items() if x not in rest},
                f"{what}（事项 {k}）",
                out,
            )


def _pack_changes(old: dict, new: dict, items: dict[int, str], out: list[str]) -> None:
    if old.get("year") != new.get("year"):
        out.append(f"通知年度：{old.get('year')} → {new.get('year')}")
    if old.get("id") != new.get("id"):
        out.append(f"政策包标识：{old.get('id')} → {new.get('id')}")
    _walk(old.get("notice") or {}, new.get("notice") or {}, "", out)
    _condition_changes(old.get("global_conditions") or [], new.get("global_conditions") or [], "全局", out)
    qa, qb = _quota_by_item(old), _quota_by_item(new)
    for number in sorted(set(qa) | set(qb)):
        a, b = qa.get(number), qb.get(number)
        name = f"事项 {number}「{items.get(number, '')}」"
        if b is None:
            out.append(f"{name}不再限报（原为每县市区/园区 {a['per_jurisdiction']} 个）")
        elif a is None:
            out.append(f"{name}限报：每县市区/园区 {b['per_jurisdiction']} 个（{b['clause']}）")
        elif a["per_jurisdiction"] != b["per_jurisdiction"]:
            out.append(f"{name}限报：每县市区/园区 {a['per_jurisdiction']} 个 → {b['per_jurisdiction']} 个")
    _rules_by_items(old.get("quotas"), new.get("quotas"), "限报规则", out, quiet=True)
    _rules_by_items(old.get("exclusions"), new.get("exclusions"), "互斥规则", out)
    skip = ("id", "year", "notice", "global_conditions", "quotas", "exclusions", *SILENT_PACK_KEYS)
    _walk({k: v for k, v in old.items() if k not in skip}, {k: v for k, v in new.items() if k not in skip}, "", out)


def _case_changes(old: dict | None, new: dict | None, out: list[str]) -> None:
    a = {c["name"]: c for c in (old or {}).get("cases") or []}
    b = {c["name"]: c for c in (new or {}).get("cases") or []}
    for name in list(a) + [n for n in b if n not in a]:
        if name not in b:
            out.append(f"删除规则用例「{name}」")
        elif name not in a:
            out.append(f"新增规则用例「{name}」")
        elif a[name] != b[name]:
            out.append(f"修改规则用例「{name}」")


def pack_diff_lines(old_data: dict, new_data: dict) -> list[str]:
    """Every difference between two packs' data, one Chinese line each: the notice and its rules, then items
    (conditions, materials, sub-types), forms (by field) and rule cases. The version number is not listed."""
    out: list[str] = []
    items = {i["number"]: i["name"] for i in (old_data.get("items") or []) + (new_data.get("items") or [])}
    _pack_changes(old_data.get("pack") or {}, new_data.get("pack") or {}, items, out)
    _item_changes(old_data.get("items") or [], new_data.get("items") or [], out)
    _form_changes(old_data.get("forms") or {}, new_data.get("forms") or {}, out)
    _case_changes(old_data.get("cases"), new_data.get("cases"), out)
    return out


def loaded_pack_data(loaded: LoadedPack) -> dict:
    """A loaded folder in the shape of `PolicyPack.data`."""
    return {
        "pack": loaded.pack.model_dump(mode="json"),
        "items": [i.model_dump(mode="json") for i in loaded.items],
        "forms": {k: f.model_dump(mode="json") for k, f in loaded.forms.items()},
        "cases": loaded.cases.model_dump(mode="json") if loaded.cases else None,
    }


def pack_diff(old: LoadedPack, new: LoadedPack) -> list[str]:
    """`pack_diff_lines` over two loaded pack folders."""
    return pack_diff_lines(loaded_pack_data(old), loaded_pack_data(new))
