"""A readable diff between two pack versions: thresholds, fields, materials, conditions, rules."""

from __future__ import annotations

from typing import Any

from policies.pack.loader import LoadedPack

# List elements are matched by the first of these keys they have, so a reordered or inserted entry
# reads as one change rather than a cascade.
KEYS = ("id", "code", "number", "value", "name")


def _keyed(value: Any) -> Any:
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        for key in KEYS:
            if all(key in v for v in value):
                keys = [str(v[key]) for v in value]
                if len(set(keys)) == len(keys):
                    return {k: _keyed(v) for k, v in zip(keys, value)}
    if isinstance(value, dict):
        return {k: _keyed(v) for k, v in value.items()}
    return value


def _walk(old: Any, new: Any, path: list[str], out: list[str]) -> None:
    if isinstance(old, dict) and isinstance(new, dict):
        for key in list(old) + [k for k in new if k not in old]:
            if key not in new:
                out.append(f"- 删除 {' › '.join(path + [str(key)])}: {_short(old[key])}")
            elif key not in old:
                out.append(f"+ 新增 {' › '.join(path + [str(key)])}: {_short(new[key])}")
            else:
                _walk(old[key], new[key], path + [str(key)], out)
    elif old != new:
        out.append(f"~ 修改 {' › '.join(path)}: {_short(old)} → {_short(new)}")


def _short(value: Any, limit: int = 120) -> str:
    text = value if isinstance(value, str) else repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def pack_diff(old: LoadedPack, new: LoadedPack) -> list[str]:
    """Lines describing every difference, by file. Version and digest changes are not listed."""
    out: list[str] = []
    files = list(old.raw) + [f for f in new.raw if f not in old.raw]
    for file in files:
        a, b = old.raw.get(file), new.raw.get(file)
        if file == "pack.yaml" and isinstance(a, dict) and isinstance(b, dict):
            a = {k: v for k, v in a.items() if k != "version"}
            b = {k: v for k, v in b.items() if k != "version"}
        if a is None:
            out.append(f"+ 新增文件 {file}")
        elif b is None:
            out.append(f"- 删除文件 {file}")
        else:
            _walk(_keyed(a), _keyed(b), [file], out)
    return out
