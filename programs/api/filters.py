"""Query filters of programs' API, on ``core.filters.ApiFilterSet``."""

import django_filters
from django.db.models import Q

from core.filters import ApiFilterSet, IdFilter, IntegerFilter, StrictBooleanFilter
from programs.models import (
    Agency,
    ApprovalState,
    Club,
    ClubType,
    Direction,
    Frequency,
    Indicator,
    IndicatorKind,
    IndicatorResult,
    IndicatorStatus,
    Objective,
    ObjectiveKind,
    PeriodApproval,
    PlanStatus,
    ProgramVillage,
    Project,
    ProjectStatus,
    SchoolLevel,
    Tier,
    VoteResult,
)
from programs.selectors.clubs import search_clubs
from programs.selectors.indicators import ReportingPeriod, periods_of
from thai.words import normalise_search


def _words(queryset, value: str, fields: list[str]):
    """Every word typed found in one of ``fields`` (Thai compounds match inside)."""
    for word in normalise_search(value).split():
        condition = Q()
        for name in fields:
            condition |= Q(**{f"{name}__icontains": word})
        queryset = queryset.filter(condition)
    return queryset


class ObjectiveFilter(ApiFilterSet):
    program = django_filters.CharFilter(field_name="program__slug", help_text="รหัสโครงการ (slug)")
    fiscal_year = IntegerFilter(help_text="ปีงบประมาณ พ.ศ.")
    kind = django_filters.ChoiceFilter(choices=ObjectiveKind.choices)

    class Meta:
        model = Objective
        fields = ["program", "fiscal_year", "kind"]


class IndicatorFilter(ApiFilterSet):
    program = django_filters.CharFilter(
        field_name="objective__program__slug", help_text="รหัสโครงการ (slug)"
    )
    fiscal_year = IntegerFilter(field_name="objective__fiscal_year", help_text="ปีงบประมาณ พ.ศ.")
    objective = IdFilter(field_name="objective_id")
    province = django_filters.CharFilter(
        method="filter_province",
        help_text="ตัวชี้วัดของจังหวัดนี้ รวมตัวชี้วัดที่ใช้ร่วมกันทุกจังหวัด",
    )
    kind = django_filters.ChoiceFilter(choices=IndicatorKind.choices)
    direction = django_filters.ChoiceFilter(choices=Direction.choices)
    frequency = django_filters.ChoiceFilter(choices=Frequency.choices)
    search = django_filters.CharFilter(method="filter_search", help_text="ค้นหารหัสหรือชื่อ")

    class Meta:
        model = Indicator
        fields = ["program", "fiscal_year", "objective", "province", "kind", "frequency"]

    def filter_province(self, queryset, name, value):
        return queryset.filter(Q(province_id=value) | Q(province__isnull=True))

    def filter_search(self, queryset, name, value):
        return _words(queryset, value, ["code", "name"])


class IndicatorResultFilter(ApiFilterSet):
    program = django_filters.CharFilter(
        field_name="indicator__objective__program__slug", help_text="รหัสโครงการ (slug)"
    )
    fiscal_year = IntegerFilter(
        field_name="indicator__objective__fiscal_year", help_text="ปีงบประมาณ พ.ศ."
    )
    indicator = IdFilter(field_name="indicator_id")
    province = django_filters.CharFilter(field_name="province_id", help_text="รหัสจังหวัด")
    period = IntegerFilter()
    status = django_filters.ChoiceFilter(choices=IndicatorStatus.choices)

    class Meta:
        model = IndicatorResult
        fields = ["program", "fiscal_year", "indicator", "province", "period", "status"]


# The periods as the submit body and ``period_token`` name them.
PERIOD_TOKENS = [
    (period.token, period.label)
    for frequency in (Frequency.QUARTERLY, Frequency.MONTHLY, Frequency.YEARLY)
    for period in periods_of(frequency)
]


