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

3. **Text layer.** WeasyPrint maps each glyph id to one string in the font's
   ToUnicode CMap, the first time it draws the glyph, and gives a cluster's text to
   its last glyph. Thai shaping breaks that: HarfBuzz draws ำ as nikhahit + า, so
   "ดำเนินงาน" extracts as "ดาเนินงาน" (or "กา" as "ก้ำ", whichever came first);
   a lowered tone mark drawn after ู in one word comes back as ู in the next
   ("ผู้มา" → "ผ้้มา"). Readers that honour ``/ActualText`` (poppler, PDFium,
   MuPDF) were mended by a span per line; pdf.js, pypdf and pdfminer.six read the
   ToUnicode map only, and MuPDF repeated glyph text after the span. So we draw the
   glyphs of a line ourselves (``draw_first_line``), cluster by cluster, such that
   every character code of the embedded font means one text, and the text read glyph
   by glyph is the source text: a glyph drawn with a second meaning, or moved by
   HarfBuzz, gets a code of its own naming a duplicate of the glyph, and a cluster
   with more glyphs than characters (ำ) is drawn as one composite glyph carrying the
   cluster's text. The duplicates and composites are added to the font subset that
   WeasyPrint embeds (``Font.clean``, with fontTools). One ``/ActualText`` span per
   Thai word with marks of no width (never nested, never overlapping, holding exactly
   the text of the glyphs under it, base consonants included) gives poppler the order
   of the marks, which it would sort by their zero-width boxes. A line never ends with
   a hyphen: poppler and PDFium drop it there, taking it for a word split over two
   lines.

The hooks are installed once per process by :func:`install` and are checked by
tests against the WeasyPrint version they were written for. This is the only module
of the portal that touches WeasyPrint internals (``draw_first_line``,
``Layout.set_text``, ``Font.clean`` and the ``Font`` attributes, its cffi handle to
Pango); everything else uses the public API.

