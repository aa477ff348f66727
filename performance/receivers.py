"""performance's answers to the application workflow's one signal (applications/signals.py): at
submission the 附件3 answers become the 绩效目标表, at the award the targets are frozen. They run inside the
transition's transaction, so a refusal here (frozen or returned targets) undoes the transition too."""

from __future__ import annotations

from collections.abc import Sequence

from applications.models import Application
from performance.services import targets


def targets_on_application_transitioned(
    sender, *, transition: str, applications: Sequence[Application], actor, **kwargs
) -> None:
    if transition == "submit":
        for application in applications:
            targets.target_sheet_store(actor=actor, application=application)
    elif transition == "award":
        targets.target_sheets_freeze(actor=actor, applications=applications)
