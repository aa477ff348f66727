"""The one signal of the application workflow: sent by every service that takes a transition, inside
its transaction, after the new status and the audit event are saved. Apps above applications react to it
(notifications tell the parties; performance stores the 绩效目标 at submission and freezes them at the
award) without applications importing them.

    application_transitioned.send(sender=Application, transition="submit", applications=[a], actor=user,
                                  reasons={a.pk: "…"})
"""

from django.dispatch import Signal

application_transitioned = Signal()
