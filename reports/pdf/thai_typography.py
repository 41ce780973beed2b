"""Thai typography for WeasyPrint: the font, word-safe line breaks and a true text layer.

Three problems of WeasyPrint 70 + Pango 1.50 with Thai, and what this module does:

1. **Font.** Official documents are set in TH Sarabun at 16 pt. We use TLWG
   *Laksaman* from Debian's ``fonts-thai-tlwg`` (the Makefile's DEBIAN_PACKAGES and
   the Dockerfile install it): it is TH Sarabun PSK under a free licence, with
   TH Sarabun's metrics, so 16 pt looks as the regulation means; one TTF per style
   covers Thai and Latin, so the ``unicode-range`` trap of Fontsource's split
   Sarabun files (Latin drawn with Thai glyphs under one family name) cannot
   happen. The file is located through fontconfig and named in ``@font-face``;
   a missing font is an error, never a silent fallback to another face.

2. **Line breaks.** Pango asks libthai where Thai may break, and libthai splits
   compounds ("ผล|การดำเนินงาน"). Inserting U+2060 WORD JOINER inside words does
   not help: Pango's ``break_thai`` *adds* libthai's breaks after the Unicode rules,
   and libthai, fed a string full of joiners, breaks between almost every letter
   (measured: 52 bad line ends instead of 14 on the Phrae seed). A span per word
   keeps words whole but costs ~3× in layout. So we mark word boundaries found by
   pythainlp (newmm) with U+200B ZERO WIDTH SPACE in the HTML, and when WeasyPrint
   hands a string to Pango (``Layout.set_text``) we add one Pango attribute
   ``allow_breaks=false`` over each run of Thai letters between those marks:
   Pango applies attributes *after* libthai, so the only places left to break a
   Thai run are our word boundaries. No extra boxes, no extra layout passes.

3. **Text layer.** WeasyPrint maps each glyph to one string in the font's
   ToUnicode CMap, the first time it meets the glyph. Thai shaping breaks that:
   HarfBuzz decomposes ำ into nikhahit + า, so "ดำเนินงาน" extracts as
   "ดาเนินงาน" once the document also holds า; reordered tone marks come back in
   the wrong order ("นี่" → "น่ี") or are lost ("น้ำ" → "นำ"). No ToUnicode map can
   be right for a glyph that means different text in different places, so each
   drawn line is wrapped in a marked-content span carrying ``/ActualText`` (PDF
   32000-1 §14.9.4) with the line's source text, minus our invisible marks.
   Poppler (pdftotext, evince), Acrobat and others extract that text for search
   and copy-paste.

Both hooks are installed once per process by :func:`install` and are checked by
tests against the WeasyPrint version they were written for. This is the only module
of the portal that touches WeasyPrint internals (``draw_first_line``,
``Layout.set_text``, its cffi handle to Pango); everything else uses the public API.

What moving from 69 to 70 changed under the hooks (read in 70's source):
``draw_first_line(stream, textbox, text_overflow, block_ellipsis, matrix)`` and
``Layout.set_text(text, justify=False)`` kept their signatures; 70 builds the
ToUnicode entry of a glyph from its own cluster to the next glyph's, still once per
glyph for the whole document, so the ActualText spans are as needed as on 69.
70 also changed how ``split_first_line`` offsets the next break point, and adds
COLR fonts and a warning when fontTools (not HarfBuzz-subset) subsets fonts; none of
this reaches our attribute list or our marked-content spans.
"""

from __future__ import annotations

import contextvars
import functools
import re
import shutil
import subprocess

import pydyf
import weasyprint
from django.core.exceptions import ImproperlyConfigured

from thai.words import words as thai_words_of

SUPPORTED_WEASYPRINT = "70."

# Off only for the benchmark's plain WeasyPrint render in the same process.
enabled: contextvars.ContextVar[bool] = contextvars.ContextVar("thai_typography", default=True)

ZWSP = "\u200b"
WORD_JOINER = "\u2060"
# Characters we (or an author) may put in the source that must never reach the text layer.
INVISIBLE = dict.fromkeys(map(ord, "\u200b\u2060\u00ad\ufeff"))

# Thai letters, vowels, tone marks, digits and ฯ ๆ ๏ ๚ ๛.
THAI_RUN = re.compile("[\u0e01-\u0e5b]+")
# The same in UTF-8 bytes, for Pango's byte offsets.
THAI_RUN_BYTES = re.compile("(?:\xe0\xb8[\x81-\xbf]|\xe0\xb9[\x80-\x9b])+".encode("latin-1"))

FONT_FAMILY = "Laksaman"
FONT_STYLES = {
    # (weight, style) → fontconfig style name
    ("normal", "normal"): "Regular",
    ("bold", "normal"): "Bold",
    ("normal", "italic"): "Italic",
    ("bold", "italic"): "Bold Italic",
}


# --- 1. Font ------------------------------------------------------------------------


@functools.cache
def font_files() -> dict[tuple[str, str], str]:
    """The Laksaman TTF of each style, found through fontconfig."""
    if not shutil.which("fc-match"):
        raise ImproperlyConfigured("fontconfig (fc-match) is needed to find the report font.")
    files = {}
    for key, style in FONT_STYLES.items():
        result = subprocess.run(
            ["fc-match", "-f", "%{family}|%{file}", f"{FONT_FAMILY}:style={style}"],
            capture_output=True,
            text=True,
            check=True,
        )
        family, _, path = result.stdout.partition("|")
        if FONT_FAMILY not in family.split(","):
            raise ImproperlyConfigured(
                f"The report font {FONT_FAMILY} is not installed: "
                "apt-get install fonts-thai-tlwg (make system-packages)."
            )
        files[key] = path
    return files


