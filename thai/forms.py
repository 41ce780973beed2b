"""Form fields for what Thai officers type."""

import datetime
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from thai.dates import be_year, parse_thai_date
from thai.fiscal_year import current_fiscal_year, parse_fiscal_year
from thai.numbers import arabic_digits, parse_decimal


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


class FiscalYearField(forms.IntegerField):
    """A Buddhist-era year (fiscal or calendar), read by ``parse_fiscal_year``: Thai or
    Arabic digits, a Christian-era year refused with the BE year to type."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("ปีงบประมาณ (พ.ศ.)"))
        kwargs.setdefault("initial", current_fiscal_year)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric", "size": 6}))
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values or (isinstance(value, str) and not value.strip()):
            return None
        return parse_fiscal_year(value)


class ThaiDecimalInput(forms.TextInput):
    """A text box (not type=number, which refuses Thai digits and thousands separators)."""

    input_type = "text"

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, Decimal):
            # 13.0000 as stored is shown as 13; 98.0300 as 98.03.
            text = f"{value:f}"
            return text.rstrip("0").rstrip(".") if "." in text else text
        return value


class ThaiDecimalField(forms.DecimalField):
    """A decimal typed with Thai digits, separators or spaces ("๑,๒๓๔.๕")."""

    widget = ThaiDecimalInput
    default_error_messages = {
        "max_digits": _("ตัวเลขยาวเกินไป (ไม่เกิน %(max)s หลัก)"),
        "max_decimal_places": _("กรอกทศนิยมได้ไม่เกิน %(max)s ตำแหน่ง"),
        "max_whole_digits": _("ตัวเลขมากเกินไป (ไม่เกิน %(max)s หลักก่อนจุดทศนิยม)"),
        "min_value": _("ต้องไม่น้อยกว่า %(limit_value)s"),
        "max_value": _("ต้องไม่มากกว่า %(limit_value)s"),
    }

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal):
            return value
        text = str(value).strip()
        if not text:
            return None
        return parse_decimal(text)

    def widget_attrs(self, widget):
        # Django adds step/min/max for number inputs only; this is a text box.
        return forms.Field.widget_attrs(self, widget)
