"""Reads for reports: the jobs a user may see, and the data each report kind prints.

Data reads take ``user`` (the requester, or ``SystemReader`` for scheduled jobs) and
always narrow to the report's province as well.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.shortcuts import get_object_or_404

from core.scoping import Action
from programs.indicator_status import period_target
from programs.models import (
    Club,
    ClubMembership,
    ClubType,
    IndicatorStatus,
    Program,
    Project,
    Province,
    Tier,
)
from programs.selectors.clubs import with_latest_figures
from programs.selectors.indicators import framework_indicators, latest_results
from reports.models import ReportJob

# --- jobs ---------------------------------------------------------------------------------


def report_job_list(*, user) -> QuerySet[ReportJob]:
    return ReportJob.objects.for_user(user, Action.VIEW).select_related("province", "requested_by")


def report_job_detail(*, user, pk: int) -> ReportJob:
    """The job, or 404 when it is not the user's to see."""
    return get_object_or_404(report_job_list(user=user), pk=pk)


# --- provincial summary -------------------------------------------------------------------


@dataclass
class IndicatorLine:
    indicator: object
    result: object | None
    target: Decimal
    status: str
    status_label: str
    percent_of_target: Decimal | None


@dataclass
class ProgramSection:
    program: Program
    lines: list[IndicatorLine] = field(default_factory=list)

    @property
    def has_results(self) -> bool:
        """Whether any indicator has a result: a chart of nothing but "no data" says nothing."""
        return any(line.result is not None for line in self.lines)

    @property
    def status_counts(self) -> Counter:
        return Counter(line.status for line in self.lines)

    @property
    def reported(self) -> list:
        return [line.result for line in self.lines if line.result is not None]

    @property
    def approved_count(self) -> int:
        return sum(1 for result in self.reported if result.approval_state == "approved")

    @property
    def is_approved(self) -> bool:
        """Every figure printed is approved (nothing reported is not approved)."""
        return bool(self.reported) and self.approved_count == len(self.reported)

    @property
    def approved_at(self):
        """When the latest of its printed figures was approved."""
        dates = [result.approval_at for result in self.reported if result.approval_at]
        return max(dates) if dates else None


def summary_programs(*, user, province: Province, fiscal_year: int) -> list[ProgramSection]:
    """Every program run in the province with its indicators of the fiscal year and the
    latest result of each."""
    sections = []
    programs = Program.objects.filter(
        Q(provinces=province) | Q(provinces=None) | Q(objectives__indicators__province=province)
    ).distinct()
    for program in programs.order_by("pk"):
        indicators = list(
            framework_indicators(
                user=user, program=program, fiscal_year=fiscal_year, province=province
            )
        )
        if not indicators:
            continue
        results = latest_results(user=user, indicators=indicators, province=province)
        section = ProgramSection(program=program)
        for indicator in indicators:
            result = results.get(indicator.pk)
            status = result.status if result else IndicatorStatus.NO_DATA
            target = indicator.target
            percent = None
            if result is not None:
                target, _upper = period_target(indicator, result.period)
                if target:
                    percent = (result.value / target * 100).quantize(Decimal("0.01"))
            section.lines.append(
                IndicatorLine(
                    indicator=indicator,
                    result=result,
                    target=target,
                    status=status,
                    status_label=IndicatorStatus(status).label,
                    percent_of_target=percent,
                )
            )
        sections.append(section)
    return sections


@dataclass
class ClubFigures:
    total: int
    by_type: list[tuple[str, int]]
    # rows: (type label, [count per tier..., no tier], total)
    tier_table: list[tuple[str, list[int], int]]
    tier_labels: list[str]
    tier_totals: list[int]
    friend_corners: int
    three_k_complete: int
    districts_with_clubs: int
    districts_total: int
    # district code → {"clubs": n, "friend_corners": n}, for maps and district tables
    by_district: dict[str, dict[str, int]] = field(default_factory=dict)


