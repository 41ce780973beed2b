"""Filters of the meeting list; every choice comes from the user's scope."""

import django_filters
from django.utils.translation import gettext_lazy as _

from core.filters import UserFilterSet
from core.scoping import Action
from meetings.models import Committee, Meeting, MinutesStatus
from meetings.selectors import provinces_with_committees
from programs.models import Province


class MeetingFilter(UserFilterSet):
    province = django_filters.ModelChoiceFilter(
        label=_("จังหวัด"),
        queryset=Province.objects.none(),
        empty_label=_("ทุกจังหวัด"),
        method="in_province",
    )
    committee = django_filters.ModelChoiceFilter(
        label=_("คณะกรรมการ"), queryset=Committee.objects.none(), empty_label=_("ทุกคณะ")
    )
    year = django_filters.NumberFilter(label=_("ปี (พ.ศ.)"))
    minutes_status = django_filters.ChoiceFilter(
        label=_("สถานะรายงาน"), choices=MinutesStatus.choices, empty_label=_("ทุกสถานะ")
    )

    class Meta:
        model = Meeting
        fields = ["province", "committee", "year", "minutes_status"]

    def scope_choices(self, user) -> None:
        self.filters["committee"].queryset = Committee.objects.for_user(user, Action.VIEW)
        if "province" in self.filters:
            self.filters["province"].queryset = provinces_with_committees(user=user)

    def in_province(self, queryset, name, value):
        return queryset.in_province(value.pk) if value else queryset
