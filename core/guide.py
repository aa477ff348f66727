"""The section navigator of long forms (core/templates/core/_section_nav.html, core/static/core/guide.js):
how complete each section is, counted over its value slots. Pure: no ORM, no request.

A slot is one answer the page asks for (a box, a choice group, a table cell). It is filled when something is
in it; the browser counts the same slots (data-guide-slot) the same way, live, so the first render and the
page as the person types agree.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Slot:
    anchor: str  # the id the page gives the slot (its input, or the group of its choices)
    required: bool
    filled: bool


@dataclass(frozen=True)
class GuideSection:
    """One entry of the navigator: a section of the page, where it is and how complete it is."""

    anchor: str
    title: str
    required_total: int = 0
    required_filled: int = 0
    total: int = 0
    filled: int = 0
    first_missing: str = ""  # the anchor of its first empty required slot (its first empty slot in "any" mode)
    group: str = ""  # a heading above the entry (the form it belongs to), when a page has several forms
    counted: bool = True  # False: a place on the page without slots (材料, 承诺), a link only

    @property
    def counts_required(self) -> bool:
        """Required slots are counted where the section has some; otherwise every slot is."""
        return self.required_total > 0

    @property
    def done(self) -> int:
        return self.required_filled if self.counts_required else self.filled

    @property
    def of(self) -> int:
        return self.required_total if self.counts_required else self.total

    @property
    def complete(self) -> bool:
        return self.done == self.of


def section_progress(
    anchor: str, title: str, slots: Iterable[Slot], *, every_slot_needed: bool = False, group: str = ""
) -> GuideSection:
    """The completion of one section from its slots. every_slot_needed: nothing is required but each slot
    helps (the calculator's facts, where an empty one leaves a verdict 信息不足), so the first missing slot is
    the first empty one."""
    slots = list(slots)
    required = [s for s in slots if s.required]
    wanted = slots if every_slot_needed else required
    return GuideSection(
        anchor=anchor,
        title=title,
        required_total=len(required),
        required_filled=sum(s.filled for s in required),
        total=len(slots),
        filled=sum(s.filled for s in slots),
        first_missing=next((s.anchor for s in wanted if not s.filled), ""),
        group=group,
        counted=bool(slots),  # a section of guidance only: a link, without "0/0"
    )


def first_missing(sections: Iterable[GuideSection]) -> str:
    """The anchor the "下一个未填必填项" link jumps to without JavaScript: the page's first missing slot."""
    return next((s.first_missing for s in sections if s.first_missing), "")


def is_filled(value: object) -> bool:
    """A value as the browser sees its box: blank text (spaces only) is empty; False and 0 are answers."""
    if value is None:
        return False
    if isinstance(value, str):
        return value.strip() != ""
    return True


@dataclass(frozen=True)
class Guide:
    """What the navigator partial draws: the sections and how the page counts them. every_slot_needed: the
    page requires nothing but wants every slot (the calculator), so the button jumps to the next empty one."""

    sections: list[GuideSection]
    every_slot_needed: bool = False

    @property
    def next_anchor(self) -> str:
        return first_missing(self.sections)

    @property
    def next_label(self) -> str:
        return "下一个未填项" if self.every_slot_needed else "下一个未填必填项"

    @property
    def overall(self) -> GuideSection:
        """The whole page as one entry (the line a narrow screen shows while the list is closed)."""
        counted = [s for s in self.sections if s.counted]
        return GuideSection(
            anchor="",
            title="全部",
            required_total=sum(s.required_total for s in counted),
            required_filled=sum(s.required_filled for s in counted),
            total=sum(s.total for s in counted),
            filled=sum(s.filled for s in counted),
        )
