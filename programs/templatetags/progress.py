"""Progress bars without inline styles, so that the Content-Security-Policy holds.

``{{ value|progress_class }}`` gives "pct-37"; static/src/portal.css sets the width of
every class from pct-0 to pct-100.
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import template

register = template.Library()


@register.filter
def progress_class(value) -> str:
    try:
        percent = Decimal(str(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    except (InvalidOperation, ValueError, TypeError):
        percent = Decimal(0)
    if not percent.is_finite():
        percent = Decimal(0)
    return f"pct-{min(max(int(percent), 0), 100)}"
