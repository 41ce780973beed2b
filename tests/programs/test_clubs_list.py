"""The club list: scoped, searchable as Thai is typed, filtered, paginated, exported —
and a constant number of queries whatever the number of clubs."""

import csv
import io

import pytest
from django.db import connection
from django.http import FileResponse, StreamingHttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from tests.programs.factories import (
    ClubFactory,
    ClubMembershipFactory,
    DistrictFactory,
    TierAwardFactory,
)

pytestmark = pytest.mark.django_db

CLUB_LIST = reverse("programs:club_list")
CLUB_EXPORT = reverse("programs:club_export")
NASOMDEE = "ชมรม TO BE NUMBER ONE ชุมชนบ้านนาสมดี"


def names(response) -> list[str]:
    # The page's rows are plain values (programs.club_table), not model instances.
    return [club["name"] for club in response.context["object_list"]]


@pytest.fixture
def district_a(province_a):
    return province_a.districts.get(code="4801")


@pytest.fixture
def district_b(province_b):
    return province_b.districts.get(code="3301")


# --- Scope ----------------------------------------------------------------------------


def test_officer_sees_only_clubs_of_own_province(client, officer_a, district_a, district_b):
    ClubFactory(district=district_a, name="ชมรมนครพนม")
    ClubFactory(district=district_b, name="ชมรมศรีสะเกษ")
    client.force_login(officer_a)

    response = client.get(CLUB_LIST)

    assert response.status_code == 200
    assert names(response) == ["ชมรมนครพนม"]
    assert "ชมรมศรีสะเกษ" not in response.text


def test_officer_gets_no_province_filter_and_only_own_districts(client, officer_a, district_b):
    client.force_login(officer_a)

    form = client.get(CLUB_LIST).context["filterset"].form

    assert "province" not in form.fields
    assert [d.code for d in form.fields["district"].queryset] == ["4801"]


def test_national_executive_reads_every_province_and_may_filter_by_one(
    client, national_executive, district_a, district_b
):
    ClubFactory(district=district_a, name="ชมรมนครพนม")
    ClubFactory(district=district_b, name="ชมรมศรีสะเกษ")
    client.force_login(national_executive)

    everything = client.get(CLUB_LIST)
    only_b = client.get(CLUB_LIST, {"province": "33"})

    assert sorted(names(everything)) == ["ชมรมนครพนม", "ชมรมศรีสะเกษ"]
    assert names(only_b) == ["ชมรมศรีสะเกษ"]
    assert not everything.context["can_change"]


def test_evaluator_sees_an_empty_list(client, evaluator, district_a):
    ClubFactory(district=district_a)
    client.force_login(evaluator)

    response = client.get(CLUB_LIST)

    assert response.status_code == 200
    assert names(response) == []


def test_anonymous_is_sent_to_login(client):
    response = client.get(CLUB_LIST)

    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


# --- Search -----------------------------------------------------------------------------


def test_search_finds_a_word_inside_a_thai_compound(client, officer_a, district_a):
    ClubFactory(district=district_a, name=NASOMDEE)
    ClubFactory(district=district_a, name="ชมรม TO BE NUMBER ONE โรงเรียนปิยะมหาราชาลัย")
    client.force_login(officer_a)

    response = client.get(CLUB_LIST, {"q": "นาสมดี"})

    assert names(response) == [NASOMDEE]


def test_search_ignores_extra_spaces_and_invisible_characters(client, officer_a, district_a):
    ClubFactory(district=district_a, name=NASOMDEE)
    client.force_login(officer_a)

    response = client.get(CLUB_LIST, {"q": "  ชุมชน\u200b   นาสมดี "})

    assert names(response) == [NASOMDEE]


def test_search_matches_numbers_typed_in_thai_digits(client, officer_a, district_a):
    ClubFactory(district=district_a, name="ชมรม TO BE NUMBER ONE บ้านโพน หมู่ 3", host_organisation="")
    ClubFactory(district=district_a, name="ชมรม TO BE NUMBER ONE บ้านดอน หมู่ ๗", host_organisation="")
    client.force_login(officer_a)

    assert names(client.get(CLUB_LIST, {"q": "หมู่ ๓"})) == ["ชมรม TO BE NUMBER ONE บ้านโพน หมู่ 3"]
    assert names(client.get(CLUB_LIST, {"q": "หมู่ 7"})) == ["ชมรม TO BE NUMBER ONE บ้านดอน หมู่ ๗"]


def test_search_finds_by_host_organisation_and_district(client, officer_a, province_a):
    that_phanom = DistrictFactory(province=province_a, code="4808", name_th="ธาตุพนม")
    ClubFactory(district=that_phanom, name="ชมรมก", host_organisation="อบต.ฝั่งแดง")
    ClubFactory(district=province_a.districts.get(code="4801"), name="ชมรมข")
    client.force_login(officer_a)

    assert names(client.get(CLUB_LIST, {"q": "ฝั่งแดง"})) == ["ชมรมก"]
    assert names(client.get(CLUB_LIST, {"q": "ธาตุพนม"})) == ["ชมรมก"]


