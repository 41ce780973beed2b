"""The text layer of a Thai minutes PDF, read back by six PDF readers.

    # 1. render: run from the checkout whose code (and WeasyPrint) you want to measure
    cd /work/main && .venv/bin/python /path/to/bench/text_layer.py render --out /tmp/minutes-69.pdf
    .venv/bin/python -m bench.text_layer render --out /tmp/minutes-70.pdf
    # 2. measure: needs the readers (pip install -e '.[dev]'; pdfjs-dist: npm ci, or
    #    PDFJS_DIST_DIR=/path/to/node_modules/pdfjs-dist)
    .venv/bin/python -m bench.text_layer measure /tmp/minutes-69.pdf /tmp/minutes-70.pdf

``render`` makes (idempotently, in its own database ``monitor_bench_textlayer`` or
BENCH_DATABASE_URL) a committee meeting of Nakhon Phanom whose agenda items carry the
five seed news items (``SHARED_DATA_DIR/../seeds/*.txt``) as their text, renders its
minutes with the report code (``report_html`` + ``html_to_pdf``, as the worker does) and
writes the PDF and, beside it, ``.source.txt``: the text of the rendered HTML.

``measure`` extracts the text of each PDF with poppler (pdftotext), PDFium
(pypdfium2), pdf.js (pdfjs-dist under node), MuPDF (PyMuPDF), pypdf and pdfminer.six,
and counts the non-empty lines and the lines that are not a substring of the source,
white space ignored, or that come back more often than the source has them
(``tests/reports/pdf_readers.py``, which the six-reader test uses too). Only the page
furniture that CSS generates (``หน้า n จาก m``, the ``·`` before a committee role) is
not in the HTML; it is accepted as such.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from tests.reports import pdf_readers

READERS = pdf_readers.READERS


def _seed_items(seeds: Path) -> list[tuple[int, str, str]]:
    items = []
    for index, path in enumerate(sorted(seeds.glob("*.txt"))):
        lines = [line.strip() for line in path.read_text().splitlines() if line.strip()]
        part = [1, 3, 4, 4, 5][index % 5]
        items.append((part, lines[0][:1000], "\n".join(lines[1:])))
    return items


def _meeting(seeds: Path, *, pages: int = 12):
    import datetime

    from meetings.models import Committee
    from meetings.services import agenda_item_add, committee_create, meeting_create
    from programs.models import Province

    name = "คณะกรรมการป้องกันและแก้ไขปัญหายาเสพติดแบบบูรณาการ จังหวัดนครพนม (bench text layer)"
    items = _seed_items(seeds)
    if pages > 12:
        # About 20 pages: the five seed items, then the first three again.
        name += f" {pages}"
        items += [(5, title, discussion) for _part, title, discussion in items[:3]]
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
        for part, title, discussion in items:
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
    out.with_suffix(".source.txt").write_text(pdf_readers.html_text(document))
    print(
        f"{out}: WeasyPrint {weasyprint.__version__}{' (plain, no Thai pipeline)' * plain}, "
        f"{pdf.page_count} pages, "
        f"{len(pdf.content) / 1024:.0f} KiB, meeting {meeting.pk}"
    )


# --- CPU ratio ---------------------------------------------------------------------------


def ratio(repeat: int) -> None:
    """CPU time of the Thai pipeline against plain WeasyPrint on the same HTML, for a
    ~20-page provincial summary (bench/reports.py's data) and a ~20-page minutes of the
    seed texts: ``time.process_time`` of ``html_to_pdf`` (layout and PDF), a new document
    each render, ours and plain taking turns after one warm-up render of each."""
    import resource
    import statistics
    import time

    sys.path.insert(0, os.getcwd())
    os.environ.setdefault(
        "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/monitor_bench_textlayer"
    )
    from bench import reports as bench_reports  # (sets the bench database up on import)

    bench_reports.django_setup()
    bench_reports.build_data()
    from django.conf import settings
    from django.utils import translation

    from reports.kinds import registry
    from reports.pdf.render import html_to_pdf
    from reports.services import report_html

    seeds = Path(settings.SHARED_DATA_DIR).parent / "seeds"
    documents = {
        "provincial summary": (
            "provincial_summary",
            {"province": bench_reports.PROVINCE, "fiscal_year": 2568},
        ),
        "minutes (seed texts)": ("minutes", {"meeting": _meeting(seeds, pages=20).pk}),
    }
    print(f"{'document':22} pages  ours s  plain s  ratio(min)  ratio(median)  ms/page  peak RSS")
    for label, (kind, parameters) in documents.items():
        with translation.override("th"):
            clean = registry[kind].clean_parameters(parameters, user=None)
            html = report_html(job_kind=kind, parameters=clean, user=None)
        base = str(settings.BASE_DIR)
        times: dict[bool, list[float]] = {True: [], False: []}
        html_to_pdf(html, base_url=base)
        html_to_pdf(html, base_url=base, thai_pipeline=False)
        for _ in range(repeat):
            for thai in (True, False):
                cpu = time.process_time()
                pages = html_to_pdf(html, base_url=base, thai_pipeline=thai).page_count
                times[thai].append(time.process_time() - cpu)
        ours, plain = min(times[True]), min(times[False])
        median = statistics.median(times[True]) / statistics.median(times[False])
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"{label:22} {pages:5}  {ours:6.2f}  {plain:7.2f}  {ours / plain:9.2f}×  "
            f"{median:12.2f}×  {ours / pages * 1000:7.0f}  {rss:5.0f} MiB"
        )


# --- measure -----------------------------------------------------------------------------


def measure(pdfs: list[Path], show: int) -> dict:
    results = {}
    for pdf in pdfs:
        source = pdf.with_suffix(".source.txt").read_text()
        for reader in READERS:
            verdict = pdf_readers.check(pdf_readers.extract(reader, pdf), source)
            results[(pdf.name, reader)] = (verdict.lines, verdict.bad)
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
    ratio_parser = commands.add_parser("ratio")
    ratio_parser.add_argument("--repeat", type=int, default=5)
    measure_parser = commands.add_parser("measure")
    measure_parser.add_argument("pdfs", type=Path, nargs="+")
    measure_parser.add_argument("--show", type=int, default=0, help="print N bad lines each")
    measure_parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    if args.command == "render":
        render(args.out, plain=args.plain)
    elif args.command == "ratio":
        ratio(args.repeat)
    else:
        figures = measure(args.pdfs, args.show)
        if args.json:
            args.json.write_text(json.dumps(figures, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
