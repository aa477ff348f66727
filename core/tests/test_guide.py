"""The section navigator's counts (core/guide.py): pure, no database."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.guide import Guide, GuideSection, Slot, first_missing, is_filled, section_progress


@pytest.mark.parametrize(
    ("value", "filled"),
    [(None, False), ("", False), ("  ", False), ("0", True), (0, True), (False, True), ("甲", True)],
)
def test_a_value_is_filled_as_the_browser_sees_its_box(value, filled):
    assert is_filled(value) is filled


def test_required_slots_are_counted_where_a_section_has_some():
    section = section_progress(
        "s-1", "基本信息",
        [Slot("a", True, True), Slot("b", False, False), Slot("c", True, False), Slot("d", True, True)],
    )  # fmt: skip
    assert (section.required_filled, section.required_total, section.filled, section.total) == (2, 3, 2, 4)
    assert (section.done, section.of, section.complete) == (2, 3, False)
    assert section.first_missing == "c"  # "b" is empty but not required


def test_a_section_without_required_slots_counts_every_slot():
    section = section_progress("s-2", "从业人员", [Slot("a", False, True), Slot("b", False, False)])
    assert not section.counts_required and (section.done, section.of) == (1, 2)
    assert section.first_missing == ""  # nothing required is missing
    assert section_progress("s-2", "从业人员", [Slot("a", False, False)], every_slot_needed=True).first_missing == "a"


def test_a_section_of_guidance_only_is_a_link_without_a_count():
    assert section_progress("s-3", "说明", []).counted is False


def test_the_page_jumps_to_the_first_missing_slot_of_the_first_section_that_has_one():
    sections = [
        section_progress("s-1", "一", [Slot("a", True, True)]),
        section_progress("s-2", "二", [Slot("b", True, False), Slot("c", True, False)]),
        section_progress("s-3", "三", [Slot("d", True, False)]),
    ]
    assert first_missing(sections) == "b" == Guide(sections).next_anchor
    assert Guide(sections).next_label == "下一个未填必填项"
    assert Guide(sections, every_slot_needed=True).next_label == "下一个未填项"


def test_overall_sums_the_counted_sections():
    guide = Guide(
        [
            section_progress("s-1", "一", [Slot("a", True, True), Slot("b", False, True)]),
            section_progress("s-2", "二", [Slot("c", True, False)]),
            GuideSection(anchor="materials", title="申报材料", counted=False),
        ]
    )
    overall = guide.overall
    assert (overall.required_filled, overall.required_total, overall.filled, overall.total) == (1, 2, 2, 3)


slots = st.lists(st.builds(Slot, st.text(min_size=1, max_size=3), st.booleans(), st.booleans()), max_size=20)


@given(slots)
def test_counts_never_exceed_their_totals_and_the_first_missing_is_an_empty_wanted_slot(items):
    section = section_progress("s", "t", items)
    assert 0 <= section.required_filled <= section.required_total <= section.total
    assert 0 <= section.filled <= section.total == len(items)
    wanted_empty = [s.anchor for s in items if s.required and not s.filled]
    assert section.first_missing == (wanted_empty[0] if wanted_empty else "")
    assert section.complete == (not wanted_empty if section.counts_required else section.filled == section.total)
