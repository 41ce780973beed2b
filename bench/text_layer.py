"""The text layer of a Thai minutes PDF, read back by six PDF readers.

    # 1. render: run from the checkout whose code (and WeasyPrint) you want to measure
    cd /work/main && .venv/bin/python /path/to/bench/text_layer.py render --out /tmp/minutes-69.pdf
    .venv/bin/python -m bench.text_layer render --out /tmp/minutes-70.pdf
    # 2. measure: needs the readers (pip install -e '.[pdf-readers]'; pdfjs-dist from npm
    #    in a scratch directory, e.g. cd /tmp/pdfjs && npm install pdfjs-dist)
    .venv/bin/python -m bench.text_layer measure /tmp/minutes-69.pdf /tmp/minutes-70.pdf

``render`` makes (idempotently, in its own database ``monitor_bench_textlayer`` or
BENCH_DATABASE_URL) a committee meeting of Nakhon Phanom whose agenda items carry the
five seed news items (``SHARED_DATA_DIR/../seeds/*.txt``) as their text, renders its
minutes with the report code (``report_html`` + ``html_to_pdf``, as the worker does) and
writes the PDF and, beside it, ``.source.txt``: the text of the rendered HTML.

``measure`` extracts the text of each PDF with poppler (pdftotext), PDFium
(pypdfium2), pdf.js (pdfjs-dist under node), MuPDF (PyMuPDF), pypdf and pdfminer.six,
and counts the non-empty lines and the lines that are not a substring of the source,
white space ignored. Only the page furniture that CSS generates (``หน้า n จาก m``, the
``·`` before a committee role) is not in the HTML; it is accepted as such.
"""

from __future__ import annotations

import argparse
import html as html_module
import json
import os
import re
import subprocess
import sys
import tempfile
from html.parser import HTMLParser
from pathlib import Path

_SPACE = re.compile(r"\s+")
_FOOTER = re.compile(r"^หน้า\d+จาก\d+$")
READERS = ["poppler", "pdfium", "pdf.js", "mupdf", "pypdf", "pdfminer"]


def squeeze(text: str) -> str:
    return _SPACE.sub("", text)


# --- render ------------------------------------------------------------------------------


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
    parser = _Text()
    parser.feed(document)
    return html_module.unescape("\n".join(parser.parts))


def _seed_items(seeds: Path) -> list[tuple[int, str, str]]:
    items = []
    for index, path in enumerate(sorted(seeds.glob("*.txt"))):
        lines = [line.strip() for line in path.read_text().splitlines() if line.strip()]
        part = [1, 3, 4, 4, 5][index % 5]
        items.append((part, lines[0][:1000], "\n".join(lines[1:])))
    return items


def _meeting(seeds: Path):
    import datetime

    from meetings.models import Committee
    from meetings.services import agenda_item_add, committee_create, meeting_create
    from programs.models import Province

    name = "คณะกรรมการป้องกันและแก้ไขปัญหายาเสพติดแบบบูรณาการ จังหวัดนครพนม (bench text layer)"
    province, _ = Province.objects.get_or_create(
        code="48",
        defaults={"name_th": "นครพนม", "name_en": "Nakhon Phanom", "region": "northeast"},
    )
    committee = Committee.objects.filter(name=name).first()
    if committee is None:
        committee = committee_create(name=name, provinces=[province])
    meeting = committee.meetings.order_by("pk").first()
    if meeting is None:
        meeting = meeting_create(
            committee=committee,
            date=datetime.date(2024, 12, 12),
            venue="ห้องประชุมลำดวนทอง โรงแรมพรหมพิมาน อำเภอเมืองนครพนม จังหวัดนครพนม",
            start_time=datetime.time(9, 30),
            end_time=datetime.time(12, 5),
            chair_name="นายธาตรี สิริรุ่งวนิช",
            chair_position="รองผู้ว่าราชการจังหวัดนครพนม",
            recorder_name="นางสาวสมหญิง ใจดี",
            recorder_position="นักวิชาการสาธารณสุขชำนาญการ",
        )
        for part, title, discussion in _seed_items(seeds):
            agenda_item_add(
                meeting=meeting,
                part=part,
                title=title,
                discussion=discussion,
                resolution="ที่ประชุมรับทราบและมอบหมายสำนักงานสาธารณสุขจังหวัดดำเนินการต่อไป",
            )
    return meeting


