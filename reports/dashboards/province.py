"""What the province dashboard shows, aggregated in the database.

``ProvinceDashboard`` reads each figure once, on first use (``cached_property``), so
the widgets and the map share them: a request makes the same bounded number of
queries whether the province has ten clubs or ten thousand.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from core.scoping import Action
from meetings.models import ActionItem, Committee, Meeting
from programs.indicator_status import period_target
from programs.models import (
    ApprovalState,
    ContestEntry,
    ContestResult,
    ContestStage,
    District,
    Indicator,
    IndicatorResult,
    IndicatorStatus,
    ObjectiveKind,
    PlanStatus,
    Program,
    ProgramVillage,
    Province,
)
from reports.dashboards.periods import DashboardPeriod
from reports.selectors import summary_clubs, summary_membership
from thai.fiscal_year import period_label

HUNDRED = Decimal(100)


@dataclass
class TrendPoint:
    label: str
    value: Decimal | None
    status: str


@dataclass
class IndicatorTile:
    indicator: Indicator
    target: Decimal
    value: Decimal | None
    status: str
    period_label: str
    trend: list[TrendPoint]
    approval_state: str = ApprovalState.DRAFT  # of the latest result's period
    approved_at: object = None

    @property
    def is_approved(self) -> bool:
        return self.approval_state == ApprovalState.APPROVED

    @property
    def status_label(self) -> str:
        return IndicatorStatus(self.status).label

    @property
    def percent_of_target(self) -> Decimal | None:
        if self.value is None or not self.target:
            return None
        return (self.value / self.target * HUNDRED).quantize(Decimal("0.1"))

    @property
    def progress(self) -> Decimal:
        """The progress bar's width: percent of target, capped to 0–100."""
        return max(Decimal(0), min(HUNDRED, self.percent_of_target or Decimal(0)))


@dataclass
class ProgramTiles:
    program: Program
    is_okr: bool  # an objective with key results (เพชรบูรณ์พอเพียง's 5 ร่ม)
    objective_names: list[str] = field(default_factory=list)
    tiles: list[IndicatorTile] = field(default_factory=list)

    @property
    def status_counts(self) -> dict[str, int]:
        counts = dict.fromkeys(IndicatorStatus.values, 0)
        for tile in self.tiles:
            counts[tile.status] += 1
        return counts


class MembershipCoverage:
    """Club members as a share of the 6–24 target population, for a row of an area."""

    members: int
    target_population: int

    @property
    def coverage(self) -> Decimal | None:
        if not self.target_population:
            return None
        return (Decimal(self.members) * HUNDRED / self.target_population).quantize(Decimal("0.1"))


@dataclass
class DistrictRow(MembershipCoverage):
    code: str
    name: str
    clubs: int = 0
    friend_corners: int = 0
    members: int = 0
    target_population: int = 0
    villages: int = 0
    villages_done: int = 0


