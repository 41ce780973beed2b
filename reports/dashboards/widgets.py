"""The sections of the province dashboard, in the order they are shown.

A section is a builder, which takes the ``ProvinceDashboard`` and returns the context
of its template (or None when it has nothing to show for that province and year),
and a template under ``templates/reports/dashboard/``. To add one, write both and
decorate the builder with ``@province_widget(key, template)``. The widgets are
panels of ``core.registry``, kept in ``province_widgets``.
"""

from __future__ import annotations

from collections import Counter

from django.utils.translation import gettext as _

from core.registry import BuiltPanel, Panel, Registry, build_panels, panel
from evaluations.selectors import latest_province_round
from programs.models import PlanStatus, Tier
from reports.dashboards.province import ProvinceDashboard

province_widgets: Registry[Panel] = Registry("province dashboard widgets")


def province_widget(key: str, template: str):
    return panel(province_widgets, key, template)


def build_widgets(dashboard: ProvinceDashboard) -> list[BuiltPanel]:
    return build_panels(province_widgets, dashboard=dashboard)


def bar_chart(labels: list[str], datasets: list[tuple[str, list, str]], **options) -> dict:
    """A Chart.js configuration the page's script reads (``dashboard.js``)."""
    return {
        "type": options.pop("type", "bar"),
        "labels": labels,
        # The same figures as rows, for the table that stands in for the chart.
        "series": [label for label, _data, _colour in datasets],
        "rows": [
            [label, *(data[i] for _l, data, _c in datasets)] for i, label in enumerate(labels)
        ],
        "datasets": [
            {
                "label": label,
                "data": [float(v) if v is not None else None for v in data],
                "colour": colour,
            }
            for label, data, colour in datasets
        ],  # fmt: skip
        **options,
    }


@province_widget("indicators", "reports/dashboard/_indicators.html")
def indicators_widget(dashboard: ProvinceDashboard):
    programs = [section for section in dashboard.programs if not section.is_okr]
    if not programs:
        return None
    return {"programs": programs}


@province_widget("clubs", "reports/dashboard/_clubs.html")
def clubs_widget(dashboard: ProvinceDashboard):
    clubs = dashboard.clubs
    coverage_total, coverage_lines = dashboard.membership
    if not clubs.total and not coverage_lines:
        return None
    return {
        "clubs": clubs,
        "coverage_total": coverage_total,
        "coverage_lines": coverage_lines,
        "contests": dashboard.contests,
        "clubs_chart": bar_chart(
            [label for label, _count in clubs.by_type],
            [(_("จำนวนชมรม"), [count for _label, count in clubs.by_type], "#1f6f8b")],
            horizontal=True,
        ),
    }


@province_widget("okr", "reports/dashboard/_okr.html")
def okr_widget(dashboard: ProvinceDashboard):
    programs = [section for section in dashboard.programs if section.is_okr]
    if not programs:
        return None
    return {"programs": programs}


@province_widget("villages", "reports/dashboard/_villages.html")
def villages_widget(dashboard: ProvinceDashboard):
    programs = dashboard.villages
    if not programs:
        return None
    for index, program in enumerate(programs):
        districts = program["districts"]
        program["chart_id"] = f"chart-villages-{index}"
        program["chart"] = bar_chart(
            [district["name"] for district in districts],
            [
                (PlanStatus.DONE.label, [d["done"] for d in districts], "#2e7d32"),
                (PlanStatus.DRAFTING.label, [d["drafting"] for d in districts], "#f9a825"),
                (PlanStatus.NOT_STARTED.label, [d["not_started"] for d in districts], "#9e9e9e"),
            ],
            horizontal=True,
            stacked=True,
        )
    return {"programs": programs}


@province_widget("meetings", "reports/dashboard/_meetings.html")
def meetings_widget(dashboard: ProvinceDashboard):
    committees = dashboard.committees
    actions = dashboard.action_items
    next_meeting = dashboard.next_meeting
    if not committees and not actions["open"] and next_meeting is None:
        return None
    return {
        "committees": committees,
        "meetings_held": sum(committee.held for committee in committees),
        "actions": actions,
        "next_meeting": next_meeting,
        "today": dashboard.today,
    }


# Shares of the maximum score, the bins of the score distribution.
SCORE_BINS = [(0, 60), (60, 70), (70, 80), (80, 90), (90, 101)]


@province_widget("evaluations", "reports/dashboard/_evaluations.html")
def evaluations_widget(dashboard: ProvinceDashboard):
    """The latest evaluation round that visited the province: its sites' scores as a
    distribution, the tiers they reached, and each site with its result."""
    latest = latest_province_round(
        province=dashboard.province, fiscal_year=dashboard.period.fiscal_year, user=dashboard.user
    )
    if latest is None:
        return None
    rows = latest.rows
    if dashboard.approved_only:
        # An evaluation result counts as approved once the chair has finalised it.
        rows = [row for row in rows if row.finalised]
    shares = [
        row.total * 100 / latest.maximum_of(row)
        for row in rows
        if row.total is not None and latest.maximum_of(row)
    ]
    labels = [
        _("ต่ำกว่า %(high)s%%") % {"high": high} if low == 0
        else _("%(low)s%% ขึ้นไป") % {"low": low} if high > 100
        else f"{low}–{high - 1}%"
        for low, high in SCORE_BINS
    ]  # fmt: skip
    counts = [sum(low <= share < high for share in shares) for low, high in SCORE_BINS]
    tiers = Counter(row.tier for row in rows if row.tier)
    return {
        "round": latest.round,
        "rows": rows,
        "scored": len(shares),
        "finalised": sum(row.finalised for row in rows),
        "average": sum(shares) / len(shares) if shares else None,
        "tiers": [(tier.label, tiers[tier.value]) for tier in reversed(Tier) if tiers[tier.value]],
        "chart": bar_chart(labels, [(_("จำนวนสถานที่"), counts, "#1f4e79")]),
    }
