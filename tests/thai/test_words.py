"""One home for Thai words: normalisation and newmm cutting, shared by search and PDF."""

import pytest

from meetings import thai_search
from reports.pdf import thai_typography
from thai.words import normalise, words


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("น้ำ", "น้ำ"),
        ("น\u0e49\u0e4d\u0e32", "น้ำ"),  # tone mark, NIKHAHIT, SARA AA
        ("น\u0e4d\u0e49\u0e32", "น้ำ"),  # NIKHAHIT, tone mark, SARA AA
        ("ทํางาน", "ทำงาน"),  # NIKHAHIT + SARA AA, as PDF copy-paste gives it
        ("๒๕๖๘", "2568"),
        ("กา", "กา"),
    ],
)
def test_normalise_folds_sara_am_and_thai_digits(typed, expected):
    assert normalise(typed) == expected


def test_search_finds_a_word_typed_decomposed():
    assert thai_search.segment("การดําเนินงาน") == thai_search.segment("การดำเนินงาน")
    assert thai_search.query_words("ดําเนินงาน") == ["ดำเนินงาน"]


def test_search_and_pdf_cut_the_same_words():
    text = "การจัดสรรงบประมาณสนับสนุนชมรมทูบีนัมเบอร์วัน"
    assert thai_typography.thai_words(text) == words(text)
    assert thai_search.segment(text).split() == words(text)
