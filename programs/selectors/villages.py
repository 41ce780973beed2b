"""Reads of ร้อยใจรักษ์ villages: scoped lists, the plan summary, a plan by measure.

"แผนหมู่บ้านเสร็จแล้ว 13 จาก 47 หมู่บ้าน" is counted here from ``plan_status``; no
screen or report types it.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum

from core.scoping import Action
from programs.models import (
    District,
    Measure,
    PlanStatus,
    Program,
    ProgramVillage,
    Province,
    Subdistrict,
    Village,
    VillagePlanItem,
)


def program_village_list(*, user, action: Action = Action.VIEW) -> QuerySet[ProgramVillage]:
    """Villages in programs that ``user`` may see, with what a list row shows."""
    return (
        ProgramVillage.objects.for_user(user, action)
        .select_related(
            "program",
            "province",
            "village__subdistrict__district",
        )
        .order_by("province_id", "village__subdistrict_id", "village__number", "program_id")
    )


@dataclass(frozen=True)
class PlanCount:
    """Done plans out of the villages of one area (or of the whole list)."""

    code: str
    name: str
    done: int
    total: int

    @property
    def remaining(self) -> int:
        return self.total - self.done

    @property
    def percent(self) -> float:
        return round(100 * self.done / self.total, 1) if self.total else 0.0


@dataclass(frozen=True)
class PlanSummary:
    overall: PlanCount
    by_province: list[PlanCount] = field(default_factory=list)
    by_district: list[PlanCount] = field(default_factory=list)


DONE = Count("pk", filter=Q(plan_status=PlanStatus.DONE))


def village_plan_summary(*, program_villages: QuerySet[ProgramVillage]) -> PlanSummary:
    """How many village plans are done, overall, per province and per district.

    ``program_villages`` is an already scoped (and possibly filtered) queryset.
    One grouped query per district (a district lies in one province: ``province`` is
    copied from the village's subdistrict), the provinces and the whole added up from it:
    three grouped queries were most of the village list's own time.
    """
    districts = (
        program_villages.order_by()
        .values(
            "village__subdistrict__district_id",
            "village__subdistrict__district__name_th",
            "province_id",
            "province__name_th",
        )
        .annotate(done=DONE, total=Count("pk"))
        .order_by("village__subdistrict__district_id")
    )
    by_district, provinces = [], {}
    for row in districts:
        by_district.append(
            PlanCount(
                row["village__subdistrict__district_id"],
                f"{row['village__subdistrict__district__name_th']} ({row['province__name_th']})",
                row["done"],
                row["total"],
            )
        )
        province = provinces.setdefault(row["province_id"], [row["province__name_th"], 0, 0])
        province[1] += row["done"]
        province[2] += row["total"]
    by_province = [
        PlanCount(code, name, done, total)
        for code, (name, done, total) in sorted(provinces.items())
    ]
    return PlanSummary(
        overall=PlanCount(
            "", "", sum(p.done for p in by_province), sum(p.total for p in by_province)
        ),
        by_province=by_province,
        by_district=by_district,
    )


@dataclass
class MeasureGroup:
    measure: str
    label: str
    items: list[VillagePlanItem]

    @property
    def budget(self) -> Decimal:
        return sum((item.budget for item in self.items), Decimal(0))


def plan_items_by_measure(*, program_village: ProgramVillage) -> list[MeasureGroup]:
    """The plan's items grouped by measure, in the order of ``Measure``; empty measures left out."""
    items = list(program_village.plan_items.order_by("measure", "pk"))
    groups = []
    for measure in Measure:
        in_measure = [item for item in items if item.measure == measure]
        if in_measure:
            groups.append(MeasureGroup(measure.value, str(measure.label), in_measure))
    return groups


def plan_budget_total(*, program_village: ProgramVillage) -> Decimal:
    total = program_village.plan_items.exclude(status="cancelled").aggregate(total=Sum("budget"))
    return total["total"] or Decimal(0)


# --- Choices for filters and forms ----------------------------------------------------


def village_programs() -> QuerySet[Program]:
    """Programs that have villages; programs are reference data every user reads."""
    return Program.objects.filter(villages__isnull=False).distinct().order_by("pk")


def village_provinces(*, user) -> QuerySet[Province]:
    """Provinces with program villages that ``user`` may see."""
    return (
        Province.objects.for_user(user)
        .filter(code__in=ProgramVillage.objects.for_user(user).values("province_id"))
        .order_by("code")
    )


def village_districts(*, user, province_codes: Iterable[str] | None = None) -> QuerySet[District]:
    """Districts with program villages that ``user`` may see (the district filter's choices)."""
    in_program = ProgramVillage.objects.for_user(user).values("village__subdistrict__district_id")
    districts = District.objects.for_user(user).filter(code__in=in_program)
    if province_codes:
        districts = districts.filter(province_id__in=list(province_codes))
    return districts.select_related("province").order_by("code")


def villages_to_add(*, user, province_code: str | None) -> QuerySet[Village]:
    """Villages an officer (or an administrator, for the chosen province) may add to a program."""
    villages = (
        Village.objects.for_user(user, Action.CHANGE)
        .select_related("subdistrict__district")
        .prefetch_related("program_entries__program")
    )
    if province_code:
        villages = villages.filter(subdistrict__district__province_id=province_code)
    elif user.is_administrator:
        return villages.none()  # an administrator chooses the province first
    return villages.order_by("subdistrict_id", "number")


def subdistricts_for_new_village(*, user, province_code: str | None) -> QuerySet[Subdistrict]:
    subdistricts = Subdistrict.objects.for_user(user, Action.CHANGE).select_related("district")
    if province_code:
        subdistricts = subdistricts.filter(district__province_id=province_code)
    elif user.is_administrator:
        return subdistricts.none()
    return subdistricts.order_by("code")
