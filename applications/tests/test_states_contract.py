"""config.contracts.StatesOwnedContract (make test runs it through lint-imports): it finds a copy of the
application's status enum, a collection of its members, and a condition listing several; it leaves alone
another status enum that shares a word or two, and a single state."""

import ast
from pathlib import Path

from config.contracts import _defines_states, _enum_values

WORKFLOW = Path(__file__).resolve().parents[1] / "workflow.py"
VALUES = _enum_values(ast.parse(WORKFLOW.read_text(encoding="utf-8")), "ApplicationStatus")


def _lines(source: str) -> list[int]:
    return _defines_states(ast.parse(source), VALUES, "ApplicationStatus")


def test_the_owner_enum_is_read_from_its_source():
    assert {"draft", "submitted", "county_review", "awarded", "withdrawn"} <= VALUES


def test_a_copy_of_the_enum_is_found():
    copy = "class Status:\n" + "".join(f"    X{i} = {v!r}, 'x'\n" for i, v in enumerate(sorted(VALUES)))
    assert _lines(copy) == [1]


def test_a_collection_or_a_condition_of_several_states_is_found():
    assert _lines("HELD = [ApplicationStatus.RECOMMENDED, ApplicationStatus.AWARDED]\n") == [1]
    aliased = "S = ApplicationStatus\ndef f(a):\n    return a.status in (S.SUBMITTED, S.COUNTY_REVIEW)\n"
    assert _lines(aliased) == [3]


def test_a_neighbouring_enum_and_a_single_state_are_left_alone():
    neighbour = "class ListStatus:\n    DRAFT = 'draft', '草稿'\n    FINAL = 'final', '定稿'\n    PUBLICISED = 'publicised', '公示'\n"
    assert _lines(neighbour) == []
    assert _lines("def f(a):\n    return a.status == ApplicationStatus.AWARDED\n") == []