class ProvinceDashboard:
    """Everything the dashboard of one province shows for one FY and quarter."""

    def __init__(
        self, *, user, province: Province, period: DashboardPeriod, today=None,
        approved_only: bool = False,
    ):  # fmt: skip
        # approved_only: figures of approved periods only; otherwise provisional ones are
        # shown too, marked "ยังไม่ผ่านการรับรอง".
        self.approved_only = approved_only
        self.user = user
        self.province = province
        self.period = period
        self.today = today or timezone.localdate()

    # --- geography ------------------------------------------------------------------
    @cached_property
    def districts(self) -> list[District]:
        return list(District.objects.filter(province=self.province).only("code", "name_th"))

    # --- indicators -----------------------------------------------------------------
    @cached_property
    def programs(self) -> list[ProgramTiles]:
        """Every program with indicators for the province this FY: a tile per indicator
        with its latest result up to the quarter and its trend over the FY's periods."""
        links = Program.provinces.through.objects
        runs_here = Exists(
            links.filter(program_id=OuterRef("objective__program_id"), province_id=self.province.pk)
        )
        nationwide = ~Exists(links.filter(program_id=OuterRef("objective__program_id")))
        indicators = list(
            Indicator.objects.for_user(self.user, Action.VIEW)
            .filter(objective__fiscal_year=self.period.fiscal_year)
            .filter(Q(province=self.province) | Q(province__isnull=True) & (runs_here | nationwide))
            .select_related("objective__program")
            .order_by("objective__program_id", "objective__number", "order", "code")
        )
        results: dict[int, dict[int, IndicatorResult]] = {}
        rows = (
            IndicatorResult.objects.for_user(self.user, Action.VIEW)
            .filter(province=self.province, indicator__in=[i.pk for i in indicators])
            .filter(self.period.results_filter("indicator__"))
            .only("indicator_id", "period", "value", "status")
            .with_approval()
        )
        if self.approved_only:
            rows = rows.filter(approval_state=ApprovalState.APPROVED)
        for result in rows:
            results.setdefault(result.indicator_id, {})[result.period] = result
        sections: dict[int, ProgramTiles] = {}
        for indicator in indicators:
            objective = indicator.objective
            section = sections.setdefault(
                objective.program_id,
                ProgramTiles(program=objective.program, is_okr=False),
            )
            if objective.kind == ObjectiveKind.OBJECTIVE:
                section.is_okr = True
            if objective.name not in section.objective_names:
                section.objective_names.append(objective.name)
            section.tiles.append(self._tile(indicator, results.get(indicator.pk, {})))
        return list(sections.values())

    def _tile(self, indicator: Indicator, by_period: dict[int, IndicatorResult]) -> IndicatorTile:
        year = self.period.fiscal_year
        reached = self.period.periods_of(indicator.frequency)
        trend = [
            TrendPoint(
                label=period_label(indicator.frequency, number, year),
                value=by_period[number].value if number in by_period else None,
                status=by_period[number].status if number in by_period else IndicatorStatus.NO_DATA,
            )
            for number in range(1, max(reached, 1) + 1)
        ]
        latest = by_period[max(by_period)] if by_period else None
        if latest is None:
            return IndicatorTile(
                indicator, indicator.target, None, IndicatorStatus.NO_DATA, "", trend
            )
        target, _upper = period_target(indicator, latest.period)
        return IndicatorTile(
            indicator=indicator,
            target=target,
            value=latest.value,
            status=latest.status,
            period_label=period_label(indicator.frequency, latest.period, year),
            trend=trend,
            approval_state=latest.approval_state,
            approved_at=latest.approval_at,
        )

    @cached_property
    def indicator_status_counts(self) -> dict[str, int]:
        counts = dict.fromkeys(IndicatorStatus.values, 0)
        for section in self.programs:
            for status, count in section.status_counts.items():
                counts[status] += count
        return counts

    # --- TO BE NUMBER ONE ---------------------------------------------------------------
    @cached_property
    def clubs(self):
        return summary_clubs(
            user=self.user, province=self.province, districts_total=len(self.districts)
        )

    @cached_property
    def membership(self):
        """(province total, per-district lines) of members against the target population."""
        return summary_membership(
            user=self.user, province=self.province, fiscal_year=self.period.fiscal_year
        )

    @cached_property
    def contests(self) -> dict:
        entries = ContestEntry.objects.for_user(self.user, Action.VIEW).filter(
            province=self.province, fiscal_year=self.period.fiscal_year
        )
        counts = {
            (row["stage"], row["result"]): row["count"]
            for row in entries.values("stage", "result").annotate(count=Count("pk")).order_by()
        }
        awards = list(
            entries.filter(result__in=[ContestResult.AWARD, ContestResult.ROYAL_AWARD])
            .select_related("club", "district")
            .order_by("-stage", "category")[:8]
        )
        table = [
            (stage.label, [counts.get((stage.value, result.value), 0) for result in ContestResult])
            for stage in ContestStage
        ]
        return {
            "total": sum(counts.values()),
            "result_labels": [result.label for result in ContestResult],
            "table": table,
            "awards": awards,
        }

    # --- ร้อยใจรักษ์ villages -----------------------------------------------------------
    @cached_property
    def villages(self) -> list[dict]:
        """Per program and district: villages by plan status (13 of 47 done)."""
        district = "village__subdistrict__district"
        rows = (
            ProgramVillage.objects.for_user(self.user, Action.VIEW)
            .filter(province=self.province)
            .values("program_id", "program__name_th", f"{district}_id", f"{district}__name_th")
            .annotate(
                total=Count("pk"),
                done=Count("pk", filter=Q(plan_status=PlanStatus.DONE)),
                drafting=Count("pk", filter=Q(plan_status=PlanStatus.DRAFTING)),
                not_started=Count("pk", filter=Q(plan_status=PlanStatus.NOT_STARTED)),
            )
            .order_by("program_id", f"{district}_id")
        )
        programs: dict[int, dict] = {}
        for row in rows:
            program = programs.setdefault(
                row["program_id"],
                {"name": row["program__name_th"], "districts": [], "total": 0, "done": 0},
            )
            program["districts"].append(
                {
                    "code": row[f"{district}_id"],
                    "name": row[f"{district}__name_th"],
                    "total": row["total"],
                    "done": row["done"],
                    "drafting": row["drafting"],
                    "not_started": row["not_started"],
                }
            )
            program["total"] += row["total"]
            program["done"] += row["done"]
        return list(programs.values())

    # --- meetings ------------------------------------------------------------------------
    @cached_property
    def committees(self) -> list[Committee]:
        """The province's active committees with the meetings each held this FY up to the
        quarter (and not after today)."""
        until = min(self.period.end, self.today)
        held = Q(meetings__date__gte=self.period.start, meetings__date__lte=until)
        return list(
            Committee.objects.for_user(self.user, Action.VIEW)
            .in_province(self.province.pk)
            .filter(is_active=True)
            .annotate(held=Count("meetings", filter=held))
            .order_by("-held", "name")
        )

    @cached_property
    def action_items(self) -> dict:
        """Open action items, overdue first, with the responsible agency."""
        items = (
            ActionItem.objects.for_user(self.user, Action.VIEW)
            .in_province(self.province.pk)
            .still_open()
        )
        figures = items.aggregate(
            open=Count("pk"), overdue=Count("pk", filter=Q(due_date__lt=self.today))
        )
        shown = list(
            items.overdue_first(self.today).select_related("agenda_item__meeting__committee")[:10]
        )
        return {**figures, "items": shown}

    @cached_property
    def next_meeting(self) -> Meeting | None:
        return (
            Meeting.objects.for_user(self.user, Action.VIEW)
            .in_province(self.province.pk)
            .filter(date__gte=self.today)
            .select_related("committee")
            .order_by("date", "start_time", "pk")
            .first()
        )

    # --- the map ------------------------------------------------------------------------
    @cached_property
    def district_rows(self) -> list[DistrictRow]:
        """One row per district with the measures the map colours by."""
        rows = {d.code: DistrictRow(code=d.code, name=d.name_th) for d in self.districts}
        for code, figures in self.clubs.by_district.items():
            if code in rows:
                rows[code].clubs = figures["clubs"]
                rows[code].friend_corners = figures["friend_corners"]
        _total, lines = self.membership
        for line in lines:
            if line.code in rows:
                rows[line.code].members = line.members
                rows[line.code].target_population = line.target
        for program in self.villages:
            for district in program["districts"]:
                if district["code"] in rows:
                    rows[district["code"]].villages += district["total"]
                    rows[district["code"]].villages_done += district["done"]
        return list(rows.values())
