"""Signals ``reports`` sends for the floors above it to act on (notifications)."""

from django.dispatch import Signal

# A report's PDF is ready: sender=ReportJob, job=.
report_ready = Signal()
