"""The provincial summary's sections about meetings and evaluations (kind 1).

They read through the same selectors as the province dashboard, so the PDF and the
screen never disagree: the meetings each committee held in the fiscal year, the open
action items (overdue first, with the responsible agency), and the latest evaluation
round that visited the province with each site's score and tier.
"""

from __future__ import annotations

from typing import Any

from evaluations.models import Score, ScoreSheet, SiteResult, Visit
from evaluations.selectors import latest_province_round
from meetings.models import ActionItem, Meeting
from reports.dashboards.periods import DashboardPeriod
from reports.dashboards.province import ProvinceDashboard
from reports.kinds.provincial_summary import summary_sections

WHOLE_YEAR = 4  # the summary covers the fiscal year up to its last quarter


def meetings_section(*, province, fiscal_year: int, user) -> dict[str, Any] | None:
    dashboard = ProvinceDashboard(
        user=user, province=province, period=DashboardPeriod(fiscal_year, WHOLE_YEAR)
    )
    committees, actions = dashboard.committees, dashboard.action_items
    if not committees and not actions["open"]:
        return None
    return {
        "template": "reports/pdf/_summary_meetings.html",
        "context": {
            "committees": committees,
            "held": sum(committee.held for committee in committees),
            "actions": actions,
            "today": dashboard.today,
        },
    }


def evaluations_section(*, province, fiscal_year: int, user) -> dict[str, Any] | None:
    latest = latest_province_round(province=province, fiscal_year=fiscal_year, user=user)
    if latest is None:
        return None
    return {
        "template": "reports/pdf/_summary_evaluations.html",
        "context": {
            "round": latest.round,
            "rows": [(row, latest.maximum_of(row)) for row in latest.rows],
        },
    }


def version_querysets(*, province_code: str) -> list:
    """What these sections print, for the summary's data version."""
    return [
        Meeting.history.filter(committee__provinces=province_code),
        ActionItem.history.filter(agenda_item__meeting__committee__provinces=province_code),
        Visit.history.filter(province_id=province_code),
        ScoreSheet.history.filter(visit__province_id=province_code),
        Score.history.filter(sheet__visit__province_id=province_code),
        SiteResult.history.filter(visit__province_id=province_code),
    ]


summary_sections.add("meetings", meetings_section)
summary_sections.add("evaluations", evaluations_section)