def test_search_never_reaches_another_province(client, officer_a, district_b):
    ClubFactory(district=district_b, name=NASOMDEE)
    client.force_login(officer_a)

    response = client.get(CLUB_LIST, {"q": "นาสมดี"})

    assert names(response) == []


# --- Filters ----------------------------------------------------------------------------


def test_filters_by_type_school_level_friend_corner_three_k_and_active(
    client, officer_a, district_a
):
    ClubFactory(district=district_a, name="ชุมชนครบ", has_committee=True, has_fund=True,
                has_activities=True, has_friend_corner=True)  # fmt: skip
    ClubFactory(district=district_a, name="มัธยม", club_type="school", school_level="secondary")
    ClubFactory(district=district_a, name="ปิดแล้ว", is_active=False)
    client.force_login(officer_a)

    def found(**params):
        return sorted(names(client.get(CLUB_LIST, params)))

    assert found(club_type="school") == ["มัธยม"]
    assert found(school_level="secondary") == ["มัธยม"]
    assert found(has_friend_corner="true") == ["ชุมชนครบ"]
    assert found(three_k="true") == ["ชุมชนครบ"]
    assert found(three_k="false") == ["ปิดแล้ว", "มัธยม"]
    assert found(is_active="false") == ["ปิดแล้ว"]


def test_filter_by_district_of_own_province(client, officer_a, province_a):
    other = DistrictFactory(province=province_a, code="4802", name_th="ปลาปาก")
    ClubFactory(district=province_a.districts.get(code="4801"), name="ในเมือง")
    ClubFactory(district=other, name="ปลาปาก")
    client.force_login(officer_a)

    assert names(client.get(CLUB_LIST, {"district": "4802"})) == ["ปลาปาก"]


def test_district_of_another_province_is_not_a_valid_choice(client, officer_a, district_a):
    ClubFactory(district=district_a, name="ในเมือง")
    client.force_login(officer_a)

    response = client.get(CLUB_LIST, {"district": "3301"})

    # The invalid choice is shown as an error and filters nothing out of the own scope.
    assert response.context["filterset"].form.errors["district"]
    assert names(response) == ["ในเมือง"]


def test_filter_by_latest_tier_reads_the_newest_award_only(client, officer_a, district_a):
    was_gold = ClubFactory(district=district_a, name="เคยทอง เป็นเพชร")
    TierAwardFactory(club=was_gold, fiscal_year=2567, tier=4)
    TierAwardFactory(club=was_gold, fiscal_year=2568, tier=5)
    gold = ClubFactory(district=district_a, name="ทอง")
    TierAwardFactory(club=gold, fiscal_year=2568, tier=4)
    ClubFactory(district=district_a, name="ยังไม่มีระดับ")
    client.force_login(officer_a)

    assert names(client.get(CLUB_LIST, {"tier": "4"})) == ["ทอง"]
    assert names(client.get(CLUB_LIST, {"tier": "5"})) == ["เคยทอง เป็นเพชร"]
    assert names(client.get(CLUB_LIST, {"tier": "none"})) == ["ยังไม่มีระดับ"]


def test_list_shows_latest_membership_coverage_and_tier(client, officer_a, district_a):
    club = ClubFactory(district=district_a, name=NASOMDEE)
    ClubMembershipFactory(club=club, fiscal_year=2567, members=100, target_population=400)
    ClubMembershipFactory(club=club, fiscal_year=2568, members=283, target_population=400)
    TierAwardFactory(club=club, fiscal_year=2568, tier=6, consecutive_year=3)
    client.force_login(officer_a)

    response = client.get(CLUB_LIST)
    shown = response.context["object_list"][0]

    assert (shown["latest_membership_year"], shown["latest_members"]) == (2568, 283)
    assert float(shown["latest_coverage"]) == pytest.approx(70.75)
    assert "70.75%" in response.text
    assert "ยอดเพชร" in response.text
    assert "เมืองนครพนม" in response.text


def test_list_paginates_by_fifty(client, officer_a, district_a):
    ClubFactory.create_batch(51, district=district_a)
    client.force_login(officer_a)

    first = client.get(CLUB_LIST)
    second = client.get(CLUB_LIST, {"page": 2})

    assert len(first.context["object_list"]) == 50
    assert len(second.context["object_list"]) == 1
    assert first.context["paginator"].count == 51


