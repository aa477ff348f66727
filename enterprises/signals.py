"""Signals of enterprise profiles, for the apps above enterprises that act on them (eligibility re-evaluates)."""

from django.dispatch import Signal

# Sent inside the transaction that changed a profile's facts or confirmed it; receivers defer their work to
# after the commit. Arguments: profile (the EnterpriseProfile).
profile_changed = Signal()
