"""Reading PDFs back with poppler-utils (pdftotext, pdffonts, pdfinfo), for the tests."""

import re
import subprocess
import tempfile
from pathlib import Path

from reports.pdf.thai_typography import THAI_RUN, ZWSP, mark_word_boundaries

_SPACE = re.compile(r"\s+")


def _run(tool: str, pdf: bytes, *arguments: str) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        Path(file.name).write_bytes(pdf)
        return subprocess.run(
            [tool, *arguments, file.name, *(["-"] if tool == "pdftotext" else [])],
            capture_output=True,
            text=True,
            check=True,
        ).stdout


def pdf_text(pdf: bytes, *, layout: bool = False) -> str:
    return _run("pdftotext", pdf, *(["-layout"] if layout else []))


def pdf_fonts(pdf: bytes) -> list[dict[str, str]]:
    """Rows of pdffonts: name, emb, sub, uni."""
    rows = []
    for line in _run("pdffonts", pdf).splitlines()[2:]:
        parts = line.split()
        # name type... encoding emb sub uni object generation
        rows.append({"name": parts[0], "emb": parts[-5], "sub": parts[-4], "uni": parts[-3]})
    return rows


def pdf_pages(pdf: bytes) -> int:
    info = _run("pdfinfo", pdf)
    return int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE).group(1))


def squeeze(text: str) -> str:
    return _SPACE.sub("", text)


def allowed_breaks(paragraph: str) -> set[int]:
    """Offsets (in the paragraph without whitespace) where a line may end: anywhere
    except between two Thai letters of one newmm word. Words are found between white
    space, as the pipeline finds them (a space is a word boundary, always)."""
    forbidden, offset = set(), 0
    for token in paragraph.split():
        for match in THAI_RUN.finditer(token):
            position = offset + match.start()
            for word in mark_word_boundaries(match.group()).split(ZWSP):
                forbidden.update(range(position + 1, position + len(word)))
                position += len(word)
        offset += len(token)
    return set(range(offset + 1)) - forbidden


def line_ends_inside_words(paragraph: str, lines: list[str]) -> list[str]:
    """The lines of ``paragraph`` (as extracted, in order) that end inside a Thai word."""
    allowed = allowed_breaks(paragraph)
    bad, offset = [], 0
    for line in lines[:-1]:
        offset += len(squeeze(line))
        if offset not in allowed:
            bad.append(line)
    return bad


def paragraph_lines(text: str, paragraph: str, *, furniture: int = 4) -> list[str] | None:
    """The extracted lines that make up ``paragraph``, in order, or None if it is not there
    whole. Up to ``furniture`` foreign lines (a running header or footer, when the
    paragraph runs over a page) may sit between its lines."""
    lines = [line for line in text.splitlines() if line.strip()]
    target = squeeze(paragraph)
    for start, line in enumerate(lines):
        first = squeeze(line)
        if not target.startswith(first):
            continue
        found, rest, skipped = [line], target[len(first) :], 0
        for following in lines[start + 1 :]:
            if not rest or skipped > furniture:
                break
            piece = squeeze(following)
            if rest.startswith(piece):
                found.append(following)
                rest = rest[len(piece) :]
            else:
                skipped += 1
        if not rest:
            return found
    return None


_WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>'
)
A4_WIDTH_PT = 595.28
RIGHT_MARGIN_PT = 2 / 2.54 * 72  # 2 cm, as report.css sets it


def words_past_the_right_margin(pdf: bytes, *, tolerance: float = 1.0) -> list[str]:
    """Words whose box ends right of the right margin: a table or a line that overflows."""
    limit = A4_WIDTH_PT - RIGHT_MARGIN_PT + tolerance
    return [
        text
        for _x_min, x_max, text in _WORD.findall(_run("pdftotext", pdf, "-bbox"))
        if float(x_max) > limit
    ]