def test_pagination_links_keep_the_filters(client, officer_a, district_a):
    ClubFactory.create_batch(51, district=district_a, club_type="workplace")
    client.force_login(officer_a)

    response = client.get(CLUB_LIST, {"club_type": "workplace"})

    assert "?club_type=workplace&amp;page=2" in response.text


# --- Query count ---------------------------------------------------------------------------


def _clubs_with_figures(count: int, district) -> None:
    for club in ClubFactory.create_batch(count, district=district):
        ClubMembershipFactory(club=club)
        TierAwardFactory(club=club)


def _queries_of_list(client, params=None) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(CLUB_LIST, params or {})
    assert response.status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("params", [{}, {"q": "ชมรม", "tier": "4", "three_k": "false"}])
def test_queries_of_the_list_do_not_grow_with_the_number_of_clubs(
    client, officer_a, district_a, params, django_assert_max_num_queries
):
    client.force_login(officer_a)
    _clubs_with_figures(5, district_a)
    with_5 = _queries_of_list(client, params)

    _clubs_with_figures(55, district_a)
    with django_assert_max_num_queries(with_5):
        response = client.get(CLUB_LIST, params)

    assert len(response.context["object_list"]) == 50
    assert with_5 <= 10


def test_queries_of_the_list_for_a_national_user_do_not_grow_either(
    client, admin_user, district_a, district_b, django_assert_max_num_queries
):
    client.force_login(admin_user)
    _clubs_with_figures(5, district_a)
    with_5 = _queries_of_list(client)

    _clubs_with_figures(55, district_b)
    with django_assert_max_num_queries(with_5):
        client.get(CLUB_LIST)


# --- Export ---------------------------------------------------------------------------------


