"""Review's signal to the apps above it: before a county department records 同意, an app that holds a
precondition of the county's approval may refuse it for some applications, without review importing it
(performance: the 绩效目标 is a precondition of the budget, 通知 五).

Receivers take `applications` (locked, with enterprise, jurisdiction and item loaded) and `actor`, and return
{application pk: the refusal in Chinese} for those that may not be approved yet (nothing for the others).
They run inside the opinion's transaction and may lock what they read."""

from __future__ import annotations

from collections.abc import Sequence

from django.dispatch import Signal

county_approval_requested = Signal()


def county_approval_refusals(applications: Sequence, *, actor) -> dict[int, str]:
    """{application pk: refusal} from every receiver; the first refusal of an application is the one shown."""
    refusals: dict[int, str] = {}
    if not applications:
        return refusals
    for _receiver, answer in county_approval_requested.send(
        sender=county_approval_requested, applications=list(applications), actor=actor
    ):
        for pk, reason in (answer or {}).items():
            refusals.setdefault(pk, reason)
    return refusals
