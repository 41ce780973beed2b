"""The registry of report kinds.

A kind knows its parameters (form fields and validation, including the user's
scope), the data it reads, its template and how to tell whether its data changed
(``data_version``, for reusing a finished job). Kinds register themselves here:
the provincial summary (1), the minutes of a meeting (2, ``--meeting``) and the club
directory (4); the evaluation round summary (3, ``--round``) plugs in the same way.
"""

# Importing a kind's module registers it.
from reports.kinds import (  # noqa: E402,F401
    club_directory,
    evaluation_round,
    meeting_minutes,
    provincial_summary,
    summary_sections,
)
from reports.kinds.base import ReportKind, registry

__all__ = ["ReportKind", "registry"]
