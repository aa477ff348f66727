"""core.fields.SharedJSONField: a large stored document is decoded once per process and shared read-only;
an in-place change is refused, a copy is plain and mutable, and small documents are decoded as usual."""

from __future__ import annotations

import copy
import json
import pickle

import pytest

from core.fields import SHARE_FROM_CHARS, FrozenDict, FrozenList, freeze, thaw
from policies.models import PolicyPack

DOCUMENT = {"pack": {"name": "衡阳", "items": [{"n": 1, "tags": ["a", "b"]}, {"n": 2}]}, "x": None}


def test_a_frozen_value_equals_and_serialises_as_the_plain_one():
    frozen = freeze(DOCUMENT)
    assert frozen == DOCUMENT
    assert json.dumps(frozen, ensure_ascii=False) == json.dumps(DOCUMENT, ensure_ascii=False)
    assert isinstance(frozen["pack"]["items"], FrozenList)
    assert isinstance(frozen["pack"]["items"][0], FrozenDict)


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d.__setitem__("y", 1),
        lambda d: d["pack"].update(name="x"),
        lambda d: d["pack"].pop("name"),
        lambda d: d["pack"].setdefault("z", 1),
        lambda d: d["pack"]["items"].append({}),
        lambda d: d["pack"]["items"][0]["tags"].sort(),
        lambda d: d["pack"]["items"].__setitem__(0, {}),
        lambda d: d["pack"]["items"][0].__delitem__("n"),
        lambda d: d["pack"]["items"].extend([1]),
        lambda d: d.clear(),
    ],
)
def test_an_in_place_change_is_refused(change):
    frozen = freeze(DOCUMENT)
    with pytest.raises(TypeError, match="read-only"):
        change(frozen)
    assert frozen == DOCUMENT


def test_copies_are_plain_and_mutable():
    frozen = freeze(DOCUMENT)
    for deep in (copy.deepcopy(frozen), thaw(frozen), pickle.loads(pickle.dumps(frozen))):
        assert deep == DOCUMENT
        assert type(deep) is dict
        assert type(deep["pack"]["items"]) is list
        deep["pack"]["items"][0]["tags"].append("c")  # nothing shared is touched
    assert frozen["pack"]["items"][0]["tags"] == ["a", "b"]
    shallow = copy.copy(frozen)
    shallow["new"] = 1
    assert type(shallow) is dict and "new" not in frozen


@pytest.mark.django_db
def test_a_large_stored_document_is_decoded_once_and_shared(stored_pack):
    raw_length = len(json.dumps(stored_pack.data, ensure_ascii=False))
    assert raw_length >= SHARE_FROM_CHARS
    first = PolicyPack.objects.get(pk=stored_pack.pk).data
    second = PolicyPack.objects.get(pk=stored_pack.pk).data
    assert first is second
    assert isinstance(first, FrozenDict)
    with pytest.raises(TypeError):
        first["pack"]["notice"]["title"] = "改过"


@pytest.mark.django_db
def test_a_changed_document_is_stored_and_read_back_changed(stored_pack):
    data = copy.deepcopy(stored_pack.data)
    data["pack"]["notice"]["title"] = "改过的标题"
    PolicyPack.objects.filter(pk=stored_pack.pk).update(data=data)
    assert PolicyPack.objects.get(pk=stored_pack.pk).data["pack"]["notice"]["title"] == "改过的标题"


@pytest.mark.django_db
def test_a_small_document_is_decoded_as_usual(stored_pack):
    item = stored_pack.items.order_by("number").first()
    small = {"number": item.number}
    type(item).objects.filter(pk=item.pk).update(data=small)
    read = type(item).objects.get(pk=item.pk).data
    assert read == small and type(read) is dict
    read["changed"] = True  # a plain dict: mutable, and not shared
    assert "changed" not in type(item).objects.get(pk=item.pk).data
