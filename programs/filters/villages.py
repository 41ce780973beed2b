"""Filters of the ร้อยใจรักษ์ village list. Every choice comes from the user's scope;
only users who read every province get the province filter."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.filters import UserFilterSet
from programs.models import District, PlanStatus, Program, Province, VoteResult
from programs.selectors.villages import village_districts, village_programs, village_provinces


class DistrictChoiceFilter(django_filters.ModelChoiceFilter):
    def __init__(self, *args, with_province: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.with_province = with_province

    @property
    def field(self):
        field = super().field
        if self.with_province:
            # Many provinces have a "เมือง…" district: say which province each is in.
            field.label_from_instance = lambda d: f"{d.name_th} ({d.province.name_th})"
        return field


class ProgramVillageFilter(UserFilterSet):
    q = django_filters.CharFilter(label=_("ค้นหาหมู่บ้าน"), method="search")
    program = django_filters.ModelChoiceFilter(
        label=_("โครงการ"), queryset=Program.objects.none(), empty_label=_("ทุกโครงการ")
    )
    province = django_filters.ModelChoiceFilter(
        label=_("จังหวัด"), queryset=Province.objects.none(), empty_label=_("ทุกจังหวัด")
    )
    district = DistrictChoiceFilter(
        label=_("อำเภอ"),
        field_name="village__subdistrict__district",
        queryset=District.objects.none(),
        empty_label=_("ทุกอำเภอ"),
    )
    plan_status = django_filters.ChoiceFilter(
        label=_("สถานะแผนหมู่บ้าน"), choices=PlanStatus.choices, empty_label=_("ทุกสถานะ")
    )
    vote_result = django_filters.ChoiceFilter(
        label=_("ผลประชาคม"), choices=VoteResult.choices, empty_label=_("ทุกผล")
    )

    def scope_choices(self, user) -> None:
        self.filters["program"].queryset = village_programs()
        if "province" in self.filters:
            self.filters["province"].queryset = village_provinces(user=user)
        province = (self.data or {}).get("province") if user.is_national else None
        self.filters["district"].queryset = village_districts(
            user=user, province_codes=[province] if province else None
        )
        self.filters["district"].with_province = user.is_national and not province

    def search(self, queryset, name, value):
        """The words typed, each found in the village, subdistrict or district name."""
        for word in value.split():
            # Names are stored without the "บ้าน" the screens put in front of them.
            if word.startswith("บ้าน") and len(word) > len("บ้าน"):
                word = word[len("บ้าน") :]
            queryset = queryset.filter(
                Q(village__name_th__icontains=word)
                | Q(village__subdistrict__name_th__icontains=word)
                | Q(village__subdistrict__district__name_th__icontains=word)
            )
        return queryset