class PeriodApprovalFilter(ApiFilterSet):
    """The periods an approver looks for: ``?state=submitted``, of one program
    (``?program=to-be-number-one``), one year and one period (``?period_token=q2``, as
    the submit body names it; ``period`` with ``frequency`` is the same by number)."""

    program = django_filters.CharFilter(field_name="program__slug", help_text="รหัสโครงการ (slug)")
    province = django_filters.CharFilter(field_name="province_id", help_text="รหัสจังหวัด")
    fiscal_year = IntegerFilter(help_text="ปีงบประมาณ พ.ศ.")
    frequency = django_filters.ChoiceFilter(choices=Frequency.choices)
    period = IntegerFilter(help_text="ลำดับงวด (ใช้คู่กับ frequency)")
    period_token = django_filters.ChoiceFilter(
        choices=PERIOD_TOKENS, method="filter_period_token",
        help_text="งวด: q1–q4 ไตรมาส, m1–m12 เดือน, y ทั้งปี",
    )  # fmt: skip
    state = django_filters.ChoiceFilter(
        choices=ApprovalState.choices,
        help_text="สถานะการรับรอง เช่น submitted คืองวดที่รอผู้รับรอง",
    )

    class Meta:
        model = PeriodApproval
        fields = [
            "program", "province", "fiscal_year", "frequency", "period", "period_token", "state",
        ]  # fmt: skip

    def filter_period_token(self, queryset, name, value):
        period = ReportingPeriod.parse(value)
        return queryset.filter(frequency=period.frequency, period=period.number)


class AgencyFilter(ApiFilterSet):
    province = django_filters.CharFilter(field_name="province_id", help_text="รหัสจังหวัด")
    search = django_filters.CharFilter(method="filter_search", help_text="ค้นหาชื่อหน่วยงาน")

    class Meta:
        model = Agency
        fields = ["province", "is_active"]

    def filter_search(self, queryset, name, value):
        return _words(queryset, value, ["name", "short_name"])


class ProjectFilter(ApiFilterSet):
    program = django_filters.CharFilter(field_name="program__slug", help_text="รหัสโครงการ (slug)")
    province = django_filters.CharFilter(field_name="province_id", help_text="รหัสจังหวัด")
    agency = IdFilter(field_name="agency_id")
    fiscal_year = IntegerFilter(help_text="ปีงบประมาณ พ.ศ.")
    status = django_filters.ChoiceFilter(choices=ProjectStatus.choices)
    search = django_filters.CharFilter(method="filter_search", help_text="ค้นหาชื่อโครงการ")

    class Meta:
        model = Project
        fields = ["program", "province", "agency", "fiscal_year", "status"]

    def filter_search(self, queryset, name, value):
        return _words(queryset, value, ["name", "agency__name"])


class ClubFilter(ApiFilterSet):
    province = django_filters.CharFilter(field_name="province_id", help_text="รหัสจังหวัด")
    district = django_filters.CharFilter(field_name="district_id", help_text="รหัสอำเภอ")
    club_type = django_filters.ChoiceFilter(choices=ClubType.choices)
    school_level = django_filters.ChoiceFilter(choices=SchoolLevel.choices)
    tier = django_filters.TypedChoiceFilter(
        field_name="latest_tier",
        choices=Tier.choices,
        coerce=int,
        help_text="ระดับมาตรฐานล่าสุดของชมรม (1 ดีเด่น … 6 ยอดเพชร)",
    )
    has_friend_corner = StrictBooleanFilter()
    search = django_filters.CharFilter(
        method="filter_search", help_text="ค้นหาชื่อชมรม หน่วยงานที่ตั้ง หรืออำเภอ"
    )

    class Meta:
        model = Club
        fields = ["province", "district", "club_type", "school_level", "tier", "is_active"]

    def filter_search(self, queryset, name, value):
        return search_clubs(queryset, value)


class ProgramVillageFilter(ApiFilterSet):
    program = django_filters.CharFilter(field_name="program__slug", help_text="รหัสโครงการ (slug)")
    province = django_filters.CharFilter(field_name="province_id", help_text="รหัสจังหวัด")
    district = django_filters.CharFilter(
        field_name="village__subdistrict__district_id", help_text="รหัสอำเภอ"
    )
    plan_status = django_filters.ChoiceFilter(choices=PlanStatus.choices)
    vote_result = django_filters.ChoiceFilter(choices=VoteResult.choices)

    class Meta:
        model = ProgramVillage
        fields = ["program", "province", "district", "plan_status", "vote_result"]
