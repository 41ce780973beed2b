"""Query filters of the API. They narrow what ``for_user`` already scoped; a filter never
widens it (an officer of 48 asking for ``province=33`` gets an empty list).

Every API filter set, written here or made by DRF from a view's ``filterset_fields``,
derives from ``ApiFilterSet`` (``ApiFilterBackend`` makes the generated ones from it), so
a filter reads exactly what the OpenAPI schema says it takes:

* a boolean is ``true`` or ``false``; anything else (``null``, ``yes``) answers 400, where
  django-filter's widgets silently dropped the filter and answered the whole list;
* an integer is ASCII digits (``0.5`` answers 400, not "0");
* an id is an integer from 1 to 2^63-1, and an id that names no row the user may see
  (deleted, never existed, or in another province) gives an empty list, not 400.
  A 400 there ("not a valid choice") would tell an officer which ids exist in other
  provinces, and would refuse what the schema allows: the schema can say an id is a
  positive integer, not which rows exist.
"""

import django_filters
from django import forms
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from django_filters.rest_framework.filterset import FILTER_FOR_DBFIELD_DEFAULTS
from drf_spectacular.utils import extend_schema_field
from rest_framework.exceptions import ValidationError

from core.query_params import MAX_ID, integer_or_none
from programs.models import (
    Agency,
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
    PlanStatus,
    ProgramVillage,
    Project,
    ProjectStatus,
    SchoolLevel,
    Tier,
    VoteResult,
)
from programs.selectors.clubs import normalise_search, search_clubs


class StrictBooleanField(forms.Field):
    # A select, so that the browsable API's filter form offers the two values.
    widget = forms.Select(choices=[("", "---------"), ("true", "true"), ("false", "false")])
    default_error_messages = {"invalid": _("ต้องเป็น true หรือ false")}

    def to_python(self, value):
        # Empty is "not filtered", as for every other filter (the browsable API's form
        # sends every field, chosen or not).
        if value in (None, ""):
            return None
        if value in ("true", "false"):
            return value == "true"
        raise forms.ValidationError(self.error_messages["invalid"], code="invalid")


class StrictIntegerField(forms.Field):
    default_error_messages = {"invalid": _("ต้องเป็นจำนวนเต็ม")}
    # PostgreSQL's bigint, as the schema says: a longer number is no year or period.
    minimum, maximum = -MAX_ID, MAX_ID

    def to_python(self, value):
        if value in (None, ""):
            return None
        number = integer_or_none(str(value))
        if number is None or not self.minimum <= number <= self.maximum:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return number


class IdField(StrictIntegerField):
    default_error_messages = {"invalid": _("ต้องเป็นรหัส (จำนวนเต็มตั้งแต่ 1)")}
    minimum, maximum = 1, MAX_ID


@extend_schema_field({"type": "boolean"})
class StrictBooleanFilter(django_filters.BooleanFilter):
    field_class = StrictBooleanField


@extend_schema_field({"type": "integer", "minimum": -MAX_ID, "maximum": MAX_ID})
class IntegerFilter(django_filters.Filter):
    field_class = StrictIntegerField


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": MAX_ID})
class IdFilter(django_filters.Filter):
    field_class = IdField


class ApiFilterSet(django_filters.FilterSet):
    """The base of every API filter set (see the module's docstring)."""

    # Every integer column (AutoField, PositiveSmallIntegerField … each have their own
    # entry in django-filter's table) reads a strict integer.
    FILTER_DEFAULTS = {
        **{
            field: {"filter_class": IntegerFilter}
            if issubclass(field, models.IntegerField)
            else spec
            for field, spec in FILTER_FOR_DBFIELD_DEFAULTS.items()
        },
        models.BooleanField: {"filter_class": StrictBooleanFilter},
    }

    @classmethod
    def filter_for_lookup(cls, field, lookup_type):
        if lookup_type == "exact" and isinstance(field, models.ForeignKey):
            # The related row's key, compared as given: no query for the row, no
            # "not a valid choice" for a row outside the scope (an empty list instead).
            if isinstance(field.target_field, models.IntegerField):
                return IdFilter, {}
            return django_filters.CharFilter, {}
        return super().filter_for_lookup(field, lookup_type)


class ApiFilterBackend(DjangoFilterBackend):
    """Builds a view's ``filterset_fields`` on ``ApiFilterSet``; an invalid filter answers
    400 with a Thai message that names it."""

    filterset_base = ApiFilterSet

    def filter_queryset(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        if not filterset.is_valid():
            raise ValidationError(
                {
                    name: [
                        gettext("ตัวกรอง %(name)s: %(error)s") % {"name": name, "error": error}
                        for error in errors
                    ]
                    for name, errors in filterset.errors.items()
                }
            )
        return filterset.qs


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
