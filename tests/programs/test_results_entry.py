"""The results-entry screen: one table per program and period, one submit for all rows,
nothing saved when any row is wrong, scoped to the officer's province."""

from decimal import Decimal

import pytest
from django.urls import reverse

from programs.models import IndicatorResult
from tests.programs.factories import (
    IndicatorFactory,
    IndicatorResultFactory,
    ObjectiveFactory,
    ProgramFactory,
)

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def framework(province_a, province_b):
    program = ProgramFactory(slug="to-be-number-one", name_th="TO BE NUMBER ONE")
    objective = ObjectiveFactory(program=program, fiscal_year=2568, number=1)
    return {
        "program": program,
        "events": IndicatorFactory(
            objective=objective, code="TB-1", name="จำนวนกิจกรรมรณรงค์", target=100, order=1
        ),
        "coverage": IndicatorFactory(
            objective=objective,
            code="TB-2",
            name="ความครอบคลุมสมาชิก",
            kind="percentage",
            unit="ร้อยละ",
            target=80,
            order=2,
        ),  # fmt: skip
        "clubs": IndicatorFactory(
            objective=objective,
            code="TB-3",
            name="ชมรมใหม่สะสม",
            unit="ชมรม",
            target=400,
            is_cumulative=True,
            order=3,
        ),  # fmt: skip
        "plans": IndicatorFactory(
            objective=objective,
            province=province_a,
            code="NP-1",
            name="แผนหมู่บ้านที่เสร็จ",
            kind="count_of",
            unit="หมู่บ้าน",
            target=47,
            order=4,
        ),  # fmt: skip
        "monthly": IndicatorFactory(
            objective=objective, code="TB-M", name="รายงานประจำเดือน", frequency="monthly"
        ),
        "theirs": IndicatorFactory(
            objective=objective, province=province_b, code="SK-1", name="ตัวชี้วัดของศรีสะเกษ"
        ),
    }


def entry_url(period="q2", province=None) -> str:
    url = reverse("programs:results_entry", args=["to-be-number-one", 2568, period])
    return f"{url}?province={province}" if province else url


def post_data(response, rows: dict[str, dict], **extra) -> dict:
    """The form as the browser sends it: every row of the table, figures typed by code."""
    forms = response.context["formset"].forms
    data = {
        "rows-TOTAL_FORMS": str(len(forms)),
        "rows-INITIAL_FORMS": str(len(forms)),
        "rows-MIN_NUM_FORMS": "0",
        "rows-MAX_NUM_FORMS": "1000",
        **extra,
    }
    for index, form in enumerate(forms):
        data[f"rows-{index}-indicator"] = str(form.indicator.pk)
        for name, value in rows.get(form.indicator.code, {}).items():
            data[f"rows-{index}-{name}"] = value
    return data


def codes(response) -> list[str]:
    return [form.indicator.code for form in response.context["formset"].forms]


# --- What the table holds ---------------------------------------------------------------


def test_officer_gets_one_row_per_quarterly_indicator_of_their_province(
    client, officer_a, framework
):
    client.force_login(officer_a)

    response = client.get(entry_url("q2"))

    assert response.status_code == 200
    # Shared indicators and A's own, quarterly only; not B's, not the monthly one.
    assert codes(response) == ["TB-1", "TB-2", "TB-3", "NP-1"]
    assert "ตัวชี้วัดของศรีสะเกษ" not in response.text
    assert "ไตรมาสที่ 2" in response.text


def test_cumulative_row_shows_the_period_target(client, officer_a, framework):
    client.force_login(officer_a)

    response = client.get(entry_url("q2"))

    row = next(r for r in response.context["rows"] if r["indicator"].code == "TB-3")
    assert row["period_target"] == D(200)  # half of 400 by the end of Q2
    assert "เป้างวดนี้ (สะสม)" in response.text


def test_monthly_period_lists_monthly_indicators(client, officer_a, framework):
    client.force_login(officer_a)

    response = client.get(entry_url("m3"))

    assert codes(response) == ["TB-M"]
    assert "เดือนที่ 3 (ธ.ค.)" in response.text


@pytest.mark.parametrize("period", ["q5", "m13", "x1", "q0"])
def test_a_period_that_does_not_exist_is_404(client, officer_a, framework, period):
    client.force_login(officer_a)

    assert client.get(entry_url(period)).status_code == 404


def test_current_values_are_shown_and_prefilled(client, officer_a, framework):
    IndicatorResultFactory(
        indicator=framework["events"], province=framework["plans"].province, period=2,
        value=D(64), entered_by=officer_a, evidence_note="รายงานการประชุม",
    )  # fmt: skip
    client.force_login(officer_a)

    response = client.get(entry_url("q2"))

    form = response.context["formset"].forms[0]
    assert form.initial["value"] == D(64)
    assert 'value="64"' in response.text
    assert "รายงานการประชุม" in response.text


# --- One submit saves every row ---------------------------------------------------------------


