"""Each report kind rendered from factory data, through the same code as the worker,
and checked in the PDF: fonts, text layer, BE dates, Thai digits, page count, money."""

import pytest

from reports import services
from reports.kinds import registry
from reports.kinds.base import ReportKind
from tests.reports.factories import INDICATORS, province_report_data
from tests.reports.factories import rendered as _render
from tests.reports.pdf_checks import (
    pdf_fonts,
    pdf_pages,
    pdf_text,
    squeeze,
    words_past_the_right_margin,
)


@pytest.fixture
def data_a(province_a, officer_a):
    return province_report_data(province_a, entered_by=officer_a, clubs_per_district=4)


@pytest.mark.django_db
def test_provincial_summary_prints_indicators_clubs_coverage_and_money(province_a, data_a):
    # Given a province with indicators, clubs and a project; when its summary is rendered
    job, pdf = _render("provincial_summary", {"province": "48", "fiscal_year": 2568})
    text = pdf_text(pdf)
    flat = squeeze(text)
    # then every indicator is there with its name whole (ำ and tone marks included)
    for code, name, *_ in INDICATORS:
        assert code in text
        assert squeeze(name) in flat, name
    assert "ดาเนิน" not in flat
    # BE dates: the fiscal year's range and the generation date
    assert "1ตุลาคม2567" in flat and "30กันยายน2568" in flat
    assert "ปีงบประมาณพ.ศ.2568" in flat
    # clubs by type and tier, coverage, the budget with separators and in words
    assert "สถานศึกษา" in text and "ชุมชน" in text
    assert "1,755,091,742.00" in text
    assert squeeze("หนึ่งพันเจ็ดร้อยห้าสิบห้าล้านเก้าหมื่นหนึ่งพันเจ็ดร้อยสี่สิบสองบาทถ้วน") in flat
    # running footer, page count as the job says
    pages = pdf_pages(pdf)
    assert job.page_count == pages
    assert f"หน้า1จาก{pages}" in flat and f"หน้า{pages}จาก{pages}" in flat
    assert all(font["emb"] == "yes" and font["sub"] == "yes" for font in pdf_fonts(pdf))
    # the tables keep inside the right margin, big amounts and long units included
    assert words_past_the_right_margin(pdf) == []


@pytest.mark.django_db
def test_provincial_summary_in_thai_digits(province_a, data_a):
    job, pdf = _render(
        "provincial_summary", {"province": "48", "fiscal_year": 2568, "thai_digits": True}
    )
    flat = squeeze(pdf_text(pdf))
    assert "ปีงบประมาณพ.ศ.๒๕๖๘" in flat
    assert "๓๐กันยายน๒๕๖๘" in flat
    assert f"หน้า๑จาก{'๐๑๒๓๔๕๖๗๘๙'[job.page_count]}" in flat


@pytest.mark.django_db
def test_provincial_summary_has_no_section_for_apps_without_data(province_a, data_a):
    # The meetings/evaluations hook: no provider registered → no heading, no placeholder.
    _job, pdf = _render("provincial_summary", {"province": "48", "fiscal_year": 2568})
    flat = squeeze(pdf_text(pdf))
    assert "การประชุม" not in flat and "ผลการประเมิน" not in flat


@pytest.mark.django_db
def test_provincial_summary_prints_a_registered_section(province_a, data_a, monkeypatch):
    from reports.kinds import provincial_summary

    monkeypatch.setitem(
        provincial_summary.summary_sections,
        "test",
        lambda **kw: {"template": "reports/pdf/_bar_chart.html", "context": {}},
    )
    context = registry["provincial_summary"].build_context(
        parameters={"province": "48", "fiscal_year": 2568}, user=None, progress=lambda *a: None
    )
    assert len(context["extra_sections"]) == 1


@pytest.mark.django_db
def test_club_directory_filters_and_repeats_table_headers(province_a, officer_a):
    # Given many clubs in one district: the table runs over pages
    province_report_data(province_a, entered_by=officer_a, clubs_per_district=30, districts=1)
    job, pdf = _render("club_directory", {"province": "48", "fiscal_year": 2568})
    pages = pdf_text(pdf).split("\f")
    assert job.page_count > 2
    # then every page of the table starts with its header row again
    assert all("ชื่อชมรม" in page for page in pages[: job.page_count])
    assert words_past_the_right_margin(pdf) == []
    flat = squeeze(pdf_text(pdf))
    assert squeeze("ชมรม TO BE NUMBER ONE แห่งที่ 1-30 ของเมืองนครพนม") in flat
    # when filtered by type, then only that type is listed
    _job, pdf = _render(
        "club_directory", {"province": "48", "fiscal_year": 2568, "club_type": "school"}
    )
    text = pdf_text(pdf)
    assert "สถานศึกษา" in text and "สำนักงานคุมประพฤติ" not in text


@pytest.mark.django_db
def test_club_directory_in_thai_digits(province_a, officer_a):
    province_report_data(province_a, entered_by=officer_a, clubs_per_district=3)
    job, pdf = _render(
        "club_directory", {"province": "48", "fiscal_year": "2568", "thai_digits": "on"}
    )
    flat = squeeze(pdf_text(pdf))
    # the year, the club names' numbers, the members and the page footer, all ๐–๙
    assert "พ.ศ.๒๕๖๘" in flat and "แห่งที่๑-๒" in flat and "๑๑๐" in flat
    assert "2568" not in flat and "1-2" not in flat
    assert f"หน้า๑จาก{'๐๑๒๓๔๕๖๗๘๙'[job.page_count]}" in flat


@pytest.mark.django_db
def test_the_request_form_offers_thai_digits_for_every_kind(officer_a):
    from reports.forms import ReportRequestForm

    form = ReportRequestForm(user=officer_a)
    assert sorted(form.field_kinds["thai_digits"]) == sorted(kind.key for kind in registry)
    assert set(form.field_kinds["fiscal_year"]) == {"provincial_summary", "club_directory"}
    assert form.field_kinds["meeting"] == ["minutes"]


@pytest.mark.django_db
def test_officer_cannot_request_a_report_of_another_province(province_a, province_b, officer_a):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.report_request(
            kind="club_directory",
            parameters={"province": "33", "fiscal_year": 2568},
            user=officer_a,
        )


def test_every_kind_is_registered_with_a_template():
    assert {"provincial_summary", "club_directory"} <= {kind.key for kind in registry}
    for kind in registry:
        assert isinstance(kind, ReportKind) and kind.template_name.startswith("reports/pdf/")
