"""Per-process memos whose keys never go stale (a stored pack's pk and content digest, an immutable dict's
identity): bounded, and emptied whole when full rather than evicting one entry at a time. A miss only costs the
value being computed again, and the few keys in use come back at once; no bookkeeping runs on a hit."""

from __future__ import annotations

from typing import TypeVar

V = TypeVar("V")


def memo_put(memo: dict, key, value: V, *, size: int) -> V:
    """Keep `value` under `key` in `memo`, emptying `memo` first when it holds `size` entries; returns `value`."""
    if len(memo) >= size:
        memo.clear()
    memo[key] = value
    return value
