"""The Thai text layer read back by six PDF readers, and line ends, on real Thai text and
on every report kind rendered from the demo data.

For each reader (tests/reports/pdf_readers.py): every extracted line is part of the
source text (white space ignored), no line comes back more often than the source has it,
and a search for a word finds it in the reader's text. A reader that is not installed is
skipped here and fails under CI (``make test`` installs them all: the ``dev`` extra,
``npm ci``, Debian's poppler-utils).
"""

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.html import escape

from reports.pdf import thai_typography
from reports.pdf.render import html_to_pdf
from tests.reports import pdf_readers
from tests.reports.pdf_checks import line_ends_inside_words, paragraph_lines, pdf_text
from tests.reports.thai_samples import HARD_CASES, SEED_PARAGRAPHS

# Text that exercises what the text layer got wrong: ำ after tone marks, ู and ุ under
# tone marks, tone marks lowered or shifted over ป ฝ ฟ, ฤ ฦ, Thai digits, Latin, numbers
# and hyphens inside Thai sentences.
HARD_TEXT = [
    "น้ำ ทำ ค่ำ น้ำใจ ค่ำคืน ทำนา กา นา ก้ำ ล้ำ ซ้ำ ย้ำ ต่ำ ร่ำรวย จำ ดำเนินงาน กำลังใจ",
    "ผู้ใหญ่ ปู่ ดุ้ง ทุ่ง ลุ่ม ชู้ หนู่ ภู่ กุ้ง ผู้มาประชุม ผู้ไม่มาประชุม",
    "ป้า ป่า ปี่ ปั้น ฝั่ง ฝ้าย ฟ้า ฟ่อน ฟื้นฟู ป้ำ ฝ่ำ ปู่ ฝู ปิ่นโต ฝึกอบรม",
    "ฤดูฝน ฤทธิ์ ฤๅษี ฦๅ พฤษภาคม อังกฤษ ทฤษฎี",
    "เลขไทย ๐๑๒๓๔๕๖๗๘๙ ปีงบประมาณ พ.ศ. ๒๕๖๘ และ 0123456789 ราคา 1,234.50 บาท ร้อยละ 12.5",
    "การศึกษาระดับอาชีวศึกษา-อุดมศึกษา ระดับประถม-มัธยม ระหว่างวันที่ 26 - 28 มกราคม 2568"
    " โครงการ TO BE NUMBER ONE และ video conference ณ ห้องประชุม POC",
    "ญี่ปุ่น ฎีกา ฐาน ฏ ฐ ญ ที่นี่ กี่ กิ่ง ปิ่น ซื่อ ทั้งนี้ ให้ไว้ ณ วันที่",
]
# A search for each of these must find it in every reader's text.
SEARCH_WORDS = [
    "น้ำ",
    "ค่ำคืน",
    "ดำเนินงาน",
    "ผู้มาประชุม",
    "ปู่",
    "ทุ่ง",
    "ป้า",
    "ฝั่ง",
    "ฟ้า",
    "ปิ่นโต",
    "ฤดูฝน",
    "ฦๅ",
    "ญี่ปุ่น",
    "ที่นี่",
    "๒๕๖๘",
    "1,234.50",
    "อาชีวศึกษา-อุดมศึกษา",
    "ประถม-มัธยม",
]


def seed_paragraphs() -> list[str]:
    """The paragraphs of the seed news items (../shared/seeds), or the sentences taken
    from them (thai_samples) where the seeds are not beside the checkout."""
    seeds = Path(settings.SHARED_DATA_DIR).parent / "seeds"
    paragraphs = []
    for path in sorted(seeds.glob("*.txt")):
        paragraphs += [line.strip() for line in path.read_text().splitlines() if line.strip()]
    return paragraphs or SEED_PARAGRAPHS


def require(reader: str) -> None:
    """Skip without ``reader`` here; fail without it under CI."""
    if problem := pdf_readers.missing(reader):
        message = f"{reader} is not installed: {problem}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


def _headings(paragraphs: list[str]) -> list[str]:
    return [text for text in paragraphs if 60 < len(text) < 160][:8]


def _cells(paragraphs: list[str]) -> list[str]:
    headings = _headings(paragraphs)
    return [text for text in paragraphs if 40 < len(text) < 400 and text not in headings][:12]


def real_thai_document(paragraphs: list[str]) -> str:
    """Body text in a narrow column (many line ends), headings and table cells."""
    css = (
        thai_typography.font_face_css()
        + """
    @page { size: A4; margin: 2cm 2cm 2cm 3cm; }
    body { font-family: "Laksaman"; font-size: 16pt; line-height: 1.35; }
    p { width: 9cm; margin: 0 0 8pt; }
    h1 { font-size: 20pt; width: 9cm; }
    h2 { font-size: 18pt; width: 7cm; }
    table { border-collapse: collapse; font-size: 14pt; width: 6cm; }
    td { border: 0.6pt solid #777; padding: 1mm; }
    """
    )
    body = "".join(f"<h2>{escape(text)}</h2>" for text in _headings(paragraphs))
    body += "<table>" + "".join(f"<tr><td>{escape(t)}</td></tr>" for t in _cells(paragraphs))
    body += "</table>"
    body += "".join(f"<p>{escape(text)}</p>" for text in paragraphs)
    title = "ผลการดำเนินงานโครงการรณรงค์ป้องกันและแก้ไขปัญหายาเสพติด TO BE NUMBER ONE"
    return (
        f'<html lang="th"><head><style>{css}</style></head>'
        f"<body><h1>{escape(title)}</h1>{body}</body></html>"
    )


