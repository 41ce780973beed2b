"""Whether a dashboard rendered earlier still tells the truth.

The dashboards cache their rendered figures (a template fragment) under a fingerprint
of the latest change to anything they show. Every write through the portal's services,
forms, imports and the admin leaves a change-history row (django-simple-history, also
for ``bulk_create_with_history`` and deletions), so the newest ``history_date`` of those
tables moves on every such write and the next request recomputes. Reading it is one
query over indexed columns, however much data there is.
"""

import hashlib

from django.db import connection

from evaluations.models import EvaluationRound, Score, ScoreSheet, SiteResult, Visit
from meetings.models import ActionItem, Committee, Meeting
from programs.models import (
    Club,
    ClubMembership,
    ContestEntry,
    Indicator,
    IndicatorResult,
    Objective,
    PeriodApproval,
    Program,
    ProgramVillage,
    TierAward,
)
from programs.selectors.boundaries import boundaries_version

TRACKED = [
    Program, Objective, Indicator, IndicatorResult, PeriodApproval, Club, ClubMembership, TierAward,
    ContestEntry, ProgramVillage, Committee, Meeting, ActionItem,
    EvaluationRound, Visit, ScoreSheet, Score, SiteResult,
]  # fmt: skip


def data_version() -> str:
    """A short fingerprint that changes whenever a dashboard's figures may have changed."""
    latest = ", ".join(
        f'(SELECT MAX(history_date) FROM "{model.history.model._meta.db_table}")'
        for model in TRACKED
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {latest}")  # one round trip; the table names are ours
        row = cursor.fetchone()
    # PostgreSQL returns datetimes, SQLite (the embedded default of `make run`) strings:
    # either way a fingerprint only needs their text.
    parts = [*(str(value) if value else "-" for value in row), str(boundaries_version())]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:20]
