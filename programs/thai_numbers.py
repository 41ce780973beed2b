"""Numbers as Thai officials write them: separators, baht, Thai digits."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from pythainlp.util import bahttext

_TO_THAI = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
_TO_ARABIC = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


def thai_digits(text: str) -> str:
    return str(text).translate(_TO_THAI)


def arabic_digits(text: str) -> str:
    return str(text).translate(_TO_ARABIC)


def format_number(value, decimals: int | None = None) -> str:
    """ "1,755,091,742" or, with ``decimals=2``, "2,446.88". ``None`` shows as "–"."""
    if value is None or value == "":
        return "–"
    number = Decimal(str(value))
    if decimals is None:
        decimals = 0 if number == number.to_integral_value() else 2
    return f"{number:,.{decimals}f}"


def format_baht(value, decimals: int | None = None) -> str:
    if value is None or value == "":
        return "–"
    return _("%(amount)s บาท") % {"amount": format_number(value, decimals)}


def baht_in_words(value) -> str:
    """ "(หนึ่งพันบาทถ้วน)" style text for amounts written out in documents."""
    if value is None or value == "":
        return ""
    return bahttext(float(Decimal(str(value))))


def parse_number(text: str) -> Decimal:
    """Read a number as typed: Thai digits, thousands separators and spaces allowed."""
    cleaned = arabic_digits(str(text or "")).replace(",", "").replace(" ", "").strip()
    if not cleaned:
        raise ValidationError(_("กรุณากรอกตัวเลข"), code="required")
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        raise ValidationError(
            _("“%(value)s” ไม่ใช่ตัวเลข") % {"value": text}, code="invalid"
        ) from None
    if not number.is_finite():
        raise ValidationError(_("“%(value)s” ไม่ใช่ตัวเลข") % {"value": text}, code="invalid")
    return number
