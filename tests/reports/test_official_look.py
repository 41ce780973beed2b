"""Body paragraphs as official documents set them: a 2.5 cm first-line indent, Thai
distributed justification (an even right edge, the last line left, no gap a reader
would take for a space), numbered items hanging. Measured on the PDF's line boxes."""

import re
import subprocess
import tempfile
from pathlib import Path

import pytest
from django.utils.html import escape

from meetings.templatetags.paragraphs import paragraphs
from reports.pdf import thai_typography
from reports.pdf.render import html_to_pdf
from reports.services import REPORT_CSS
from tests.reports import pdf_readers
from tests.reports.test_text_layer import require, seed_paragraphs

CM = 72 / 2.54
LEFT, RIGHT = 3 * CM, 595.28 - 2 * CM  # report.css: margins 3 cm left, 2 cm right
_LINE = re.compile(
    r'<line xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">(.*?)</line>', re.S
)
_BLOCK = re.compile(r"<block .*?</block>", re.S)
_WORD = re.compile(r">([^<]*)</word>")

NUMBERED = (
    "๑. การทบทวนความเป็นมาและรายงานผลความก้าวหน้าการดำเนินงานการขยายผลโครงการร้อยใจรักษ์"
    " มุ่งเน้นการกระตุกต่อมคิด กระตุ้นต่อมทำ ให้ราชการและชุมชนดำเนินการ และร่วมพาทำ"
)


def _blocks(pdf: bytes) -> list[list[tuple[float, float, str]]]:
    """The text blocks of the PDF (poppler's), each a list of lines (x min, x max, text)."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        Path(file.name).write_bytes(pdf)
        xml = subprocess.run(
            ["pdftotext", "-bbox-layout", file.name, "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    return [
        [
            (float(a), float(b), "".join(_WORD.findall(words)))
            for a, b, words in _LINE.findall(block)
        ]
        for block in _BLOCK.findall(xml)
    ]


@pytest.fixture(scope="module")
def minutes_like_pdf():
    body = "".join(
        f'<p class="minutes-para">{escape(text)}</p>'
        for text in seed_paragraphs()
        if len(text) > 300
    )
    item = paragraphs(NUMBERED)[0]
    assert item["numbered"]
    body += f'<p class="minutes-para minutes-item">{escape(item["text"])}</p>'
    html = (
        f'<html lang="th"><head><style>{thai_typography.font_face_css()}{REPORT_CSS}'
        # (whole paragraphs on a page, so that poppler's blocks are paragraphs)
        "p { break-inside: avoid; }"
        f"</style></head><body>{body}</body></html>"
    )
    return html_to_pdf(html).content, pdf_readers.html_text(html)


def test_paragraphs_are_indented_and_justified_with_the_last_line_left(minutes_like_pdf):
    pdf, _source = minutes_like_pdf
    paragraphs_seen = full = short = 0
    for lines in _blocks(pdf):
        if len(lines) < 3 or lines[0][2].startswith("๑."):
            continue
        paragraphs_seen += 1
        # the first line starts 2.5 cm in, the others at the margin
        assert lines[0][0] == pytest.approx(LEFT + 2.5 * CM, abs=1.5)
        assert all(x_min == pytest.approx(LEFT, abs=1.5) for x_min, _x, _t in lines[1:])
        # every line but the last reaches the right margin; the last does not
        for _x, x_max, _text in lines[:-1]:
            full += abs(x_max - RIGHT) < 1.5
            short += abs(x_max - RIGHT) >= 1.5
        assert lines[-1][1] < RIGHT - 5
    assert paragraphs_seen >= 10
    # A line is left short only where even the widest gaps could not fill it.
    assert short <= full // 20, (full, short)


def test_a_numbered_item_hangs(minutes_like_pdf):
    pdf, _source = minutes_like_pdf
    (item,) = [lines for lines in _blocks(pdf) if lines[0][2].startswith("๑.")]
    assert len(item) >= 2
    assert item[0][0] == pytest.approx(LEFT + 2.5 * CM, abs=1.5)
    assert all(x_min == pytest.approx(LEFT + 3.3 * CM, abs=1.5) for x_min, _x, _t in item[1:])


@pytest.mark.parametrize("reader", pdf_readers.READERS)
def test_justified_text_still_reads_as_its_words(reader, minutes_like_pdf):
    # The gaps that justify a line stay under what readers take for a word space.
    require(reader)
    pdf, source = minutes_like_pdf
    text = pdf_readers.extract_bytes(reader, pdf)
    assert pdf_readers.check(text, source).bad == []
    searchable = text.replace("\r", "").replace("\n", "")
    for word in ["ผู้ว่าราชการจังหวัด", "ดำเนินงาน", "ประชาสัมพันธ์", "สำนักงาน"]:
        assert word in searchable, word