def font_face_css() -> str:
    """``@font-face`` rules naming our font files, so nothing else is ever picked."""
    rules = []
    for (weight, style), path in font_files().items():
        rules.append(
            f'@font-face {{ font-family: "{FONT_FAMILY}"; font-weight: {weight}; '
            f'font-style: {style}; src: url("file://{path}") format("truetype"); }}'
        )
    return "\n".join(rules)


# --- 2. Word boundaries ----------------------------------------------------------------


@functools.lru_cache(maxsize=20_000)
def _segment_run(run: str) -> str:
    return ZWSP.join(thai_words_of(run))


def mark_word_boundaries(html: str) -> str:
    """Put U+200B between the newmm words of every Thai run of ``html``.

    Thai never appears in tag or attribute names, and U+200B is harmless in an
    attribute value, so the whole document can be processed as one string.
    """
    return THAI_RUN.sub(lambda match: _segment_run(match.group()), html)


def visible_text(text: str) -> str:
    """The text a reader sees and should get back from the PDF."""
    return text.translate(INVISIBLE)


def thai_words(text: str) -> list[str]:
    """newmm words of the Thai runs of ``text`` (for checks of line ends)."""
    words = []
    for run in THAI_RUN.findall(visible_text(text)):
        words.extend(thai_words_of(run))
    return words


# --- WeasyPrint hooks -----------------------------------------------------------------

_installed = False


def unsupported_weasyprint() -> str | None:
    """Why the installed WeasyPrint cannot take our hooks, or None when it can.

    The system check (``reports.checks``) calls this too, so ``manage.py check`` and
    ``migrate`` stop on a wrong install instead of the first report failing.
    """
    if weasyprint.__version__.startswith(SUPPORTED_WEASYPRINT):
        return None
    return (
        f"reports.pdf.thai_typography was written for WeasyPrint {SUPPORTED_WEASYPRINT}x, "
        f"found {weasyprint.__version__}: check draw_first_line and Layout.set_text again "
        "(and pyproject.toml's weasyprint pin)."
    )


def install() -> None:
    """Install both hooks into WeasyPrint, once per process."""
    global _installed
    if _installed:
        return
    if problem := unsupported_weasyprint():
        raise ImproperlyConfigured(problem)
    from weasyprint.draw import text as draw_text_module
    from weasyprint.text import ffi as text_ffi
    from weasyprint.text import line_break

    text_ffi.ffi.cdef(
        "PangoAttribute * pango_attr_allow_breaks_new (gboolean allow_breaks);"
        "PangoAttrList * pango_attr_list_copy (PangoAttrList *list);"
    )
    line_break.Layout.set_text = _keep_thai_words_together(line_break.Layout.set_text)
    draw_text_module.draw_first_line = _with_actual_text(draw_text_module.draw_first_line)
    _installed = True


def _keep_thai_words_together(set_text):
    from weasyprint.text.ffi import ffi, pango

    @functools.wraps(set_text)
    def wrapper(self, text, justify=False):
        if getattr(self, "_thai_attrs", False):
            # The same layout is reused with shorter and shorter text while a line
            # is fitted: forget the previous text's byte ranges.
            pango.pango_layout_set_attributes(self.layout, self._thai_base_attrs)
            self._thai_attrs = False
        set_text(self, text, justify)
        if ZWSP not in self.text or not enabled.get():
            return  # not a document of ours, or no Thai word boundary to protect
        bytestring = self.text.encode()
        runs = [m.span() for m in THAI_RUN_BYTES.finditer(bytestring) if m.end() - m.start() > 3]
        if not runs:
            return
        current = pango.pango_layout_get_attributes(self.layout)
        self._thai_base_attrs = (
            ffi.NULL
            if current == ffi.NULL
            else ffi.gc(pango.pango_attr_list_copy(current), pango.pango_attr_list_unref)
        )
        attr_list = (
            pango.pango_attr_list_new()
            if current == ffi.NULL
            else pango.pango_attr_list_copy(current)
        )
        for start, end in runs:
            attr = pango.pango_attr_allow_breaks_new(False)
            attr.start_index, attr.end_index = start, end
            # insert, not change: change would merge neighbouring ranges.
            pango.pango_attr_list_insert(attr_list, attr)
        pango.pango_layout_set_attributes(self.layout, attr_list)
        pango.pango_attr_list_unref(attr_list)
        self._thai_attrs = True

    return wrapper


def _with_actual_text(draw_first_line):
    @functools.wraps(draw_first_line)
    def wrapper(stream, textbox, *args, **kwargs):
        text = getattr(textbox, "text", None)
        if text is None:
            text = textbox.pango_layout.text
        text = visible_text(text)
        if not text.strip() or not enabled.get():
            return draw_first_line(stream, textbox, *args, **kwargs)
        stream.begin_marked_content("Span", pydyf.Dictionary({"ActualText": pydyf.String(text)}))
        try:
            return draw_first_line(stream, textbox, *args, **kwargs)
        finally:
            stream.end_marked_content()

    return wrapper
