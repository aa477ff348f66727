"""The one signal of the application workflow. Every service that takes a transition calls
`transitioned(...)` inside its transaction, after the new status and the audit event are saved; apps above
applications react to it without applications importing them: notifications tell the parties, performance
stores the 绩效目标 at submission and freezes them at the award. A receiver that raises undoes the
transition with everything else in the transaction.

Receivers take: transition (a name of applications.workflow.TRANSITIONS), applications (those that took
it, with enterprise, jurisdiction and item loaded), actor, reasons (application pk -> reason).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.dispatch import Signal

application_transitioned = Signal()


def transitioned(transition: str, applications: Sequence, *, actor, reasons: Mapping[int, str] | None = None) -> None:
    """Tell every receiver that these applications took `transition` (nothing is sent for none)."""
    if applications:
        application_transitioned.send(
            sender=transition, transition=transition, applications=list(applications), actor=actor,
            reasons=dict(reasons or {}),
        )  # fmt: skip
