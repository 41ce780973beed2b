"""Form fields for what Thai officers type."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from thai.dates import be_year, parse_thai_date
from thai.numbers import arabic_digits


class ThaiDateInput(forms.TextInput):
    """A text box showing d/m/BE; officers type dates faster than they pick them."""

    def __init__(self, attrs=None):
        defaults = {"placeholder": _("วว/ดด/ปปปป เช่น 8/6/2566"), "inputmode": "text"}
        super().__init__({**defaults, **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, datetime.date):
            return f"{value.day}/{value.month}/{be_year(value.year)}"
        return value  # what the user typed is shown back unchanged on an error


class ThaiDateField(forms.DateField):
    """Accepts Buddhist-era dates as typed (see thai.dates); stores CE dates."""

    widget = ThaiDateInput

    def to_python(self, value):
        if isinstance(value, str):
            # As Django's DateField does: a blank box is empty, not a date to parse.
            value = value.strip()
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        return parse_thai_date(value)

    def has_changed(self, initial, data):
        try:
            return self.to_python(data) != self.to_python(initial)
        except forms.ValidationError:
            return True


class ThaiIntegerField(forms.IntegerField):
    """An integer that may be typed with Thai digits or thousands separators."""

    def to_python(self, value):
        if isinstance(value, str):
            value = arabic_digits(value).replace(",", "").strip()
        return super().to_python(value)
