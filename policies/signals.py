"""Signals of policy packs, for the apps above policies that act on them (eligibility re-evaluates)."""

from django.dispatch import Signal

# Sent inside the transaction that publishes a pack (pack_publish, also the workbench's approval); receivers
# defer their work to after the commit. Arguments: pack (the PolicyPack).
pack_published = Signal()