@pytest.fixture(scope="module")
def real_thai(tmp_path_factory):
    """The real-Thai document rendered once: (PDF path, source text, its blocks)."""
    blocks = seed_paragraphs() + HARD_CASES + HARD_TEXT
    html = real_thai_document(blocks)
    path = tmp_path_factory.mktemp("text-layer") / "real-thai.pdf"
    path.write_bytes(html_to_pdf(html).content)
    return path, pdf_readers.html_text(html), blocks


def _searchable(text: str) -> str:
    """A reader's text as a viewer's search sees it: lines run on."""
    return text.replace("\r", "").replace("\n", "")


@pytest.mark.parametrize("reader", pdf_readers.READERS)
def test_real_thai_text_reads_back_whole_in_every_reader(reader, real_thai):
    # Given the seed news items and the hard cases in one PDF, when `reader` extracts its
    # text, then every line is the source's, none comes back twice, and the words are found.
    require(reader)
    path, source, _blocks = real_thai
    text = pdf_readers.extract(reader, path)
    verdict = pdf_readers.check(text, source)
    assert verdict.lines > 500  # the document was read, line by line
    assert verdict.bad == [], f"{reader}: {len(verdict.bad)} of {verdict.lines} lines wrong"
    searchable = _searchable(text)
    assert [word for word in SEARCH_WORDS if word not in searchable] == []
    assert "ดาเนิน" not in searchable and "\ufffe" not in text


# --- every report kind, from the demo data -------------------------------------------------


def _demo_reports(tmp_path) -> dict[str, tuple[Path, str, tuple[str, ...]]]:
    """Each report kind rendered through the report code from the demo data: name → (PDF
    path, source text, running texts)."""
    from demo.evaluations import evaluations_demo_load
    from demo.meetings import meetings_demo_load
    from demo.programs import demo_load
    from evaluations.models import EvaluationRound
    from meetings.models import Meeting
    from reports.kinds import registry
    from reports.services import report_html

    demo_load()
    meetings_demo_load()
    evaluations_demo_load()
    jobs = {
        "provincial_summary": {"province": "48", "fiscal_year": 2568},
        "provincial_summary-thai-digits": {
            "province": "33",
            "fiscal_year": 2568,
            "thai_digits": True,
        },
        "club_directory": {"province": "48"},
    }
    meeting = Meeting.objects.filter(agenda_items__isnull=False).order_by("pk").first()
    jobs["minutes"] = {"meeting": meeting.pk}
    for round_ in EvaluationRound.objects.order_by("pk"):
        jobs[f"evaluation_round-{round_.pk}"] = {"round": round_.pk}
    reports = {}
    with translation.override("th"):
        for name, parameters in jobs.items():
            kind = name.split("-")[0]
            parameters = registry[kind].clean_parameters(parameters, user=None)
            html = _cells_as_blocks(report_html(job_kind=kind, parameters=parameters, user=None))
            path = tmp_path / f"{name}.pdf"
            path.write_bytes(html_to_pdf(html, base_url=str(settings.BASE_DIR)).content)
            reports[name] = path, pdf_readers.html_text(html), pdf_readers.running_texts(html)
    return reports


def _cells_as_blocks(html: str) -> str:
    """The report with its table cells laid out one under another. Readers join the cells
    of a row into one line, each in its own order; what is under test is the text of the
    glyphs, drawn by the same code in a cell as in a block."""
    style = "<style>table, thead, tbody, tfoot, tr, th, td { display: block; }</style>"
    return html.replace("</head>", style + "</head>", 1)


@pytest.fixture(scope="module")
def demo_reports(django_db_setup, django_db_blocker, tmp_path_factory):
    # The demo data is loaded once for the module, in a transaction rolled back after the
    # renders: no other test sees it.
    with django_db_blocker.unblock(), transaction.atomic():
        reports = _demo_reports(tmp_path_factory.mktemp("demo-reports"))
        transaction.set_rollback(True)
    return reports


@pytest.mark.django_db  # (so that pytest-django sets the test database up)
@pytest.mark.parametrize("reader", pdf_readers.READERS)
def test_every_report_kind_from_demo_data_reads_back_in_every_reader(reader, demo_reports):
    require(reader)
    assert {name.split("-")[0] for name in demo_reports} == {
        "provincial_summary",
        "club_directory",
        "minutes",
        "evaluation_round",
    }
    problems = {}
    for name, (path, source, running) in demo_reports.items():
        text = pdf_readers.extract(reader, path)
        verdict = pdf_readers.check(text, source, running=running)
        assert verdict.lines > 10, name
        if verdict.bad:
            problems[name] = verdict.bad[:5]
        searchable = _searchable(text)
        for word in ["จังหวัด", "ดำเนินการ", "ประจำปี", "ผู้"]:
            if word in source and word not in searchable:
                problems.setdefault(name, []).append(f"search: {word}")
    assert problems == {}


# --- line ends ------------------------------------------------------------------------------


def test_no_line_ends_inside_a_newmm_word_in_body_headings_and_cells(real_thai):
    # Given the same document (7 cm headings, then 6 cm table cells, then the text in a
    # 9 cm column), when its lines are read back (each block where it first appears),
    # then no Thai line end falls inside a newmm word.
    path, _source, blocks = real_thai
    text = pdf_text(path.read_bytes())
    headings, cells = _headings(blocks), _cells(blocks)
    checked, bad = {"heading": 0, "cell": 0, "body": 0}, []
    for block in dict.fromkeys(headings + cells + blocks):
        lines = paragraph_lines(text, block)
        assert lines is not None, block[:40]
        kind = "heading" if block in headings else "cell" if block in cells else "body"
        checked[kind] += len(lines) - 1
        bad += [(kind, line) for line in line_ends_inside_words(block, lines)]
    # the text really wraps, often, in all three
    assert checked["heading"] > 10 and checked["cell"] > 40 and checked["body"] > 300, checked
    assert bad == []
