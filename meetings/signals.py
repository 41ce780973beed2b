"""Signals ``meetings`` sends for the floors above it to act on (notifications).

Sent by the services after the change, inside their transaction: a receiver that does
outside work defers it with ``transaction.on_commit``.
"""

from django.dispatch import Signal

# Minutes changed state: sender=Meeting, meeting=, action= one of "submitted",
# "checked", "returned", "certified", by= the user who acted (None when unknown).
minutes_status_changed = Signal()

# An action item was given to someone else: sender=ActionItem, action_item=,
# previous= the former responsible, by=, update= the progress entry that records it.
action_item_reassigned = Signal()
