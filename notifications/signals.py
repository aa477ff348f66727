"""The daily reminder run's signal (manage.py send_reminders): apps above notifications remind people of their
own deadlines (performance: monitoring reports due) without notifications importing them.

Receivers take `today` (a date) and return the notifications they wrote, each provider in its own
transaction, so that one provider's failure does not take back what another has sent."""

from __future__ import annotations

from django.dispatch import Signal

reminders_due = Signal()
