"""The text of a PDF as six readers extract it, and the check that it is the source text.

poppler (pdftotext: Evince, Okular), PDFium (pypdfium2: Chrome, Edge), pdf.js (pdfjs-dist
under node: Firefox), MuPDF (PyMuPDF: SumatraPDF, many phone viewers), pypdf and
pdfminer.six (search indexers, e-document systems, scripts). The Python readers come with
the ``dev`` extra, pdf.js with ``npm ci`` (package.json), poppler-utils from Debian
(``make system-packages``). Used by tests/reports/test_text_layer.py and
bench/text_layer.py.
"""

from __future__ import annotations

import html as html_module
import importlib.util
import os
import re
import shutil
import subprocess
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

READERS = ["poppler", "pdfium", "pdf.js", "mupdf", "pypdf", "pdfminer"]
BASE_DIR = Path(__file__).resolve().parent.parent.parent
PDFJS_SCRIPT = Path(__file__).with_name("pdfjs_text.mjs")
_SPACE = re.compile(r"\s+")
# Page furniture that CSS generates, so it is not in the HTML: the running footer
# (หน้า n จาก m, in either digits) and the · before a committee role.
_FOOTER = re.compile(r"หน้า[\d๐-๙]+จาก[\d๐-๙]+$")
# The number CSS puts before an item of an ordered list (on its own line, or on the
# item's first line).
_MARKER = re.compile(r"^[\d๐-๙]{1,3}\.")


def squeeze(text: str) -> str:
    return _SPACE.sub("", text)


def pdfjs_module() -> Path:
    """pdfjs-dist's legacy build (for node), from node_modules or PDFJS_DIST_DIR."""
    root = Path(os.environ.get("PDFJS_DIST_DIR") or BASE_DIR / "node_modules" / "pdfjs-dist")
    return root / "legacy" / "build" / "pdf.mjs"


_MODULES = {"pdfium": "pypdfium2", "mupdf": "pymupdf", "pypdf": "pypdf", "pdfminer": "pdfminer"}


def missing(reader: str) -> str | None:
    """What is missing for ``reader``, or None when it can run here."""
    if reader == "poppler":
        return None if shutil.which("pdftotext") else "pdftotext (Debian poppler-utils)"
    if reader == "pdf.js":
        if not shutil.which("node"):
            return "node"
        return None if pdfjs_module().exists() else f"pdfjs-dist ({pdfjs_module()}: npm ci)"
    module = _MODULES[reader]
    return None if importlib.util.find_spec(module) else f"{module} (pip install -e '.[dev]')"


def extract(reader: str, pdf: Path) -> str:
    """The text of ``pdf`` as ``reader`` gives it, pages separated by form feeds."""
    if reader == "poppler":
        return _run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"])
    if reader == "pdf.js":
        return _run(["node", str(PDFJS_SCRIPT), pdfjs_module().as_uri(), str(pdf)])
    if reader == "pdfium":
        import pypdfium2

        document = pypdfium2.PdfDocument(str(pdf))
        try:
            return "\f".join(page.get_textpage().get_text_range() for page in document)
        finally:
            document.close()
    if reader == "mupdf":
        import pymupdf

        with pymupdf.open(str(pdf)) as document:
            return "\f".join(page.get_text("text") for page in document)
    if reader == "pypdf":
        import pypdf

        return "\f".join(page.extract_text() for page in pypdf.PdfReader(str(pdf)).pages)
    if reader == "pdfminer":
        from pdfminer.high_level import extract_text

        return extract_text(str(pdf))
    raise ValueError(reader)


def extract_bytes(reader: str, content: bytes) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        Path(file.name).write_bytes(content)
        return extract(reader, Path(file.name))


def _run(command: list[str]) -> str:
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


@dataclass
class Verdict:
    """What a reader's text says about the text layer."""

    lines: int = 0
    wrong: list[str] = field(default_factory=list)  # not part of the source
    repeated: list[str] = field(default_factory=list)  # more often than in the source

    @property
    def bad(self) -> list[str]:
        return self.wrong + self.repeated


def check(text: str, source: str, *, running: tuple[str, ...] = ()) -> Verdict:
    """Every non-empty line of ``text`` must be part of ``source`` (white space ignored),
    and no line may come back more often than the source has it, but for the lines of
    ``running``: texts CSS repeats on every page (``string-set``: title, stamp)."""
    flat = squeeze(source)
    running = tuple(squeeze(text) for text in running)
    lines = []
    for line in text.splitlines():
        line = _FOOTER.sub("", squeeze(line))  # (beside the stamp, or alone)
        if "·" not in flat:
            line = line.replace("·", "")
        if line not in flat and (marker := _MARKER.match(line)):
            line = line[marker.end() :]
        if line and not _MARKER.fullmatch(line) and not any(line in r for r in running):
            lines.append(line)
    verdict = Verdict(lines=len(lines))
    for line, count in Counter(lines).items():
        if line not in flat:
            verdict.wrong += [line] * count
        elif count > 1 and count > flat.count(line):
            verdict.repeated.append(line)
    if (length := sum(map(len, lines))) > len(flat):
        verdict.repeated.append(f"(more text than the source: {length} > {len(flat)})")
    return verdict


class _Text(HTMLParser):
    """The character data of an HTML document, outside <head>, <style> and <script>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("head", "style", "script"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("head", "style", "script") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def html_text(document: str) -> str:
    """The text of an HTML document, as a reader should get it back from its PDF."""
    parser = _Text()
    parser.feed(document)
    return html_module.unescape("\n".join(parser.parts)).translate(
        dict.fromkeys(map(ord, "\u200b\u2060\u00ad\ufeff"))
    )


_RUNNING = re.compile(r'<h1>(.*?)</h1>|<span class="stamp">(.*?)</span>', re.DOTALL)


def running_texts(document: str) -> tuple[str, ...]:
    """The texts a report repeats in the margins of every page (report.css: the ``h1``
    title and the ``.stamp``, through ``string-set``)."""
    return tuple(html_text(a or b) for a, b in _RUNNING.findall(document))
