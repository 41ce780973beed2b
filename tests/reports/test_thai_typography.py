"""The Thai pipeline: embedded font subsets, a text layer equal to the source, no word
split across lines, and what plain WeasyPrint gets wrong (so the checks can fail)."""

import re
import subprocess

import pytest
from django.utils.html import escape

from reports.pdf import thai_typography
from reports.pdf.render import html_to_pdf
from tests.reports.pdf_checks import (
    line_ends_inside_words,
    pdf_fonts,
    pdf_pages,
    pdf_text,
    squeeze,
)
from tests.reports.thai_samples import HARD_CASES, SEED_PARAGRAPHS
from thai.numbers import thai_digits_in_html

PARAGRAPHS = SEED_PARAGRAPHS + HARD_CASES


def _document(paragraphs, *, width="16cm", page_breaks=False, extra=""):
    css = (
        thai_typography.font_face_css()
        + f"""
    @page {{ size: A4; margin: 2cm 2cm 2cm 3cm; }}
    body {{ font-family: "Laksaman"; font-size: 16pt; }}
    p {{ width: {width}; margin: 0 0 12pt; }}
    {"p { break-after: page; }" if page_breaks else ""}
    """
    )
    body = "".join(f"<p>{escape(text)}</p>" for text in paragraphs)
    return f'<html lang="th"><head><style>{css}</style></head><body>{extra}{body}</body></html>'


@pytest.fixture(scope="module")
def narrow_pdf():
    # A narrow column: many line ends, many chances to split a word.
    return html_to_pdf(_document(PARAGRAPHS, width="7cm"))


@pytest.fixture(scope="module")
def one_paragraph_per_page():
    return html_to_pdf(_document(PARAGRAPHS, width="8cm", page_breaks=True))


def test_fonts_are_embedded_subsets_of_laksaman(narrow_pdf):
    fonts = pdf_fonts(narrow_pdf.content)
    assert fonts, "the PDF names no font"
    for font in fonts:
        assert "Laksaman" in font["name"], font
        assert (font["emb"], font["sub"], font["uni"]) == ("yes", "yes", "yes"), font
        assert re.match(r"^[A-Z]{6}\+", font["name"]), "a subset font has a tag prefix"


def test_extracted_text_equals_source_for_every_paragraph(one_paragraph_per_page):
    # Given one paragraph per page, when the text layer is read back page by page,
    # then each page holds exactly its paragraph (spaces aside: a line may end at one).
    pages = pdf_text(one_paragraph_per_page.content).split("\f")
    for paragraph, page in zip(PARAGRAPHS, pages, strict=False):
        assert squeeze(page) == squeeze(paragraph)


def test_sara_am_tone_marks_and_stacked_vowels_come_back(narrow_pdf):
    text = squeeze(pdf_text(narrow_pdf.content))
    for word in [
        "ดำเนินงาน",
        "สำนักงานสาธารณสุขจังหวัด",
        "การจัดสรรงบประมาณสนับสนุน",
        "น้ำใจ",
        "ที่นี่",
        "ผู้ใหญ่",
        "ญี่ปุ่น",
        "ปั้น",
        "ฝั่ง",
        "กิ่ง",
    ]:
        assert word in text, word
    assert "ดาเนินงาน" not in text


def test_no_invisible_marks_in_the_text_layer(narrow_pdf):
    text = pdf_text(narrow_pdf.content)
    assert not set(text) & {"\u200b", "\u2060", "\u00ad", "\ufeff"}


def test_no_line_ends_inside_a_newmm_word(one_paragraph_per_page):
    pages = pdf_text(one_paragraph_per_page.content).split("\f")
    bad = []
    for paragraph, page in zip(PARAGRAPHS, pages, strict=False):
        lines = [line for line in page.splitlines() if line.strip()]
        assert len(lines) > 1 or len(paragraph) < 40  # the column really wraps
        bad += line_ends_inside_words(paragraph, lines)
    assert bad == []


def test_headings_and_table_cells_keep_words_whole():
    words = "ผลการดำเนินงานแก้ไขปัญหายาเสพติดสำนักงานสาธารณสุขจังหวัด"
    html = _document(
        [],
        extra=(
            f"<h1 style='width:5cm'>{words}</h1>"
            f"<table style='width:3cm'><tr><td>{words}</td></tr></table>"
        ),
    )
    pdf = html_to_pdf(html)
    lines = [line.strip() for line in pdf_text(pdf.content).splitlines() if line.strip()]
    assert len(lines) > 4  # both the heading and the cell wrap
    assert squeeze("".join(lines)) == squeeze(words) * 2
    assert line_ends_inside_words(f"{words} {words}", lines) == []


def test_plain_weasyprint_gets_both_wrong_so_the_checks_can_fail():
    # The same document without our pipeline: ำ comes back as า and compounds split.
    plain = html_to_pdf(_document(PARAGRAPHS, width="8cm", page_breaks=True), thai_pipeline=False)
    pages = pdf_text(plain.content).split("\f")
    assert "ดาเนินงาน" in squeeze(pdf_text(plain.content))
    assert any(squeeze(page) != squeeze(par) for par, page in zip(PARAGRAPHS, pages, strict=False))


def test_page_count_is_reported_and_matches_the_file(one_paragraph_per_page):
    assert one_paragraph_per_page.page_count == len(PARAGRAPHS)
    assert pdf_pages(one_paragraph_per_page.content) == len(PARAGRAPHS)


def test_thai_digits_change_text_but_not_markup():
    html = (
        "<html><head><style>p { margin: 3cm; }</style></head>"
        '<body class="x1"><p title="2566">ปี 2566 ข้อ 12</p></body></html>'
    )
    converted = thai_digits_in_html(html)
    assert "ปี ๒๕๖๖ ข้อ ๑๒" in converted
    assert "margin: 3cm" in converted and 'title="2566"' in converted and 'class="x1"' in converted


def test_a_pdf_with_thai_digits_reads_oreilly_and_keeps_its_link():
    html = (
        "<html><body><p>ปี 2568 O&#x27;Reilly &amp; Sons</p>"
        '<p><a href="https://example.go.th/r/48">https://example.go.th/r/48</a></p></body></html>'
    )
    pdf = html_to_pdf(thai_digits_in_html(html)).content
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    assert "O'Reilly & Sons" in text
    assert "https://example.go.th/r/48" in text
    assert "๒๕๖๘" in text
    links = subprocess.run(
        ["pdfinfo", "-url", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    assert "https://example.go.th/r/48" in links


def test_word_boundaries_are_marked_only_inside_thai_runs():
    marked = thai_typography.mark_word_boundaries("<p class='a'>แก้ไขปัญหายาเสพติด ABC</p>")
    assert marked.startswith("<p class='a'>")
    assert "\u200b" in marked
    assert thai_typography.visible_text(marked) == "<p class='a'>แก้ไขปัญหายาเสพติด ABC</p>"
