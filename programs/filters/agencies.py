"""Filters of the agency and project lists; every choice comes from the user's scope."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.scoping import Action
from programs.filters.clubs import ScopedFilterSet
from programs.models import Agency, Program, ProjectStatus, Province


def _search(placeholder):
    return django_filters.CharFilter(
        label=_("ค้นหา"),
        method="filter_search",
        widget=forms.TextInput(attrs={"placeholder": placeholder, "type": "search"}),
    )


class AgencyFilter(ScopedFilterSet):
    q = _search(_("ชื่อหรือชื่อย่อหน่วยงาน"))
    province = django_filters.ModelChoiceFilter(
        label=_("จังหวัด"), queryset=Province.objects.none(), empty_label=_("ทุกจังหวัด")
    )
    is_active = django_filters.BooleanFilter(
        label=_("ใช้งาน"),
        widget=forms.Select(choices=[("", _("ทั้งหมด")), ("true", _("ใช่")), ("false", _("ไม่ใช่"))]),
    )

    def filter_search(self, queryset, name, value):
        # Thai has no case; icontains matches the text as typed.
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(short_name__icontains=value))


class ProjectFilter(ScopedFilterSet):
    q = _search(_("ชื่อโครงการ/กิจกรรม"))
    province = django_filters.ModelChoiceFilter(
        label=_("จังหวัด"), queryset=Province.objects.none(), empty_label=_("ทุกจังหวัด")
    )
    program = django_filters.ModelChoiceFilter(
        label=_("โครงการหลัก"), queryset=Program.objects.all(), empty_label=_("ทุกโครงการ")
    )
    fiscal_year = django_filters.ChoiceFilter(
        label=_("ปีงบประมาณ"), choices=[], empty_label=_("ทุกปี")
    )
    agency = django_filters.ModelChoiceFilter(
        label=_("หน่วยงาน"), queryset=Agency.objects.none(), empty_label=_("ทุกหน่วยงาน")
    )
    status = django_filters.ChoiceFilter(
        label=_("สถานะ"), choices=ProjectStatus.choices, empty_label=_("ทุกสถานะ")
    )

    def __init__(self, data=None, queryset=None, *, user, fiscal_years=(), **kwargs):
        super().__init__(data, queryset=queryset, user=user, **kwargs)
        agencies = Agency.objects.for_user(user, Action.VIEW).select_related("province")
        self.filters["agency"].queryset = agencies
        self.form.fields["agency"].queryset = agencies
        if user.is_national:
            self.form.fields["agency"].label_from_instance = lambda agency: (
                f"{agency} ({agency.province.name_th})"
            )
        self.form.fields["fiscal_year"].choices = [
            ("", _("ทุกปี")),
            *[(str(year), str(year)) for year in fiscal_years],
        ]

    def filter_search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(name__icontains=value) if value else queryset
