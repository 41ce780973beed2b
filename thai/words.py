"""Thai words: the one place where text is normalised and cut into words.

Thai is written without spaces between words. Search (``meetings.thai_search``) and
the PDF's line breaking (``reports.pdf.thai_typography``) both cut text with
pythainlp's newmm dictionary, through ``words`` here, so a word the search finds is
a word the PDF keeps on one line.

``normalise`` folds what looks the same but is typed differently: real Thai text
holds SARA AM both as one character (ำ, U+0E33) and decomposed as NIKHAHIT + SARA AA
(ํา), and a tone mark typed before the NIKHAHIT; Thai digits are read as Arabic.
"""

import re
from functools import lru_cache

from thai.numbers import arabic_digits

NIKHAHIT, SARA_AA, SARA_AM = "\u0e4d", "\u0e32", "\u0e33"
TONE_MARKS = "\u0e48\u0e49\u0e4a\u0e4b"
# ํา, or a tone mark between the two halves (ํ่า), or after both (ํา่).
_DECOMPOSED_AM = re.compile(f"{NIKHAHIT}([{TONE_MARKS}]?){SARA_AA}")
_TONE_AFTER_NIKHAHIT = re.compile(f"{NIKHAHIT}([{TONE_MARKS}])")
# What text copied from the web or a PDF carries invisibly inside Thai words.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")


@lru_cache(maxsize=1)
def _tokenizer():
    # Imported lazily: pythainlp loads its dictionary (about a second) on first use.
    from pythainlp.tokenize import word_tokenize

    return word_tokenize


def normalise(text: str) -> str:
    """``text`` without invisible characters, with SARA AM composed (tone mark first,
    as keyboards type it) and Thai digits read as Arabic digits."""
    text = _INVISIBLE.sub("", str(text or ""))
    text = _TONE_AFTER_NIKHAHIT.sub(lambda m: m.group(1) + NIKHAHIT, text)
    text = _DECOMPOSED_AM.sub(lambda m: m.group(1) + SARA_AM, text)
    return arabic_digits(text)


def words(text: str, *, keep_whitespace: bool = False) -> list[str]:
    """The newmm words of ``text`` as written (not normalised)."""
    if not text:
        return []
    return _tokenizer()(text, engine="newmm", keep_whitespace=keep_whitespace)


def normalise_search(text: str) -> str:
    """A search as typed, normalised, with runs of spaces as one."""
    return " ".join(normalise(text).split())