def _xlsx_rows(response) -> list[dict]:
    assert isinstance(response, FileResponse)  # sent from a spooled file, block by block
    book = load_workbook(io.BytesIO(response.getvalue()), read_only=True)
    rows = list(book.active.iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def _csv_rows(response) -> list[dict]:
    assert isinstance(response, StreamingHttpResponse)  # written as it is sent
    text = response.getvalue().decode("utf-8")
    assert text.startswith("\ufeff")  # Excel opens Thai CSV as UTF-8 only with the BOM
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


def test_officers_export_holds_only_own_province_in_xlsx_and_csv(
    client, officer_a, district_a, district_b
):
    ClubFactory(district=district_a, name=NASOMDEE)
    ClubFactory(district=district_b, name="ชมรมศรีสะเกษ")
    client.force_login(officer_a)

    xlsx = _xlsx_rows(client.get(CLUB_EXPORT, {"format": "xlsx"}))
    csv_rows = _csv_rows(client.get(CLUB_EXPORT, {"format": "csv"}))

    assert [row["ชื่อชมรม"] for row in xlsx] == [NASOMDEE]
    assert [row["ชื่อชมรม"] for row in csv_rows] == [NASOMDEE]
    assert {row["จังหวัด"] for row in xlsx + csv_rows} == {"นครพนม"}


def test_export_even_asked_for_another_province_stays_in_scope(
    client, officer_a, district_a, district_b
):
    ClubFactory(district=district_b, name="ชมรมศรีสะเกษ")
    client.force_login(officer_a)

    rows = _xlsx_rows(client.get(CLUB_EXPORT, {"format": "xlsx", "province": "33"}))

    assert rows == []


def test_export_follows_the_filters_with_thai_headers_and_be_dates(client, officer_a, district_a):
    import datetime

    club = ClubFactory(district=district_a, name=NASOMDEE, founded_on=datetime.date(2023, 6, 8),
                       has_friend_corner=True)  # fmt: skip
    ClubMembershipFactory(club=club, fiscal_year=2566, members=283, target_population=400)
    ClubFactory(district=district_a, name="ชมรมอื่น")
    client.force_login(officer_a)

    rows = _xlsx_rows(client.get(CLUB_EXPORT, {"format": "xlsx", "q": "นาสมดี"}))

    assert len(rows) == 1
    row = rows[0]
    assert row["วันที่ก่อตั้ง"] == "8 มิ.ย. 2566"
    assert row["ศูนย์เพื่อนใจ"] == "มี"
    assert row["ประเภท"] == "ชุมชน"
    assert (row["ปีงบประมาณ"], row["จำนวนสมาชิก (คน)"], row["จำนวนกลุ่มเป้าหมาย (คน)"]) == (
        2566,
        283,
        400,
    )
    assert row["ร้อยละความครอบคลุม"] == pytest.approx(70.75)


def test_export_refuses_an_unknown_format(client, officer_a):
    client.force_login(officer_a)

    response = client.get(CLUB_EXPORT, {"format": "pdf"})

    assert response.status_code == 400
    assert "xlsx หรือ csv" in response.content.decode()


def test_export_cell_that_looks_like_a_formula_is_not_one(client, officer_a, district_a):
    ClubFactory(district=district_a, name='=HYPERLINK("http://x")')
    client.force_login(officer_a)

    rows = _xlsx_rows(client.get(CLUB_EXPORT, {"format": "xlsx"}))

    assert rows[0]["ชื่อชมรม"].startswith("'=")


def test_an_xlsx_export_beyond_a_sheet_sends_back_to_the_list_with_a_thai_message(
    client, officer_a, district_a, monkeypatch
):
    from programs import exports

    monkeypatch.setattr(exports, "XLSX_MAX_ROWS", 1)  # a sheet's own limit is 1,048,575
    ClubFactory.create_batch(2, district=district_a, club_type="workplace")
    client.force_login(officer_a)

    response = client.get(CLUB_EXPORT, {"format": "xlsx", "club_type": "workplace"}, follow=True)
    as_csv = client.get(CLUB_EXPORT, {"format": "csv", "club_type": "workplace"})

    assert response.redirect_chain == [(f"{CLUB_LIST}?club_type=workplace", 302)]
    assert "เกินกว่าที่แผ่นงาน Excel หนึ่งแผ่นรับได้" in response.text
    assert len(_csv_rows(as_csv)) == 2


def test_administrators_export_holds_every_province_in_the_lists_order(
    client, admin_user, district_a, district_b
):
    ClubFactory(district=district_b, name="ชมรมศรีสะเกษ")
    ClubFactory(district=district_a, name="ชมรมนครพนม ข")
    ClubFactory(district=district_a, name="ชมรมนครพนม ก")
    client.force_login(admin_user)

    listed = names(client.get(CLUB_LIST))
    xlsx = _xlsx_rows(client.get(CLUB_EXPORT, {"format": "xlsx"}))
    csv_rows = _csv_rows(client.get(CLUB_EXPORT, {"format": "csv"}))

    assert [row["ชื่อชมรม"] for row in xlsx] == listed
    assert [row["ชื่อชมรม"] for row in csv_rows] == listed
    assert {row["จังหวัด"] for row in csv_rows} == {"นครพนม", "ศรีสะเกษ"}


def test_csv_export_has_thai_labels_be_dates_and_no_formulas(client, officer_a, district_a):
    import datetime

    club = ClubFactory(district=district_a, name="=1+1", founded_on=datetime.date(2023, 6, 8),
                       school_level="", has_committee=False)  # fmt: skip
    ClubMembershipFactory(club=club, fiscal_year=2567, members=50, target_population=200)
    client.force_login(officer_a)

    rows = _csv_rows(client.get(CLUB_EXPORT, {"format": "csv"}))

    assert rows[0]["ชื่อชมรม"] == "'=1+1"
    assert rows[0]["วันที่ก่อตั้ง"] == "8 มิ.ย. 2566"
    assert rows[0]["กรรมการ"] == "ไม่มี"
    assert (rows[0]["ปีงบประมาณ"], rows[0]["ร้อยละความครอบคลุม"]) == ("2567", "25.0")


@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
def test_export_queries_do_not_grow_with_the_clubs(client, officer_a, district_a, file_format):
    def queries_for(count: int) -> int:
        for number in range(count):
            club = ClubFactory(district=district_a)
            ClubMembershipFactory(club=club, fiscal_year=2567)
            if number % 2:
                TierAwardFactory(club=club, fiscal_year=2567)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(CLUB_EXPORT, {"format": file_format})
            body = response.getvalue()  # a streamed body is read while it is sent
        assert body
        return len(queries.captured_queries)

    client.force_login(officer_a)
    few = queries_for(3)
    many = queries_for(40)

    assert many <= few


def test_national_users_choose_a_province_before_its_districts(
    client, national_executive, district_a, district_b
):
    client.force_login(national_executive)

    nothing_chosen = client.get(CLUB_LIST).context["filterset"].form.fields["district"]
    province_chosen = client.get(CLUB_LIST, {"province": "33"}).context["filterset"].form

    assert list(nothing_chosen.queryset) == []
    assert [d.code for d in province_chosen.fields["district"].queryset] == ["3301"]


def test_a_district_link_works_for_a_national_user_without_a_province(
    client, national_executive, district_a, district_b
):
    ClubFactory(district=district_a, name="ชมรมนครพนม")
    ClubFactory(district=district_b, name="ชมรมศรีสะเกษ")
    client.force_login(national_executive)

    assert names(client.get(CLUB_LIST, {"district": "3301"})) == ["ชมรมศรีสะเกษ"]


def test_search_with_latin_letters_ignores_their_case(client, officer_a, district_a):
    ClubFactory(district=district_a, name=NASOMDEE)
    client.force_login(officer_a)

    assert names(client.get(CLUB_LIST, {"q": "to be number one นาสมดี"})) == [NASOMDEE]
