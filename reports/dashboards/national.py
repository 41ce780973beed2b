"""The 77 provinces side by side: one grouped query per measure, whatever the data."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from django.db.models import Count, Exists, F, OuterRef, Q, Sum
from django.utils import timezone

from core.scoping import Action
from meetings.models import ActionItem, Meeting
from programs.models import (
    ApprovalState,
    Club,
    ClubMembership,
    District,
    IndicatorResult,
    IndicatorStatus,
    PlanStatus,
    ProgramVillage,
    Province,
    Region,
)
from reports.dashboards.periods import DashboardPeriod
from reports.dashboards.province import MembershipCoverage

HUNDRED = Decimal(100)


@dataclass
class ProvinceRow(MembershipCoverage):
    code: str
    name: str
    region: str
    region_label: str
    districts: int = 0
    districts_covered: int = 0
    clubs: int = 0
    friend_corners: int = 0
    members: int = 0
    target_population: int = 0
    on_track: int = 0
    at_risk: int = 0
    off_track: int = 0
    approved: int = 0  # of the counted results, those of approved periods
    villages: int = 0
    villages_done: int = 0
    meetings_held: int = 0
    open_actions: int = 0
    overdue_actions: int = 0

    @property
    def on_track_share(self) -> Decimal | None:
        reported = self.on_track + self.at_risk + self.off_track
        if not reported:
            return None
        return (Decimal(self.on_track) * HUNDRED / reported).quantize(Decimal("0.1"))

    @property
    def reported(self) -> int:
        return self.on_track + self.at_risk + self.off_track

    @property
    def is_approved(self) -> bool:
        """Every counted figure is approved; anything less reads as provisional."""
        return bool(self.reported) and self.approved == self.reported


class NationalDashboard:
    """Per-province measures for administrators and national executives."""

    def __init__(
        self, *, user, period: DashboardPeriod, region: str = "", today=None,
        approved_only: bool = False,
    ):  # fmt: skip
        # approved_only: count the figures of approved periods only (the latest approved
        # one of each indicator); otherwise provisional ones count too, and are told apart.
        self.approved_only = approved_only
        self.user = user
        self.period = period
        self.region = region if region in Region.values else ""
        self.today = today or timezone.localdate()

    def _in_region(self, path: str) -> Q:
        return Q(**{f"{path}__region": self.region}) if self.region else Q()

    @cached_property
    def rows(self) -> list[ProvinceRow]:
        provinces = Province.objects.for_user(self.user, Action.VIEW)
        if self.region:
            provinces = provinces.filter(region=self.region)
        rows = {
            code: ProvinceRow(code, name, region, Region(region).label)
            for code, name, region in provinces.values_list("code", "name_th", "region")
        }
        self._add(rows, self._districts())
        self._add(rows, self._clubs())
        self._add(rows, self._membership())
        self._add(rows, self._indicators())
        self._add(rows, self._villages())
        self._add(rows, self._meetings())
        self._add(rows, self._actions())
        return sorted(rows.values(), key=lambda row: row.name)

    @staticmethod
    def _add(rows: dict[str, ProvinceRow], figures) -> None:
        for row in figures:
            target = rows.get(row.pop("area"))
            if target is not None:
                for name, value in row.items():
                    setattr(target, name, value or 0)

    def _districts(self):
        return (
            District.objects.filter(self._in_region("province"))
            .values(area=F("province_id"))
            .annotate(districts=Count("pk"))
            .order_by()
        )

    def _clubs(self):
        """Grouped by province and district (about 900 rows), then summed per province:
        cheaper than COUNT(DISTINCT district) over 50,000 clubs."""
        per_district = (
            Club.objects.for_user(self.user, Action.VIEW)
            .filter(is_active=True)
            .filter(self._in_region("province"))
            .values("province_id", "district_id")
            .annotate(
                clubs=Count("pk"), friend_corners=Count("pk", filter=Q(has_friend_corner=True))
            )
            .order_by()
        )
        totals: dict[str, dict] = {}
        for row in per_district:
            total = totals.setdefault(
                row["province_id"],
                {"area": row["province_id"], "clubs": 0, "friend_corners": 0,
                 "districts_covered": 0},
            )  # fmt: skip
            total["clubs"] += row["clubs"]
            total["friend_corners"] += row["friend_corners"]
            total["districts_covered"] += 1
        return list(totals.values())

    def _membership(self):
        return (
            ClubMembership.objects.for_user(self.user, Action.VIEW)
            .filter(fiscal_year=self.period.fiscal_year)
            .filter(self._in_region("club__province"))
            .values(area=F("club__province_id"))
            .annotate(members=Sum("members"), target_population=Sum("target_population"))
            .order_by()
        )

    def _indicators(self):
        """The status of each indicator's latest result up to the quarter, counted, and how
        many of those are approved."""
        approved = Q(approval_state=ApprovalState.APPROVED)
        reported = IndicatorResult.objects.filter(self.period.results_filter("indicator__"))
        if self.approved_only:
            reported = reported.with_approval().filter(approved)
        later = reported.filter(
            indicator_id=OuterRef("indicator_id"),
            province_id=OuterRef("province_id"),
            period__gt=OuterRef("period"),
        )
        results = (
            IndicatorResult.objects.for_user(self.user, Action.VIEW)
            .filter(indicator__objective__fiscal_year=self.period.fiscal_year)
            .filter(self.period.results_filter("indicator__"))
            .filter(self._in_region("province"))
            .with_approval()
        )
        if self.approved_only:
            results = results.filter(approved)
        return (
            results.filter(~Exists(later))
            .values(area=F("province_id"))
            .annotate(
                on_track=Count("pk", filter=Q(status=IndicatorStatus.ON_TRACK)),
                at_risk=Count("pk", filter=Q(status=IndicatorStatus.AT_RISK)),
                off_track=Count("pk", filter=Q(status=IndicatorStatus.OFF_TRACK)),
                approved=Count("pk", filter=approved & ~Q(status=IndicatorStatus.NO_DATA)),
            )
            .order_by()
        )

    def _villages(self):
        return (
            ProgramVillage.objects.for_user(self.user, Action.VIEW)
            .filter(self._in_region("province"))
            .values(area=F("province_id"))
            .annotate(
                villages=Count("pk"),
                villages_done=Count("pk", filter=Q(plan_status=PlanStatus.DONE)),
            )
            .order_by()
        )

    def _meetings(self):
        until = min(self.period.end, self.today)
        return (
            Meeting.objects.for_user(self.user, Action.VIEW)
            .filter(date__gte=self.period.start, date__lte=until)
            .filter(self._in_region("committee__provinces"))
            .values(area=F("committee__provinces"))
            .annotate(meetings_held=Count("pk"))
            .order_by()
        )

    def _actions(self):
        return (
            ActionItem.objects.for_user(self.user, Action.VIEW)
            .still_open()
            .filter(self._in_region("agenda_item__meeting__committee__provinces"))
            .values(area=F("agenda_item__meeting__committee__provinces"))
            .annotate(
                open_actions=Count("pk"),
                overdue_actions=Count("pk", filter=Q(due_date__lt=self.today)),
            )
            .order_by()
        )

    @cached_property
    def totals(self) -> ProvinceRow:
        total = ProvinceRow("", "", "", "")
        for row in self.rows:
            for name in (
                "districts", "districts_covered", "clubs", "friend_corners", "members",
                "target_population", "on_track", "at_risk", "off_track", "approved", "villages",
                "villages_done", "meetings_held", "open_actions", "overdue_actions",
            ):  # fmt: skip
                setattr(total, name, getattr(total, name) + getattr(row, name))
        return total
