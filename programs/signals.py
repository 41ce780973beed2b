"""Signals ``programs`` sends for the floors above it to act on (notifications).

Sent by the services after the change, inside their transaction: a receiver that does
outside work defers it with ``transaction.on_commit``.
"""

from django.dispatch import Signal

# A period's figures changed state (``approval.state`` says to which): sender=PeriodApproval,
# approval=, by= the user who acted.
period_approval_changed = Signal()