def test_one_submit_saves_every_row_in_the_officers_province(
    client, officer_a, framework, province_a
):
    client.force_login(officer_a)
    page = client.get(entry_url("q2"))
    rows = {
        "TB-1": {"value": "๑๒๐", "evidence_note": "ภาพกิจกรรม"},  # Thai digits
        "TB-2": {"numerator": "283,246", "denominator": "288,931"},
        "TB-3": {"value": "190"},
        "NP-1": {"numerator": "13", "denominator": "47"},
    }

    response = client.post(entry_url("q2"), post_data(page, rows))

    assert response.status_code == 302
    saved = {
        r.indicator.code: r for r in IndicatorResult.objects.filter(province=province_a, period=2)
    }
    assert set(saved) == {"TB-1", "TB-2", "TB-3", "NP-1"}
    assert saved["TB-1"].value == D(120) and saved["TB-1"].evidence_note == "ภาพกิจกรรม"
    assert saved["TB-2"].value == D("98.03")
    assert saved["TB-3"].status == "at_risk"  # 190 against the Q2 share of 200
    assert (saved["NP-1"].value, saved["NP-1"].denominator) == (D(13), D(47))
    assert all(r.entered_by == officer_a for r in saved.values())
    followed = client.get(response.url)
    assert "ใหม่ 4" in followed.text


def test_blank_rows_are_left_alone(client, officer_a, framework, province_a):
    IndicatorResultFactory(
        indicator=framework["clubs"], province=province_a, period=2, value=D(150)
    )
    client.force_login(officer_a)
    page = client.get(entry_url("q2"))
    data = post_data(page, {"TB-1": {"value": "100"}})
    data["rows-2-value"] = ""  # the officer cleared TB-3's box

    response = client.post(entry_url("q2"), data)

    assert response.status_code == 302
    assert IndicatorResult.objects.get(indicator=framework["clubs"]).value == D(150)
    assert IndicatorResult.objects.filter(province=province_a).count() == 2


def test_submitting_the_same_figures_again_reports_them_unchanged(client, officer_a, framework):
    client.force_login(officer_a)
    page = client.get(entry_url("q2"))
    data = post_data(page, {"TB-1": {"value": "80"}})
    client.post(entry_url("q2"), data)

    response = client.post(entry_url("q2"), data, follow=True)

    assert "ไม่เปลี่ยนแปลง 1" in response.text
    assert IndicatorResult.objects.get(indicator=framework["events"]).history.count() == 1


def test_province_sent_by_an_officer_is_ignored(client, officer_a, framework, province_a):
    client.force_login(officer_a)
    page = client.get(entry_url("q2"))

    client.post(
        entry_url("q2", province="33"), post_data(page, {"TB-1": {"value": "5"}}, province="33")
    )

    assert IndicatorResult.objects.get().province == province_a


# --- One bad row: nothing saved, a Thai message beside it, everything typed kept ------------


def test_one_row_that_is_not_a_number_saves_nothing_and_keeps_what_was_typed(
    client, officer_a, framework
):
    client.force_login(officer_a)
    page = client.get(entry_url("q2"))
    rows = {
        "TB-1": {"value": "120", "evidence_note": "ภาพกิจกรรม"},
        "TB-3": {"value": "สองร้อย"},
        "NP-1": {"numerator": "๑๓", "denominator": "๔๗"},
    }

    response = client.post(entry_url("q2"), post_data(page, rows))

    assert response.status_code == 200
    assert not IndicatorResult.objects.exists()
    bad = response.context["formset"].forms[2]
    assert bad.errors["value"] == ["“สองร้อย” ไม่ใช่ตัวเลข"]
    body = response.text
    assert "ยังไม่ได้บันทึกผลใดเลย" in body
    assert "“สองร้อย” ไม่ใช่ตัวเลข" in body
    # What was typed comes back, in every row.
    assert 'value="สองร้อย"' in body
    assert 'value="120"' in body and "ภาพกิจกรรม" in body
    assert 'value="๑๓"' in body and 'value="๔๗"' in body
    assert 'class="form-control form-control-sm is-invalid"' in body


def test_negative_denominator_saves_nothing(client, officer_a, framework):
    client.force_login(officer_a)
    page = client.get(entry_url("q2"))
    rows = {"TB-1": {"value": "120"}, "TB-2": {"numerator": "5", "denominator": "-10"}}

    response = client.post(entry_url("q2"), post_data(page, rows))

    assert response.status_code == 200
    assert not IndicatorResult.objects.exists()
    assert response.context["formset"].forms[1].errors["denominator"] == ["ตัวหารต้องมากกว่าศูนย์"]
    assert "ตัวหาร: ตัวหารต้องมากกว่าศูนย์" in response.text


def test_every_rows_errors_show_at_once(client, officer_a, framework):
    # A word where a number goes, and 48 plans done of 47: both rows are marked.
    client.force_login(officer_a)
    page = client.get(entry_url("q2"))
    rows = {"TB-1": {"value": "abc"}, "NP-1": {"numerator": "48", "denominator": "47"}}

    response = client.post(entry_url("q2"), post_data(page, rows))

    assert response.status_code == 200
    assert not IndicatorResult.objects.exists()
    forms = response.context["formset"].forms
    assert forms[0].errors["value"] == ["“abc” ไม่ใช่ตัวเลข"]
    assert forms[3].errors["numerator"] == ["ตัวตั้งต้องไม่เกินตัวหาร"]


