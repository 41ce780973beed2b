"""Filters shared by every app: the API's strict filter base, and the pages' filter
base that knows its user.

Query filters of the API. They narrow what ``for_user`` already scoped; a filter never
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
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from django_filters.rest_framework.filterset import FILTER_FOR_DBFIELD_DEFAULTS
from drf_spectacular.utils import extend_schema_field
from rest_framework.exceptions import ValidationError

from core.forms import plain_select
from core.query_params import MAX_ID, integer_or_none

# --- The API ---------------------------------------------------------------------------


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


# --- The pages ---------------------------------------------------------------------------


class UserFilterSet(django_filters.FilterSet):
    """A page's filter set that knows its user.

    The filters named in ``national_only`` (the province, usually) are shown only to
    users who read every province; every choice list comes from the user's scope
    through ``scope_choices``; each box gets Bootstrap's class.
    """

    national_only: tuple[str, ...] = ("province",)

    def __init__(self, data=None, queryset=None, *, user, **kwargs):
        self.user = user
        super().__init__(data, queryset=queryset, **kwargs)
        for name in self.national_only:
            if name in self.filters and not user.is_national:
                del self.filters[name]
        self.scope_choices(user)
        for form_field in self.form.fields.values():
            css = "form-select" if isinstance(form_field.widget, forms.Select) else "form-control"
            form_field.widget.attrs.setdefault("class", css)
            if type(form_field.widget) is forms.Select:
                form_field.widget = plain_select(form_field.widget)

    def scope_choices(self, user) -> None:
        """Set the querysets of choice filters to what ``user`` may see."""
