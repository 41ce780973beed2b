"""Template filters: every date and number a user sees goes through these."""

from decimal import InvalidOperation

from django import template

from thai import dates as thai_dates
from thai import numbers as thai_numbers
from thai.fiscal_year import fiscal_year_of

register = template.Library()


@register.filter
def thai_date(value, style="long"):
    """{{ meeting.date|thai_date }} → "8 มิถุนายน 2566"; |thai_date:"short" → "8 มิ.ย. 66"."""
    return thai_dates.format_thai_date(value, style)


@register.filter
def thai_datetime(value):
    return thai_dates.format_thai_datetime(value)


@register.filter
def fiscal_year(value):
    return fiscal_year_of(value) if value else ""


@register.filter
def number(value, decimals=None):
    try:
        return thai_numbers.format_number(value, None if decimals is None else int(decimals))
    except (InvalidOperation, ValueError, TypeError):
        return value  # a template shows what it was given rather than failing the page


@register.filter
def baht(value):
    try:
        return thai_numbers.format_baht(value)
    except (InvalidOperation, ValueError, TypeError):
        return value


@register.filter
def bahttext(value):
    return thai_numbers.baht_in_words(value)


@register.filter
def thai_digits(value):
    return thai_numbers.thai_digits(value)