def summary_clubs(*, user, province: Province, districts_total: int | None = None) -> ClubFigures:
    """Active clubs of a province by type and latest tier, Friend Corners, 3 ก. and the
    districts they cover: counted in the database, in two queries (three when
    ``districts_total`` is not given)."""
    clubs = Club.objects.for_user(user, Action.VIEW).filter(province=province, is_active=True)
    by_type_and_tier = (
        with_latest_figures(clubs)
        .values("club_type", "latest_tier")
        .annotate(count=Count("pk"))
        .order_by()
    )
    per_district = list(
        clubs.values("district_id")
        .annotate(
            clubs=Count("pk"),
            friend_corners=Count("pk", filter=Q(has_friend_corner=True)),
            three_k=Count("pk", filter=Q(has_committee=True, has_fund=True, has_activities=True)),
        )
        .order_by()
    )
    tiers = list(Tier)
    counts: dict[str, list[int]] = defaultdict(lambda: [0] * (len(tiers) + 1))
    for row in by_type_and_tier:
        index = row["latest_tier"] - 1 if row["latest_tier"] else len(tiers)
        counts[row["club_type"]][index] += row["count"]
    tier_table = []
    for club_type in ClubType:
        row = counts.get(club_type.value)
        if row:
            tier_table.append((club_type.label, row, sum(row)))
    tier_totals = [sum(row[i] for _label, row, _total in tier_table) for i in range(len(tiers) + 1)]
    by_district = {
        row["district_id"]: {"clubs": row["clubs"], "friend_corners": row["friend_corners"]}
        for row in per_district
    }
    if districts_total is None:
        districts_total = province.districts.count()
    return ClubFigures(
        total=sum(tier_totals),
        by_type=[(label, total) for label, _row, total in tier_table],
        tier_table=tier_table,
        tier_labels=[tier.label for tier in tiers],
        tier_totals=tier_totals,
        friend_corners=sum(row["friend_corners"] for row in by_district.values()),
        three_k_complete=sum(row["three_k"] for row in per_district),
        districts_with_clubs=len(by_district),
        districts_total=districts_total,
        by_district=by_district,
    )


@dataclass
class CoverageLine:
    name: str
    members: int
    target: int
    code: str = ""  # the district's, for maps

    @property
    def percent(self) -> Decimal | None:
        if not self.target:
            return None
        return (Decimal(self.members) * 100 / Decimal(self.target)).quantize(Decimal("0.01"))


def summary_membership(*, user, province: Province, fiscal_year: int) -> tuple[CoverageLine, list]:
    """Members against the 6–24 target population, for the province and per district."""
    rows = (
        ClubMembership.objects.for_user(user, Action.VIEW)
        .filter(club__province=province, fiscal_year=fiscal_year)
        .values("club__district__name_th", "club__district_id")
        .annotate(members=Sum("members"), target=Sum("target_population"))
        .order_by("club__district_id")
    )
    lines = [
        CoverageLine(
            row["club__district__name_th"],
            row["members"] or 0,
            row["target"] or 0,
            code=row["club__district_id"],
        )
        for row in rows
    ]
    total = CoverageLine(
        province.name_th, sum(line.members for line in lines), sum(line.target for line in lines)
    )
    return total, lines


def summary_projects(*, user, province: Province, fiscal_year: int) -> list[dict]:
    """Projects of the fiscal year per program: how many and their budget."""
    return list(
        Project.objects.for_user(user, Action.VIEW)
        .filter(province=province, fiscal_year=fiscal_year)
        .values("program__name_th")
        .annotate(budget=Sum("budget"), count=Count("pk"))
        .order_by("program__name_th")
    )


# --- club directory -------------------------------------------------------------------


def directory_clubs(
    *,
    user,
    province: Province,
    district: str | None = None,
    club_type: str | None = None,
    tier: int | None = None,
    fiscal_year: int,
) -> QuerySet[Club]:
    clubs = Club.objects.for_user(user, Action.VIEW).filter(province=province, is_active=True)
    if district:
        clubs = clubs.filter(district_id=district)
    if club_type:
        clubs = clubs.filter(club_type=club_type)
    clubs = with_latest_figures(clubs)
    if tier:
        clubs = clubs.filter(latest_tier=tier)
    members = ClubMembership.objects.filter(fiscal_year=fiscal_year)
    return (
        clubs.select_related("district", "subdistrict")
        .prefetch_related(Prefetch("memberships", queryset=members, to_attr="year_memberships"))
        .order_by("district_id", "name")
    )
