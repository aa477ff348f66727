"""core.memo.memo_put: at most `size` entries; when full the memo is emptied and the new entry kept."""

from core.memo import memo_put


def test_the_memo_is_emptied_when_full_and_keeps_the_new_entry():
    memo: dict = {}
    for n in range(3):
        assert memo_put(memo, n, f"v{n}", size=3) == f"v{n}"
    assert memo == {0: "v0", 1: "v1", 2: "v2"}
    assert memo_put(memo, "new", "v", size=3) == "v"
    assert memo == {"new": "v"}


def test_a_key_put_again_replaces_its_value():
    memo = {"a": 1}
    memo_put(memo, "a", 2, size=5)
    assert memo == {"a": 2}
