"""Numbers as Thai officials write them: separators, baht, Thai digits."""

import re
from decimal import ROUND_HALF_UP, Decimal, localcontext

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from pythainlp.util import num_to_thaiword

MAX_MAGNITUDE = 20  # powers of ten either side of 1 that parse_decimal accepts
_TO_THAI = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
_TO_ARABIC = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


def thai_digits(text: str) -> str:
    return str(text).translate(_TO_THAI)


def arabic_digits(text: str) -> str:
    return str(text).translate(_TO_ARABIC)


# An HTML document as its pieces: what is not text (comments, style and script
# elements, tags with their attributes) and text. Django escapes ">" in attribute values.
_HTML_PIECES = re.compile(
    r"(<!--.*?-->|<(style|script)\b.*?</\2\s*>|<[^>]*>)", re.DOTALL | re.IGNORECASE
)
# Inside text: character references and addresses are written as they are.
_KEEP_IN_TEXT = re.compile(r"(&#?\w+;|(?:https?://|www\.)[^\s<]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+)")


def thai_digits_in_html(html: str) -> str:
    """The document with ๐–๙ for the digits people read: in the text of its body only.

    Digits of tags, attributes, CSS, scripts, comments, character references
    (``&#x27;``), web addresses and e-mail addresses stay as written, so that
    "O&#x27;Reilly" still reads "O'Reilly" and a link still leads where it did.
    """
    start = html.find("<body")
    start = 0 if start < 0 else html.index(">", start) + 1
    head, body = html[:start], html[start:]
    out = []
    for index, piece in enumerate(_HTML_PIECES.split(body)):
        # split() with two groups yields: text, whole match, style/script name, text, …
        if index % 3 == 0:
            out.append(_text_with_thai_digits(piece))
        elif index % 3 == 1:
            out.append(piece)
    return head + "".join(out)


def _text_with_thai_digits(text: str) -> str:
    return "".join(
        part if index % 2 else thai_digits(part)
        for index, part in enumerate(_KEEP_IN_TEXT.split(text))
    )


def format_number(value, decimals: int | None = None) -> str:
    """ "1,755,091,742" or, with ``decimals=2``, "2,446.88". ``None`` shows as "–"."""
    if value is None or value == "":
        return "–"
    number = Decimal(str(value))
    if decimals is None:
        decimals = 0 if number == number.to_integral_value() else 2
    # Half up, as officials (and Excel) round: 96.285 → 96.29, not Python's 96.28.
    rounded = _round_half_up(number, decimals)
    return f"{rounded.copy_abs() if rounded.is_zero() else rounded:,.{decimals}f}"


def _round_half_up(number: Decimal, decimals: int) -> Decimal:
    with localcontext() as context:
        context.prec = max(28, number.adjusted() + decimals + 2)
        return number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def format_baht(value, decimals: int | None = None) -> str:
    if value is None or value == "":
        return "–"
    return _("%(amount)s บาท") % {"amount": format_number(value, decimals)}


def baht_in_words(value) -> str:
    """ "(หนึ่งพันบาทถ้วน)" style text for amounts written out in documents."""
    if value is None or value == "":
        return ""
    # Decimal, not float: 1.005 is 1 baht 1 satang, and an amount of satang only
    # reads "ห้าสิบสตางค์" (as in Excel's BAHTTEXT), not "ศูนย์บาทห้าสิบสตางค์".
    amount = _round_half_up(Decimal(str(value)), 2)
    if amount < 0:
        return "ลบ" + baht_in_words(-amount)
    baht, satang = divmod(int(amount * 100), 100)
    if not baht and not satang:
        return "ศูนย์บาทถ้วน"
    text = f"{num_to_thaiword(baht)}บาท" if baht else ""
    return text + (f"{num_to_thaiword(satang)}สตางค์" if satang else "ถ้วน")


# The one rule for a typed number, which static/src/thai_numbers.js follows too (the
# phone checks a score with it before it is sent): Thai or Arabic digits; spaces
# ignored; a point is the decimal point; a comma only separates thousands, in groups
# of three ("12,500.5"). Any other comma ("7,5", "1,00") is refused rather than
# guessed, since "7,5" is 7.5 to some and 75 to others.
_PLAIN = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
_GROUPED = re.compile(r"[+-]?[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]*)?")


def parse_decimal(text) -> Decimal:
    """Read a number as typed (see the rule above); raise ValidationError in Thai."""
    shown = str(text if text is not None else "")
    cleaned = "".join(arabic_digits(shown).split())
    if not cleaned:
        raise ValidationError(_("กรุณากรอกตัวเลข"), code="required")
    if "," in cleaned:
        if not _GROUPED.fullmatch(cleaned):
            raise ValidationError(
                _("“%(value)s”: ใช้จุด (.) เป็นจุดทศนิยม และใช้จุลภาค (,) คั่นหลักพันเท่านั้น เช่น 1,250.5")
                % {"value": shown[:40]},
                code="comma",
            )
        cleaned = cleaned.replace(",", "")
    if not _PLAIN.fullmatch(cleaned):
        raise ValidationError(_("“%(value)s” ไม่ใช่ตัวเลข") % {"value": shown[:40]}, code="invalid")
    number = Decimal(cleaned)
    # No figure the portal keeps comes near 10^20 or needs more than a few decimals.
    if number and not -MAX_MAGNITUDE <= number.adjusted() <= MAX_MAGNITUDE:
        raise ValidationError(
            _("“%(value)s” มีค่ามากหรือน้อยเกินกว่าที่ระบบรับได้") % {"value": shown[:40]},
            code="out_of_range",
        )
    return number