What moving from 69 to 70 changed under the hooks (read in 70's source):
``draw_first_line(stream, textbox, text_overflow, block_ellipsis, matrix)`` and
``Layout.set_text(text, justify=False)`` kept their signatures; 70 builds the
ToUnicode entry of a glyph from its own cluster to the next glyph's, still once per
glyph for the whole document. What our ``draw_first_line`` relies on in 70: Pango's
glyph strings and ``log_clusters``, ``stream.add_font`` and ``Font.to_unicode``,
``widths``, ``glyph_count``, ``upem``, ``hash``, ``tables``; ``Font.clean(to_unicode,
hinting)`` subsetting with retained glyph ids; ``build_fonts_dictionary`` writing W and
ToUnicode from ``widths`` and ``to_unicode``.
70 also changed how ``split_first_line`` offsets the next break point, and adds
COLR fonts and a warning when fontTools (not HarfBuzz-subset) subsets fonts; none of
this reaches our attribute list or our marked-content spans.
"""

from __future__ import annotations

import bisect
import contextvars
import functools
import re
import shutil
import subprocess

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

# A hyphen-minus, the spaces after it and the next character (UTF-8 bytes).
HYPHEN_AND_NEXT = re.compile(rb"-[ \t]*(?:[\x00-\x7f]|[\xc0-\xff][\x80-\xbf]+)")

FONT_FAMILY = "Laksaman"
FONT_PACKAGE = "fonts-thai-tlwg"  # Debian's; the Makefile's REPORT_FONT_PACKAGES
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
                f"apt-get install {FONT_PACKAGE} (make system-packages)."
            )
        files[key] = path
    return files


def font_problem() -> str | None:
    """Why no report can be rendered for want of the font, or None when it is installed
    (for /healthz and the report page, before a job is queued)."""
    try:
        font_files()
    except (ImproperlyConfigured, OSError, subprocess.CalledProcessError) as error:
        return str(error)
    return None


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
    """Install the hooks into WeasyPrint, once per process."""
    global _installed
    if _installed:
        return
    if problem := unsupported_weasyprint():
        raise ImproperlyConfigured(problem)
    from weasyprint.draw import text as draw_text_module
    from weasyprint.layout import inline
    from weasyprint.pdf import fonts as pdf_fonts
    from weasyprint.text import ffi as text_ffi
    from weasyprint.text import line_break

    text_ffi.ffi.cdef(
        "PangoAttribute * pango_attr_allow_breaks_new (gboolean allow_breaks);"
        "PangoAttrList * pango_attr_list_copy (PangoAttrList *list);"
        "PangoAttrList * pango_attr_list_from_string (const char *text);"
    )
    line_break.Layout.set_text = _keep_thai_words_together(line_break.Layout.set_text)
    draw_text_module.draw_first_line = _with_true_text(draw_text_module.draw_first_line)
    pdf_fonts.Font.clean = _with_our_glyphs(pdf_fonts.Font.clean)
    inline.justify_line = _thai_justify_line(inline.justify_line, inline)
    _installed = True


@functools.lru_cache(maxsize=4096)
def _unbreakable(text: str, limit: int | None = None) -> tuple[tuple[tuple[int, int], ...], bytes]:
    """The byte ranges of ``text`` where no line may end, in order, those that start
    before byte ``limit`` if given: each run of Thai letters between our word
    boundaries, and each hyphen with what follows it (WeasyPrint sets the same text
    again and again while it fits and draws a line, hence the cache); then the same
    as Pango's serialised attribute list."""
    bytestring = text.encode()
    end = len(bytestring) if limit is None else min(limit, len(bytestring))
    runs = []
    for pattern, shortest in ((THAI_RUN_BYTES, 4), (HYPHEN_AND_NEXT, 1)):
        if (pattern is THAI_RUN_BYTES and ZWSP not in text) or (
            pattern is HYPHEN_AND_NEXT and "-" not in text
        ):
            continue
        # No line ends with a hyphen ("อาชีวศึกษา-" / "อุดมศึกษา", "26 -" / "28"):
        # poppler and PDFium take it for a word split at the line end and drop it.
        for match in pattern.finditer(bytestring, 0, end):
            if match.end() == end:  # a match cut at the limit: take it whole
                match = pattern.match(bytestring, match.start())
            if match.end() - match.start() >= shortest:
                runs.append(match.span())
    runs.sort()
    spec = "".join(f"{start} {end} allow-breaks false\n" for start, end in runs)
    return tuple(runs), spec.encode()


def _keep_thai_words_together(set_text):
    from weasyprint.text.ffi import ffi, pango

    from_string = pango.pango_version() >= 15000  # pango_attr_list_from_string

    @functools.wraps(set_text)
    def wrapper(self, text, justify=False):
        if getattr(self, "_thai_attrs", False):
            # The same layout is reused with shorter and shorter text while a line
            # is fitted: forget the previous text's byte ranges.
            pango.pango_layout_set_attributes(self.layout, self._thai_base_attrs)
            self._thai_attrs = False
        set_text(self, text, justify)
        if not enabled.get() or (ZWSP not in self.text and "-" not in self.text):
            return  # no Thai word boundary to protect, no hyphen to keep
        limit = None
        if self.max_width is not None and len(self.text) > 350:
            # Pango needs the attributes of the first line only, and WeasyPrint sets the
            # rest of a paragraph for each line it fits: a line holds at most as many
            # bytes as graphemes 0.15 em wide of four 3-byte characters each.
            limit = max(1024, int(12 * self.max_width / (0.15 * self.style["font_size"]) + 64))
        runs, spec = _unbreakable(self.text, limit)
        if not runs:
            return
        current = pango.pango_layout_get_attributes(self.layout)
        if current == ffi.NULL and from_string:
            # One call instead of three per range (Pango inserts each parsed attribute).
            self._thai_base_attrs = ffi.NULL
            attr_list = pango.pango_attr_list_from_string(spec)
        else:
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


# --- 3. Text layer ---------------------------------------------------------------------
#
# WeasyPrint writes one ToUnicode entry per glyph id, the first time it draws the glyph,
# and gives a cluster's text to its last glyph. Thai breaks both: the glyph of า is also
# the right half of ำ, a tone mark's lowered form follows ู in one word and stands alone
# in the next, and ำ is drawn as two glyphs (nikhahit + า) for one character. So we draw
# the glyphs of a line ourselves, cluster by cluster (Pango's log_clusters):
#
# * a cluster of k glyphs for k characters gives each glyph its character, in order;
# * any other cluster (ำ: 1 or 2 characters, 2 or 3 glyphs) becomes *one* composite glyph,
#   made of the cluster's glyphs at the offsets HarfBuzz gave them, carrying the
#   cluster's text: no glyph of the text layer maps to nothing (pdf.js reads an empty
#   ToUnicode entry as the glyph id's own code point), and none to a piece of another
#   cluster;
# * the character code of a glyph is its glyph id the first time the id is drawn with a
#   text; drawn with another text, it gets a code of its own, which names a duplicate of
#   the glyph (a one-component composite) added to the font subset WeasyPrint embeds.
#
# Every glyph id of the embedded font thus means one text, and the text of a line read
# glyph by glyph is its source text: the same in readers that use /ActualText (poppler,
# PDFium, MuPDF) and in those that only read ToUnicode (pdf.js, pypdf, pdfminer.six).

# Our codes start this far past the font's last glyph: WeasyPrint numbers the glyphs it
# draws for characters missing from a font from the last glyph on (Font.missing).
_CODES_AFTER_MISSING = 256


class _FontGlyphs:
    """The codes drawn with one embedded font file beyond its own glyph ids."""

    def __init__(self, glyph_count: int) -> None:
        self.next_code = glyph_count + _CODES_AFTER_MISSING
        # code → components ((glyph id, dx, dy) in font units), for the font subset
        self.components: dict[int, tuple[tuple[int, int, int], ...]] = {}
        # code → advance in font units
        self.advances: dict[int, int] = {}
        self._codes: dict[tuple, int] = {}

    def code(self, font, components: tuple, text: str, advance: int) -> int:
        """The code that draws ``components`` and reads as ``text`` (registering both)."""
        key = (components, text)
        code = self._codes.get(key)
        if code is None:
            if len(components) == 1 and components[0][1:] == (0, 0):
                glyph_id = components[0][0]
                if font.to_unicode.setdefault(glyph_id, text) == text:
                    # The glyph's own id, first come: no duplicate needed.
                    self._codes[key] = glyph_id
                    return glyph_id
            code = self._codes[key] = self.next_code
            self.next_code += 1
            self.components[code] = components
            self.advances[code] = advance
        font.to_unicode.setdefault(code, text)
        return code


def _font_glyphs(stream, font) -> _FontGlyphs:
    """The registry of ``font``'s file, shared by every Font of the document using it."""
    glyphs = getattr(font, "_thai_glyphs", None)
    if glyphs is None:
        same_file = [other for other in stream._fonts.values() if other.hash == font.hash]
        glyphs = next(
            (other._thai_glyphs for other in same_file if hasattr(other, "_thai_glyphs")),
            None,
        ) or _FontGlyphs(font.glyph_count)
        for other in same_file:
            other._thai_glyphs = glyphs
    return glyphs


# Thai vowels and tone marks drawn above or below the letter before them, with no width.
THAI_ZERO_WIDTH = re.compile("[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]")


# A word of a line: what lies between white space and our U+200B.
_WORD = re.compile("[^\\s\u200b]+")
# The same white space (what str.isspace() takes) and U+200B in UTF-8, to split a run's
# bytes into its words and separators (a captured group: the separators are kept).
_SEPARATORS = re.compile(
    rb"((?:[\t-\r \x1c-\x1f]|\xc2[\x85\xa0]|\xe1\x9a\x80|\xe2\x80[\x80-\x8b\xa8\xa9\xaf]"
    rb"|\xe2\x81\x9f|\xe3\x80\x80)+)"
)


def _spans(utf8: bytes) -> dict[int, tuple[int, bytes]]:
    """The words of a line that need an /ActualText span (those with Thai marks of no
    width): first byte → (end byte, the span's property list)."""
    spans, text, position, byte = {}, utf8.decode(), 0, 0
    for match in _WORD.finditer(text):
        word = match.group()
        if THAI_ZERO_WIDTH.search(word):
            byte += len(text[position : match.start()].encode())
            end = byte + len(word.encode())
            spans[byte] = (end, _actual_text(word.translate(INVISIBLE)))
            byte, position = end, match.end()
    return spans


def _separator_before(utf8: bytes, end: int) -> bool:
    """Whether the character that ends at byte ``end`` is white space or U+200B."""
    start = end - 1
    while start and utf8[start] & 0xC0 == 0x80:
        start -= 1
    return _SEPARATORS.fullmatch(utf8, start, end) is not None


def _actual_text(text: str) -> bytes:
    """The property list of a span whose /ActualText is ``text`` (as pydyf would write
    it, without its try at Latin-1 first)."""
    return b"<</ActualText <feff" + text.encode("utf-16-be").hex().encode() + b">>>"


def _number(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


# The templates of the words drawn in this process, for each font and size: (word, glyph
# string) → ``template_of``. Only the glyph codes differ from one document to the next.
_TEMPLATES: dict[tuple[str, float], dict[tuple[bytes, bytes], tuple]] = {}
_MAX_TEMPLATES = 50_000
_LOW_TWO_BITS = bytes(byte & 3 for byte in range(256))


def _with_true_text(draw_first_line):
    """Draw a line's glyphs so that every glyph code reads as its own text."""
    from weasyprint.text.ffi import FROM_UNITS, ffi, pango

    empty, unknown = pango.PANGO_GLYPH_EMPTY, pango.PANGO_GLYPH_UNKNOWN_FLAG
    old_pango = pango.pango_version() < 14802

    # Pango's PangoGlyphInfo: glyph id, then width, x and y offset (ints), then the
    # attribute bits; read five ints at a time from the glyph string's memory, which is
    # much faster than through cffi's struct fields.
    assert ffi.sizeof("PangoGlyphInfo") == 20 and ffi.offsetof("PangoGlyphInfo", "geometry") == 4

    def runs_we_can_draw(stream, line):
        """(glyph item, font, font size, glyph infos as bytes and as ints, log clusters)
        of each run, or None when WeasyPrint must draw the line: right-to-left text,
        bitmap or colour fonts, missing glyphs."""
        runs = []
        run = line.runs[0]
        previous_pango_font = None
        while run != ffi.NULL:
            glyph_item = run.data
            run = run.next
            if glyph_item.item.analysis.level % 2:
                return None
            pango_font = glyph_item.item.analysis.font
            if pango_font != previous_pango_font:
                previous_pango_font = pango_font
                font, font_size = stream.add_font(pango_font)
                if font.bitmap or font.png or font.svg or font.colr or "glyf" not in font.tables:
                    return None
            glyphs = glyph_item.glyphs
            count = glyphs.num_glyphs
            raw = bytearray(ffi.buffer(glyphs.glyphs, 20 * count))
            # The glyph string's bytes are the key of a word's template: PangoGlyphVisAttr
            # holds two bits (is_cluster_start, is_color), the rest of its int is whatever
            # was in memory before, so keep the two bits only.
            raw[16::20] = raw[16::20].translate(_LOW_TWO_BITS)
            raw[17::20] = raw[18::20] = raw[19::20] = bytes(count)
            raw = bytes(raw)
            infos = memoryview(raw).cast("i").tolist()
            ids = infos[::5]
            # PANGO_GLYPH_EMPTY is below the unknown flag; PANGO_GLYPH_INVALID_INPUT is -1.
            if ids and (max(ids) >= unknown or min(ids) < 0):
                return None
            log = ffi.unpack(glyphs.log_clusters, count)
            if log != sorted(log):
                return None
            runs.append((glyph_item, font, font_size, raw, infos, log))
        return runs

    def logical_width(stream, font, pango_font, glyph_id, font_size):
        width = font.widths.get(glyph_id)
        if width is None:
            pango.pango_font_get_glyph_extents(
                pango_font, glyph_id, stream.ink_rect, stream.logical_rect
            )
            width = font.widths[glyph_id] = round(
                stream.logical_rect.width * 1000 * FROM_UNITS / font_size
            )
        return width

    def code_of(stream, font, pango_font, font_size, glyphs, text):
        """(the code in hex, then the displacement after it in 1/1000 em) that draws the
        ``glyphs`` of a cluster (Pango units) and reads as ``text``."""
        to_em = 1000 * FROM_UNITS / font_size  # Pango units → 1/1000 em
        units = font.upem / 1000  # 1/1000 em → font units
        registry = _font_glyphs(stream, font)
        if len(glyphs) == 1:
            # One glyph, with its character (or a ligature with its text). A mark moved
            # by HarfBuzz (ี่: the tone mark on top of the vowel; ปุ: the vowel left of
            # ป's stem) is a duplicate drawn moved: readers take a TJ offset for a space
            # (pypdf) and a text rise for another line (pdfminer.six). A mark's advance
            # is 0; in the PDF it is 1/1000 em, given back at once: pdfminer.six starts a
            # new line between two glyphs of width 0 (ี่, ั้).
            glyph_id, advance, x_offset, y_offset = glyphs[0]
            width = max(logical_width(stream, font, pango_font, glyph_id, font_size), 1)
            components = (
                (glyph_id, round(x_offset * to_em * units), round(-y_offset * to_em * units)),
            )
        else:
            # One composite glyph for the whole cluster, with the cluster's text.
            components, pen, width = [], 0, 0
            for glyph_id, advance, x_offset, y_offset in glyphs:
                if glyph_id is not None:
                    components.append(
                        (
                            glyph_id,
                            round((pen + x_offset) * to_em * units),
                            round(-y_offset * to_em * units),
                        )
                    )
                    width += logical_width(stream, font, pango_font, glyph_id, font_size)
                pen += advance
            components, width = tuple(components), max(width, 1)
        code = registry.code(font, components, text, round(width * units))
        font.widths[code] = width
        return f"{code:04x}", sum(glyph[1] for glyph in glyphs) * to_em - width

    def glyphs_of(infos, first, end, to_em):
        """The glyphs first to end but Pango's empty ones (our U+200B), as (id, advance, x
        and y offset) in Pango units, and the advance of the empty ones in 1/1000 em."""
        real, advance = [], 0.0
        for k in range(5 * first, 5 * end, 5):
            if infos[k] == empty:
                advance += infos[k + 1] * to_em
            else:
                real.append(tuple(infos[k : k + 4]))
        return real, advance

    def coded_pieces(stream, font, pango_font, font_size, cache, real, text):
        """The pieces of a cluster's glyphs (each glyph with its character, or all of them
        as one composite glyph with the cluster's text), with (code, displacement after
        it) of each."""
        if len(real) == len(text) and len(real) > 1:
            pieces = [((glyph,), char) for glyph, char in zip(real, text, strict=True)]
        else:
            pieces = ((tuple(real), text),) if real else ()
        coded = []
        for key in pieces:
            found = cache.get(key)
            if found is None:
                found = cache[key] = code_of(stream, font, pango_font, font_size, key[0], key[1])
            coded.append((key, found))
        return coded

    def segments_of(run_bytes, log):
        """The words and separators of a run: (bytes, first byte, first glyph, end glyph,
        is a word), or None when one of them would start inside a cluster."""
        count, length = len(log), len(run_bytes)
        if count and log[0]:
            return None
        segments, position, glyph = [], 0, 0
        for index, part in enumerate(_SEPARATORS.split(run_bytes)):
            if not part:
                continue
            end = position + len(part)
            if end == length:
                end_glyph = count
            else:
                end_glyph = bisect.bisect_left(log, end, glyph)
                if end_glyph == count or log[end_glyph] != end:
                    return None
            segments.append((part, position, glyph, end_glyph, not index % 2))
            position, glyph = end, end_glyph
        return segments

    def template_of(stream, font, pango_font, font_size, cache, infos, log, segment):
        """What drawing a word (or the separators after it) takes, independent of the line
        and of the document it is in: its /ActualText span, then (gaps, displacement,
        piece) before each piece (glyphs and the text they read as), the gaps and
        displacement after the last one, whether a gap comes before it after a Thai
        letter, and its last character."""
        part, position, first_glyph, end_glyph, word = segment
        to_em = 1000 * FROM_UNITS / font_size
        steps, gaps, before, lead, previous = [], 0, 0.0, False, ""
        i = first_glyph
        while i < end_glyph:
            j = i + 1
            while j < end_glyph and log[j] == log[i]:
                j += 1
            end = log[j] - position if j < end_glyph else len(part)
            text = part[log[i] - position : end].decode().translate(INVISIBLE)
            if text:
                first = text[0]
                starts_grapheme = _is_thai(first) and first not in THAI_MARKS
                if not previous:
                    lead = starts_grapheme
                elif starts_grapheme and _is_thai(previous):
                    gaps += 1
                if len(text) > 1:
                    gaps += thai_gaps(text[1:], first)
                previous = text[-1]
            real, advance = glyphs_of(infos, i, j, to_em)
            before += advance
            i = j
            for key, found in coded_pieces(stream, font, pango_font, font_size, cache, real, text):
                steps.append((gaps, before, key))
                gaps, before = 0, found[1]
        span = None
        if word:
            text = part.decode()
            if THAI_ZERO_WIDTH.search(text):
                span = _actual_text(text.translate(INVISIBLE))
        return span, tuple(steps), gaps, before, lead, previous

    def program_of(stream, font, pango_font, font_size, cache, template):
        """The template with the document's code for each piece."""
        span, steps, tail_gaps, tail, lead, last = template
        resolved = []
        for gaps, before, key in steps:
            found = cache.get(key)
            if found is None:
                found = cache[key] = code_of(stream, font, pango_font, font_size, key[0], key[1])
            resolved.append((gaps, before, found[0]))
        return span, tuple(resolved), tail_gaps, tail, lead, last

    @functools.wraps(draw_first_line)
    def wrapper(stream, textbox, text_overflow, block_ellipsis, matrix):
        style = textbox.style
        if (
            not enabled.get()
            or text_overflow == "ellipsis"
            or block_ellipsis != "none"
            or not textbox.text.strip()
            or style["font_size"] < 1e-6
        ):
            return draw_first_line(stream, textbox, text_overflow, block_ellipsis, matrix)
        layout = textbox.pango_layout
        pango.pango_layout_set_single_paragraph_mode(layout.layout, True)
        line, _ = layout.get_first_line()
        runs = runs_we_can_draw(stream, line)
        if runs is None:
            return draw_first_line(stream, textbox, text_overflow, block_ellipsis, matrix)
        utf8 = layout.text.encode()
        spans = None  # the line's words with a span, for draw_clusters only

        array: list[str] = []  # the pieces of the current TJ array
        # Displacement still to make before the next glyph (1/1000 em, to the right):
        # kerning under half a unit waits and adds up, so that most glyphs go unspaced.
        pending = 0.0
        in_span, span_end = False, 0

        def flush():
            nonlocal pending
            if pending:
                array.append(f">{_number(-pending)}<")
                pending = 0.0
            if array:
                stream.show_text("<" + "".join(array) + ">")
                array.clear()

        def draw_clusters(item, font, pango_font, font_size, cache, infos, log, first, end):
            """Draw the glyphs first to end of a run cluster by cluster: for the words
            that a run boundary cuts (their /ActualText span crosses runs)."""
            nonlocal pending, in_span, span_end, previous, spans
            if spans is None:
                spans = _spans(utf8)
            offset = item.offset
            to_em = 1000 * FROM_UNITS / font_size
            starts = [*log, item.length]
            start = first
            while start < end:
                stop = start + 1
                while stop < end and starts[stop] == starts[start]:
                    stop += 1
                first_byte, end_byte = offset + starts[start], offset + starts[stop]
                if not in_span and first_byte in spans:
                    flush()
                    stream.begin_marked_content("Span", spans[first_byte][1])
                    in_span, span_end = True, spans[first_byte][0]
                text = utf8[first_byte:end_byte].decode().translate(INVISIBLE)
                if gap and text:
                    first_char = text[0]
                    if _is_thai(previous) and _is_thai(first_char) and first_char not in THAI_MARKS:
                        pending += gap_em
                    if len(text) > 1:
                        pending += gap_em * thai_gaps(text[1:], first_char)
                    previous = text[-1]
                real, advance = glyphs_of(infos, start, stop, to_em)
                pending += advance
                start = stop
                for _key, found in coded_pieces(
                    stream, font, pango_font, font_size, cache, real, text
                ):
                    if pending >= 0.5 or pending <= -0.5:
                        shift = round(pending, 1)
                        array.append(f">{-shift}<")
                        pending -= shift
                    array.append(found[0])
                    pending += found[1]
                if in_span and end_byte >= span_end:
                    flush()
                    stream.end_marked_content()
                    in_span = False

        stream.set_text_matrix(*matrix.values)
        current_font = None
        # Thai distributed justification: the space added at each gap between two Thai
        # graphemes (``_thai_justify_line`` noted it on the box when it justified the line).
        gap, previous = getattr(textbox, "_thai_gap", 0), ""
        append = array.append
        for glyph_item, font, font_size, raw, infos, log in runs:
            if old_pango:
                font_size = style["font_size"]
            pango_font = glyph_item.item.analysis.font
            gap_em = gap * 1000 / font_size
            codes = font.__dict__.setdefault("_thai_codes", {}).setdefault(font_size, {})
            programs = font.__dict__.setdefault("_thai_words", {}).setdefault(font_size, {})
            if current_font != (font.hash, font_size):
                flush()
                stream.set_font_size(font.hash, font_size)
                current_font = (font.hash, font_size)
            item = glyph_item.item
            offset = item.offset
            segments = segments_of(utf8[offset : offset + item.length], log)
            if segments is None:
                draw_clusters(item, font, pango_font, font_size, codes, infos, log, 0, len(log))
                continue
            # Each word, and the white space or U+200B after it, is drawn from its program,
            # made once per document for each text and glyph string.
            for segment in segments:
                part, position, first_glyph, end_glyph, word = segment
                key = (part, raw[20 * first_glyph : 20 * end_glyph])
                program = programs.get(key)
                if program is None:
                    templates = _TEMPLATES.setdefault((font.hash, font_size), {})
                    template = templates.get(key)
                    if template is None:
                        if len(templates) >= _MAX_TEMPLATES:
                            templates.clear()
                        template = templates[key] = template_of(
                            stream, font, pango_font, font_size, codes, infos, log, segment
                        )
                    program = programs[key] = program_of(
                        stream, font, pango_font, font_size, codes, template
                    )
                span, steps, tail_gaps, tail, lead, last = program
                if in_span or (
                    word
                    and (
                        (position == 0 and offset and not _separator_before(utf8, offset))
                        or (
                            end_glyph == len(log)
                            and offset + item.length < len(utf8)
                            and not _SEPARATORS.match(utf8, offset + item.length)
                        )
                    )
                ):
                    # A word cut by a run boundary: its span is the line's, not the run's.
                    draw_clusters(
                        item, font, pango_font, font_size, codes, infos, log, first_glyph, end_glyph
                    )
                    continue
                if span:
                    # One /ActualText span per Thai word with marks of no width: poppler
                    # places such marks by their zero-width boxes, and misorders them
                    # without it.
                    flush()
                    stream.begin_marked_content("Span", span)
                if gap:
                    if lead and _is_thai(previous):
                        pending += gap_em
                    for gaps, before, code in steps:
                        pending += before + gaps * gap_em
                        if pending >= 0.5 or pending <= -0.5:
                            shift = round(pending, 1)
                            append(f">{-shift}<")
                            pending -= shift
                        append(code)
                    pending += tail + tail_gaps * gap_em
                    if last:
                        previous = last
                else:
                    for _gaps, before, code in steps:
                        pending += before
                        if pending >= 0.5 or pending <= -0.5:
                            shift = round(pending, 1)
                            append(f">{-shift}<")
                            pending -= shift
                        append(code)
                    pending += tail
                if span:
                    flush()
                    stream.end_marked_content()
        flush()
        if in_span:
            stream.end_marked_content()
        return []

    return wrapper


def _with_our_glyphs(clean):
    """Subset the font with the glyphs our codes are made of, then add those codes."""

    @functools.wraps(clean)
    def wrapper(self, to_unicode, hinting):
        glyphs = getattr(self, "_thai_glyphs", None)
        if glyphs is None or not glyphs.components or not to_unicode:
            return clean(self, to_unicode, hinting)
        ours = set(glyphs.components)
        keep = {glyph_id: "" for glyph_id in to_unicode if glyph_id not in ours}
        for components in glyphs.components.values():
            for glyph_id, _dx, _dy in components:
                keep.setdefault(glyph_id, "")
        clean(self, keep, hinting)
        self.file_content = _add_composites(self.file_content, self.index, glyphs)

    return wrapper


def _add_composites(content: bytes, index: int, glyphs: _FontGlyphs) -> bytes:
    """The font ``content`` with a composite glyph at each of our codes (and empty
    glyphs between its last glyph and our first code)."""
    import io

    from fontTools.ttLib import TTFont
    from fontTools.ttLib.tables._g_l_y_f import Glyph, GlyphComponent

    # Lazy, and no bounding boxes recomputed: only our glyphs are read and written
    # anew, the others are copied as they are (maxp is brought up to date below).
    font = TTFont(
        io.BytesIO(content), fontNumber=index, lazy=True, recalcBBoxes=False, recalcTimestamp=False
    )
    order = list(font.getGlyphOrder())
    first_new = len(order)
    order += [f"thai{code}" for code in range(first_new, max(glyphs.components) + 1)]
    font.setGlyphOrder(order)
    glyf, hmtx = font["glyf"], font["hmtx"]
    glyf.glyphOrder = order
    for code in range(first_new, len(order)):
        glyph = glyf.glyphs[order[code]] = Glyph()
        components = glyphs.components.get(code)
        if not components:
            hmtx.metrics[order[code]] = (0, 0)
            continue
        glyph.numberOfContours = -1
        glyph.components = []
        for glyph_id, dx, dy in components:
            component = GlyphComponent()
            component.glyphName = order[glyph_id]
            component.x, component.y = dx, dy
            # A duplicate (one component, maybe raised) takes the metrics of its glyph.
            component.flags = 0x0200 if len(components) == 1 and dx == 0 else 0
            glyph.components.append(component)
    for code, components in glyphs.components.items():
        glyph = glyf[order[code]]
        glyph.recalcBounds(glyf)
        if len(components) == 1 and components[0][1] == 0:
            hmtx.metrics[order[code]] = hmtx.metrics[order[components[0][0]]]
        else:
            hmtx.metrics[order[code]] = (glyphs.advances[code], glyph.xMin)
    maxp = font["maxp"]
    if maxp.tableVersion >= 0x00010000:
        most = max(len(components) for components in glyphs.components.values())
        maxp.maxComponentElements = max(maxp.maxComponentElements, most)
        maxp.maxComponentDepth += 1
        points = max(maxp.maxPoints, maxp.maxCompositePoints)
        contours = max(maxp.maxContours, maxp.maxCompositeContours)
        maxp.maxCompositePoints = max(maxp.maxCompositePoints, points * most)
        maxp.maxCompositeContours = max(maxp.maxCompositeContours, contours * most)
    if "post" in font:
        font["post"].formatType = 3.0  # no glyph names: they are not needed in a PDF
    output = io.BytesIO()
    font.save(output)
    return output.getvalue()


# --- 4. Thai distributed justification ---------------------------------------------------
#
# WeasyPrint justifies a line by widening its spaces only; a Thai line has few, so its
# spaces would gape. Official documents use Thai distributed justification: the extra
# width goes evenly to every gap between two Thai graphemes and to the spaces. Our
# ``justify_line`` widens the boxes of the line (as WeasyPrint's does for spaces) and
# notes the gap's width on each text box; our ``draw_first_line`` puts it at each gap.
# A gap is never wider than MAX_GAP_EM, since a reader takes a wider one for a word space
# (pdf.js, pdfminer.six and poppler from 0.1 em): the spaces take the rest, up to
# MAX_SPACE_EM each, and a line that would need more is left a little short.

# Letters that join the grapheme before them: above and below vowels, tone marks, ำ.
THAI_MARKS = frozenset("\u0e31\u0e33\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a") | frozenset(
    map(chr, range(0x0E47, 0x0E4F))
)
MAX_GAP_EM = 0.09
# A space may widen by up to this much (a line that needs more is left short).
MAX_SPACE_EM = 1.0


def _is_thai(character: str) -> bool:
    return "\u0e01" <= character <= "\u0e5b"


# A Thai letter that starts a grapheme, after a Thai letter.
THAI_GAP = re.compile("(?<=[\u0e01-\u0e5b])[\u0e01-\u0e30\u0e32\u0e3f-\u0e46\u0e4f-\u0e5b]")


@functools.lru_cache(maxsize=2048)  # justification counts a line's gaps twice
def thai_gaps(text: str, previous: str = "") -> int:
    """The gaps between two Thai graphemes in ``text`` (after ``previous``, if given)."""
    return len(THAI_GAP.findall(previous + text.translate(INVISIBLE)))


def _thai_justify_line(justify_line, inline):
    """``justify_line`` giving the extra width to Thai grapheme gaps and spaces."""
    from weasyprint.formatting_structure import boxes
    from weasyprint.text.line_break import create_layout

    def gaps_of(box):
        if isinstance(box, boxes.TextBox):
            return thai_gaps(box.text)
        if isinstance(box, (boxes.LineBox, boxes.InlineBox)):
            return sum(gaps_of(child) for child in box.children)
        return 0

    def widen(context, box, gap, space, x_advance):
        """Move ``box`` right by ``x_advance`` and widen its gaps and spaces; return the
        advance for the boxes after it."""
        if isinstance(box, boxes.TextBox):
            box.position_x += x_advance
            box._thai_gap = gap
            spaces = inline.count_expandable_spaces(box)
            if spaces and space:
                # As WeasyPrint does: a layout whose spaces are wider when drawn.
                box.justification_spacing = space
                box.pango_layout = create_layout(
                    box.text, box.style, context, max_width=None, justification_spacing=space
                )
                box.pango_layout.deactivate()
            extra = gap * thai_gaps(box.text) + space * spaces
            box.width += extra
            return x_advance + extra
        if isinstance(box, (boxes.LineBox, boxes.InlineBox)):
            box.position_x += x_advance
            start = x_advance
            children = box.children[::-1] if box.style["direction"] == "rtl" else box.children
            for child in children:
                if child.is_in_normal_flow():
                    x_advance = widen(context, child, gap, space, x_advance)
            box.width += x_advance - start
            return x_advance
        box.translate(x_advance, 0)
        return x_advance

    @functools.wraps(justify_line)
    def wrapper(context, line, extra_width):
        gaps = gaps_of(line) if enabled.get() else 0
        if not gaps:
            return justify_line(context, line, extra_width)
        spaces = inline.count_expandable_spaces(line)
        em = line.style["font_size"]
        gap = min(extra_width / (gaps + spaces), MAX_GAP_EM * em)
        space = min((extra_width - gap * gaps) / spaces, MAX_SPACE_EM * em) if spaces else 0
        widen(context, line, gap, space, 0)

    return wrapper
