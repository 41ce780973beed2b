"""Signals ``evaluations`` sends for the floors above it to act on (notifications).

Sent by the services after the change, inside their transaction.
"""

from django.dispatch import Signal

# A visit was saved (created, moved, or given other evaluators): sender=Visit, visit=.
# Receivers tell its evaluators what is new to them (a new assignment, a new time or place).
visit_scheduled = Signal()