def render(out: Path, *, plain: bool = False) -> None:
    # Run from the checkout to measure: its code, its settings, its WeasyPrint.
    sys.path.insert(0, os.getcwd())
    os.environ.setdefault(
        "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/monitor_bench_textlayer"
    )
    from bench._setup import django_setup

    django_setup()
    import weasyprint
    from django.conf import settings
    from django.utils import translation

    from reports.pdf.render import html_to_pdf
    from reports.services import report_html

    seeds = Path(settings.SHARED_DATA_DIR).parent / "seeds"
    if not seeds.is_dir():
        seeds = Path(os.getcwd()).parent / "shared" / "seeds"
    meeting = _meeting(seeds)
    with translation.override("th"):
        document = report_html(job_kind="minutes", parameters={"meeting": meeting.pk}, user=None)
        pdf = html_to_pdf(document, base_url=str(settings.BASE_DIR), thai_pipeline=not plain)
    out.write_bytes(pdf.content)
    out.with_suffix(".source.txt").write_text(html_text(document))
    print(
        f"{out}: WeasyPrint {weasyprint.__version__}{' (plain, no Thai pipeline)' * plain}, "
        f"{pdf.page_count} pages, "
        f"{len(pdf.content) / 1024:.0f} KiB, meeting {meeting.pk}"
    )


# --- measure -----------------------------------------------------------------------------

_PDFJS = """
const [pdfjsPath, file] = process.argv.slice(2);
const pdfjs = await import(pdfjsPath);
const fs = await import("node:fs");
const data = new Uint8Array(fs.readFileSync(file));
const doc = await pdfjs.getDocument({ data, useSystemFonts: false, verbosity: 0 }).promise;
let out = "";
for (let n = 1; n <= doc.numPages; n++) {
  const content = await (await doc.getPage(n)).getTextContent();
  for (const item of content.items) out += item.str + (item.hasEOL ? "\\n" : "");
  out += "\\n\\f";
}
process.stdout.write(out);
"""


def extract(reader: str, pdf: Path, pdfjs_dir: Path) -> str:
    if reader == "poppler":
        return subprocess.run(
            ["pdftotext", "-enc", "UTF-8", str(pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    if reader == "pdfium":
        import pypdfium2

        document = pypdfium2.PdfDocument(str(pdf))
        return "\n".join(page.get_textpage().get_text_range() for page in document)
    if reader == "pdf.js":
        module = pdfjs_dir / "node_modules" / "pdfjs-dist" / "legacy" / "build" / "pdf.mjs"
        with tempfile.NamedTemporaryFile("w", suffix=".mjs", delete=False) as script:
            script.write(_PDFJS)
        try:
            return subprocess.run(
                ["node", script.name, module.as_uri(), str(pdf)],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
        finally:
            os.unlink(script.name)
    if reader == "mupdf":
        import pymupdf

        with pymupdf.open(str(pdf)) as document:
            return "\n".join(page.get_text("text") for page in document)
    if reader == "pypdf":
        import pypdf

        return "\n".join(page.extract_text() for page in pypdf.PdfReader(str(pdf)).pages)
    if reader == "pdfminer":
        from pdfminer.high_level import extract_text

        return extract_text(str(pdf))
    raise ValueError(reader)


def check(text: str, source: str) -> tuple[int, list[str]]:
    """Lines checked, and the lines that are not a substring of the source."""
    flat = squeeze(source)
    lines = [squeeze(line).lstrip("·") for line in text.splitlines()]
    lines = [line for line in lines if line]
    bad = [line for line in lines if line not in flat and not _FOOTER.match(line)]
    return len(lines), bad


def measure(pdfs: list[Path], pdfjs_dir: Path, show: int) -> dict:
    results = {}
    for pdf in pdfs:
        source = pdf.with_suffix(".source.txt").read_text()
        for reader in READERS:
            lines, bad = check(extract(reader, pdf, pdfjs_dir), source)
            results[(pdf.name, reader)] = (lines, bad)
    width = max(len(pdf.name) for pdf in pdfs)
    print(f"{'reader':10} " + " ".join(f"{pdf.name:>{width + 14}}" for pdf in pdfs))
    for reader in READERS:
        cells = []
        for pdf in pdfs:
            lines, bad = results[(pdf.name, reader)]
            cells.append(f"{len(bad):>{width}} bad / {lines:>4}")
        print(f"{reader:10} " + " ".join(cells))
    if show:
        for (name, reader), (_lines, bad) in results.items():
            for line in bad[:show]:
                print(f"  {name} {reader}: {line[:90]}")
    return {
        f"{name} {reader}": [lines, len(bad)] for (name, reader), (lines, bad) in results.items()
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    commands = parser.add_subparsers(dest="command", required=True)
    render_parser = commands.add_parser("render")
    render_parser.add_argument("--out", type=Path, required=True)
    render_parser.add_argument(
        "--plain", action="store_true", help="without our line breaks and ActualText, to compare"
    )
    measure_parser = commands.add_parser("measure")
    measure_parser.add_argument("pdfs", type=Path, nargs="+")
    measure_parser.add_argument("--pdfjs-dir", type=Path, default=Path("/tmp/pdfjs"))
    measure_parser.add_argument("--show", type=int, default=0, help="print N bad lines each")
    measure_parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    if args.command == "render":
        render(args.out, plain=args.plain)
    else:
        figures = measure(args.pdfs, args.pdfjs_dir, args.show)
        if args.json:
            args.json.write_text(json.dumps(figures, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
