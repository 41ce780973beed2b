"""The registry of report kinds.

A kind knows its parameters (form fields and validation, including the user's
scope), the data it reads, its template and how to tell whether its data changed
(``data_version``, for reusing a finished job). Kinds register themselves here;
the provincial summary (1) and the club directory (4) ship now, the meeting
minutes (2, ``--meeting``) and the evaluation round summary (3, ``--round``) plug
in the same way when the meetings and evaluations apps provide their data.
"""

# Importing a kind's module registers it.
from reports.kinds import club_directory, meeting_minutes, provincial_summary  # noqa: E402,F401
from reports.kinds.base import ReportKind, registry

__all__ = ["ReportKind", "registry"]