def test_a_row_refused_when_saving_is_shown_beside_it_and_nothing_is_kept(
    client, officer_a, framework, monkeypatch
):
    # The service has the last word (it checks again inside the transaction).
    from django.core.exceptions import ValidationError

    from programs.services.indicators import ResultRowsInvalid
    from programs.views import indicators as views

    def refuse(**kwargs):
        raise ResultRowsInvalid({1: ValidationError({"denominator": "ตัวหารต้องมากกว่าศูนย์"})})

    monkeypatch.setattr(views, "indicator_results_save", refuse)
    client.force_login(officer_a)
    page = client.get(entry_url("q2"))
    rows = {"TB-1": {"value": "120"}, "TB-2": {"numerator": "5", "denominator": "10"}}

    response = client.post(entry_url("q2"), post_data(page, rows))

    assert response.status_code == 200
    assert response.context["formset"].forms[1].errors["denominator"] == ["ตัวหารต้องมากกว่าศูนย์"]
    assert 'value="120"' in response.text
    assert "ยังไม่ได้บันทึกผลใดเลย" in response.text


def test_a_note_without_a_figure_is_refused(client, officer_a, framework):
    client.force_login(officer_a)
    page = client.get(entry_url("q2"))

    response = client.post(entry_url("q2"), post_data(page, {"TB-1": {"evidence_note": "ยังไม่ส่ง"}}))

    assert response.status_code == 200
    assert "กรุณากรอกผลการดำเนินงานก่อนบันทึกหมายเหตุ" in response.text


def test_too_many_decimal_places_are_refused_in_thai(client, officer_a, framework):
    client.force_login(officer_a)
    page = client.get(entry_url("q2"))

    response = client.post(entry_url("q2"), post_data(page, {"TB-1": {"value": "1.23456"}}))

    assert response.context["formset"].forms[0].errors["value"] == ["กรอกทศนิยมได้ไม่เกิน 4 ตำแหน่ง"]


# --- Who may enter what ---------------------------------------------------------------------


def test_executive_reads_the_table_without_inputs(client, executive_a, framework, province_a):
    IndicatorResultFactory(
        indicator=framework["events"], province=province_a, period=2, value=D(64)
    )
    client.force_login(executive_a)

    response = client.get(entry_url("q2"))

    assert response.status_code == 200
    assert response.context["can_change"] is False
    assert 'name="rows-0-value"' not in response.text
    assert "64" in response.text


def test_executive_posting_results_gets_403_and_nothing_is_saved(
    client, executive_a, officer_a, framework
):
    client.force_login(officer_a)
    page = client.get(entry_url("q2"))
    data = post_data(page, {"TB-1": {"value": "1"}})
    client.force_login(executive_a)

    assert client.post(entry_url("q2"), data).status_code == 403
    assert not IndicatorResult.objects.exists()


def test_evaluator_gets_403(client, evaluator, framework):
    client.force_login(evaluator)

    assert client.get(entry_url("q2")).status_code == 403


def test_officer_of_b_sees_b_rows_and_never_a_results(client, officer_b, framework, province_a):
    IndicatorResultFactory(
        indicator=framework["events"], province=province_a, period=2, value=D(777)
    )
    client.force_login(officer_b)

    response = client.get(entry_url("q2", province="48"))

    assert sorted(codes(response)) == ["SK-1", "TB-1", "TB-2", "TB-3"]
    assert response.context["province"].pk == "33"
    assert "777" not in response.text


def test_administrator_chooses_the_province_first(client, admin_user, framework, province_a):
    client.force_login(admin_user)

    empty = client.get(entry_url("q2"))
    chosen = client.get(entry_url("q2", province="48"))

    assert "เลือกจังหวัดที่จะดูหรือบันทึกผล" in empty.text
    assert codes(chosen) == ["TB-1", "TB-2", "TB-3", "NP-1"]
    response = client.post(
        entry_url("q2", province="48"),
        post_data(chosen, {"TB-1": {"value": "9"}}, province="48"),
    )
    assert response.status_code == 302
    assert IndicatorResult.objects.get().province == province_a


def test_national_executive_choosing_a_province_that_does_not_exist_gets_404(
    client, national_executive, framework
):
    client.force_login(national_executive)

    assert client.get(entry_url("q2", province="99")).status_code == 404
    assert client.get(entry_url("q2", province="48")).status_code == 200


# --- Queries do not grow with the rows -------------------------------------------------------


def test_entry_screen_queries_do_not_grow_with_the_number_of_indicators(
    client, officer_a, framework, province_a
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(entry_url("q2")).status_code == 200
        return len(captured)

    client.force_login(officer_a)
    objective = framework["events"].objective
    IndicatorResultFactory(indicator=framework["events"], province=province_a, period=2)
    few = queries()
    for n in range(10):
        indicator = IndicatorFactory(objective=objective, code=f"EXTRA-{n}")
        IndicatorResultFactory(indicator=indicator, province=province_a, period=2)

    assert queries() == few
