"""Readers see which figures are approved: the province dashboard marks each figure
approved or provisional ("ยังไม่ผ่านการรับรอง") and filters to approved ones; the
provincial summary prints each program's approval state and date."""

from decimal import Decimal

import pytest
from django.urls import reverse

from programs.models import IndicatorResult
from programs.services.approvals import (
    PeriodKey,
    period_approval_approve,
    period_approval_submit,
)
from programs.services.indicators import indicator_result_save
from tests.programs.factories import IndicatorFactory, ObjectiveFactory, ProgramFactory
from tests.reports.factories import province_report_data
from tests.reports.factories import rendered as _render
from tests.reports.pdf_checks import pdf_text, squeeze

pytestmark = pytest.mark.django_db


@pytest.fixture
def figures(province_a, officer_a, approver_a):
    program = ProgramFactory(slug="to-be-number-one", name_th="TO BE NUMBER ONE")
    objective = ObjectiveFactory(program=program, fiscal_year=2568, number=1)
    quarterly = IndicatorFactory(objective=objective, code="TB-Q", name="รายไตรมาส", target=100)
    yearly = IndicatorFactory(
        objective=objective, code="TB-Y", name="รายปี", target=10, frequency="yearly"
    )
    for indicator, period in ((quarterly, 2), (yearly, 1)):
        indicator_result_save(
            indicator=indicator, province=province_a, period=period, value=Decimal(77),
            entered_by=officer_a,
        )  # fmt: skip
    approval = period_approval_submit(
        key=PeriodKey(program, province_a, 2568, "quarterly", 2), submitted_by=officer_a
    )
    period_approval_approve(approval=approval, approved_by=approver_a)
    return {"quarterly": quarterly, "yearly": yearly}


def _tiles(response):
    text = response.text
    return text.count('data-approval="approved"'), text.count('data-approval="provisional"')


def test_dashboard_marks_approved_and_provisional_figures(client, figures, executive_a):
    client.force_login(executive_a)
    response = client.get(reverse("reports:dashboard_province", args=["48"]), {"fy": 2568, "q": 4})
    assert _tiles(response) == (1, 1)
    assert "ยังไม่ผ่านการรับรอง" in response.text


def test_dashboard_filter_shows_approved_figures_only(client, figures, executive_a):
    client.force_login(executive_a)
    response = client.get(
        reverse("reports:dashboard_province", args=["48"]), {"fy": 2568, "q": 4, "approved": "1"}
    )
    assert _tiles(response) == (1, 0)
    assert "เฉพาะผลที่รับรองแล้ว" in response.text


def test_provincial_summary_prints_each_programs_approval(province_a, officer_a, figures):
    province_report_data(province_a, entered_by=officer_a, clubs_per_district=1)
    _job, pdf = _render("provincial_summary", {"province": "48", "fiscal_year": 2568})
    flat = squeeze(pdf_text(pdf))
    assert squeeze("ยังไม่ผ่านการรับรอง (รับรองแล้ว 1 จาก 2") in flat
    assert squeeze("รับรองล่าสุดเมื่อ") in flat
    assert IndicatorResult.objects.with_approval().filter(approval_state="approved").count() == 1


def _national_cell(response, code="48") -> str:
    return response.text.split(f'href="/dashboards/{code}/')[1].split("</tr>")[0]


def test_national_table_marks_each_provinces_approved_and_provisional_figures(
    client, figures, national_executive
):
    client.force_login(national_executive)
    response = client.get(reverse("reports:dashboard_national"), {"fy": 2568, "q": 4})

    row = next(row for row in response.context["rows"]() if row.code == "48")
    assert (row.approved, row.reported, row.is_approved) == (1, 2, False)
    assert 'data-approval="provisional"' in _national_cell(response)
    assert "1/2" in _national_cell(response) and "ยังไม่ผ่านการรับรอง" in _national_cell(response)
    assert "รับรองแล้ว 1 จาก 2 ผล" in response.text


def test_national_filter_counts_approved_figures_only(client, figures, national_executive):
    client.force_login(national_executive)
    response = client.get(
        reverse("reports:dashboard_national"), {"fy": 2568, "q": 4, "approved": "1"}
    )

    row = next(row for row in response.context["rows"]() if row.code == "48")
    assert (row.approved, row.reported, row.is_approved) == (1, 1, True)
    assert 'data-approval="approved"' in _national_cell(response)
    assert "นับเฉพาะผลที่รับรองแล้ว" in response.text
    # The link to the province keeps the filter, and the cached page is not the other one.
    assert "approved=1" in _national_cell(response)
    unfiltered = client.get(reverse("reports:dashboard_national"), {"fy": 2568, "q": 4})
    assert "รับรองแล้ว 1 จาก 2 ผล" in unfiltered.text


def test_provincial_summary_prints_the_state_and_date_of_every_program(
    province_a, officer_a, approver_a, figures
):
    from django.utils import timezone

    from thai.dates import format_thai_date

    # A second program whose figures are all approved, beside TO BE NUMBER ONE's half.
    other = province_report_data(province_a, entered_by=officer_a, clubs_per_district=1)
    approval = period_approval_submit(
        key=PeriodKey(other, province_a, 2568, "quarterly", 4), submitted_by=officer_a
    )
    approval = period_approval_approve(approval=approval, approved_by=approver_a)
    _job, pdf = _render("provincial_summary", {"province": "48", "fiscal_year": 2568})
    flat = squeeze(pdf_text(pdf))

    day = format_thai_date(timezone.localtime(approval.approved_at).date())
    approved_line = squeeze(f"การรับรองผล: รับรองแล้วทุกตัวชี้วัด ล่าสุดเมื่อ {day}")
    half_line = squeeze(f"ยังไม่ผ่านการรับรอง (รับรองแล้ว 1 จาก 2 ตัวชี้วัดที่รายงาน) รับรองล่าสุดเมื่อ {day}")
    assert flat.count(approved_line) == 1 and flat.count(half_line) == 1
    # Each program's line stands under its own heading.
    assert flat.index(squeeze("TO BE NUMBER ONE")) < flat.index(half_line)


def test_club_directory_says_its_figures_are_not_signed_off(province_a, officer_a):
    province_report_data(province_a, entered_by=officer_a, clubs_per_district=1)
    _job, pdf = _render("club_directory", {"province": "48", "fiscal_year": 2568})
    flat = squeeze(pdf_text(pdf))
    assert squeeze("การรับรองผล: ยังไม่ผ่านการรับรอง (จำนวนสมาชิกและระดับมาตรฐานเป็นข้อมูลทะเบียนชมรม") in flat
