"""Filters of the club list and the district/province competition page.

Every choice a filter offers comes from the user's scope: an officer's district
filter lists the districts of their own province, and only users who read every
province get a province filter.
"""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.filters import UserFilterSet
from core.scoping import Action
from programs.models import (
    ClubType,
    District,
    EntityLevel,
    Province,
    SchoolLevel,
    Tier,
)
from programs.selectors.clubs import latest_tier_is, search_clubs

YES_NO = [("true", _("ใช่")), ("false", _("ไม่ใช่"))]
NO_TIER = "none"


def _yes_no(label):
    return django_filters.BooleanFilter(
        label=label,
        widget=forms.Select(choices=[("", _("ทั้งหมด")), *YES_NO]),
    )


class ScopedFilterSet(UserFilterSet):
    """Provinces and districts to choose from are the user's; the province filter is for
    national users only."""

    def scope_choices(self, user) -> None:
        if "province" in self.filters:
            self.filters["province"].queryset = Province.objects.for_user(
                user, Action.VIEW
            ).order_by("name_th")
        if "district" in self.filters:
            self.filters["district"].queryset = self._district_choices()
            if user.is_national:
                # Many provinces have a "เมือง…" district; say which province each is in.
                self.form.fields["district"].label_from_instance = _district_label

    def _district_choices(self):
        districts = District.objects.for_user(self.user, Action.VIEW).select_related("province")
        if not self.user.is_national:
            return districts
        # A national user chooses the province first: 928 districts are no list to pick
        # from (and take long to render). A district given alone (a link) still works.
        data = self.data or {}
        if data.get("province"):
            return districts.filter(province_id=data["province"])
        if data.get("district"):
            return districts.filter(pk=data["district"])
        return districts.none()


def _district_label(district):
    return f"{district.name_th} ({district.province.name_th})"


class ClubFilter(ScopedFilterSet):
    q = django_filters.CharFilter(
        label=_("ค้นหา"),
        method="filter_search",
        widget=forms.TextInput(
            attrs={"placeholder": _("ชื่อชมรม หน่วยงาน หรืออำเภอ"), "type": "search"}
        ),
    )
    province = django_filters.ModelChoiceFilter(
        label=_("จังหวัด"), queryset=Province.objects.none(), empty_label=_("ทุกจังหวัด")
    )
    district = django_filters.ModelChoiceFilter(
        label=_("อำเภอ"), queryset=District.objects.none(), empty_label=_("ทุกอำเภอ")
    )
    club_type = django_filters.ChoiceFilter(
        label=_("ประเภทชมรม"), choices=ClubType.choices, empty_label=_("ทุกประเภท")
    )
    school_level = django_filters.ChoiceFilter(
        label=_("ระดับสถานศึกษา"), choices=SchoolLevel.choices, empty_label=_("ทุกระดับ")
    )
    tier = django_filters.ChoiceFilter(
        label=_("ระดับมาตรฐานล่าสุด"),
        choices=[
            *((str(value), label) for value, label in Tier.choices),
            (NO_TIER, _("ยังไม่มีระดับ")),
        ],
        empty_label=_("ทุกระดับ"),
        method="filter_tier",
    )
    has_friend_corner = _yes_no(_("มีศูนย์เพื่อนใจ"))
    three_k = django_filters.BooleanFilter(
        label=_("3 ก. ครบ"),
        method="filter_three_k",
        widget=forms.Select(choices=[("", _("ทั้งหมด")), ("true", _("ครบ")), ("false", _("ไม่ครบ"))]),
    )
    is_active = _yes_no(_("ดำเนินการอยู่"))

    def filter_search(self, queryset, name, value):
        return search_clubs(queryset, value)

    def filter_tier(self, queryset, name, value):
        return latest_tier_is(queryset, None if value == NO_TIER else int(value))

    def filter_three_k(self, queryset, name, value):
        complete = Q(has_committee=True, has_fund=True, has_activities=True)
        return queryset.filter(complete if value else ~complete)


class CompetitionFilter(ScopedFilterSet):
    province = django_filters.ModelChoiceFilter(
        label=_("จังหวัด"), queryset=Province.objects.none(), empty_label=_("ทุกจังหวัด")
    )
    fiscal_year = django_filters.NumberFilter(
        label=_("ปีงบประมาณ (พ.ศ.)"), widget=forms.NumberInput(attrs={"placeholder": "2568"})
    )
    level = django_filters.ChoiceFilter(
        label=_("ระดับผู้เข้าประกวด"),
        choices=[(EntityLevel.DISTRICT, EntityLevel.DISTRICT.label),
                 (EntityLevel.PROVINCE, EntityLevel.PROVINCE.label)],
        empty_label=_("อำเภอและจังหวัด"),
    )  # fmt: skip
