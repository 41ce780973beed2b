"""The programs API: the same scoping as the pages on every endpoint, filters, the
writes officers make through the same services as the pages, and the schema."""

import datetime
import json
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient, APIRequestFactory

from accounts.services import api_token_create
from core.scoping import Action
from programs.api.serializers import ClubSerializer
from programs.models import Club, IndicatorResult, Subdistrict
from programs.selectors.clubs import with_latest_figures
from tests.programs.factories import (
    AgencyFactory,
    ClubFactory,
    ClubMembershipFactory,
    DistrictFactory,
    IndicatorFactory,
    IndicatorResultFactory,
    ObjectiveFactory,
    ProgramFactory,
    ProgramVillageFactory,
    ProjectFactory,
    TierAwardFactory,
    VillagePlanItemFactory,
)

pytestmark = pytest.mark.django_db

API = "/api/v1/"


def authenticated(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_create(user=user)[1]}")
    return client


@pytest.fixture
def two_provinces(province_a, province_b, officer_a, officer_b):
    """One row of every kind in province A (48) and in province B (33)."""
    program = ProgramFactory(slug="to-be-number-one")
    objective = ObjectiveFactory(program=program, fiscal_year=2568, number=1)
    rows = {}
    for province, officer in ((province_a, officer_a), (province_b, officer_b)):
        code = province.code
        district = province.districts.first()
        agency = AgencyFactory(province=province, name=f"สำนักงานสาธารณสุขจังหวัด{province}")
        indicator = IndicatorFactory(
            objective=objective, province=province, code=f"OWN-{code}", lead_agency=agency
        )
        rows[code] = {
            "clubs": ClubFactory(district=district, name=f"ชมรม TO BE NUMBER ONE ชุมชน{code}"),
            "agencies": agency,
            "projects": ProjectFactory(program=program, province=province, agency=agency),
            "indicators": indicator,
            "indicator-results": IndicatorResultFactory(
                indicator=indicator, province=province, entered_by=officer
            ),
            "program-villages": ProgramVillageFactory(
                village__subdistrict=district.subdistricts.first(), village__number=1
            ),
        }
    return rows


LISTS = ["clubs", "agencies", "projects", "indicators", "indicator-results", "program-villages"]


# --- Scoping --------------------------------------------------------------------------


@pytest.mark.parametrize("endpoint", LISTS)
def test_officer_of_48_sees_no_row_of_33(officer_a, two_provinces, endpoint):
    response = authenticated(officer_a).get(f"{API}{endpoint}/")

    assert response.status_code == 200
    rows = response.json()["results"]
    assert [row["id"] for row in rows] == [two_provinces["48"][endpoint].pk]
    assert {row["province"] for row in rows} == {"48"}
    assert "ศรีสะเกษ" not in response.content.decode()


@pytest.mark.parametrize("endpoint", LISTS)
def test_an_object_of_33_is_404_for_the_officer_of_48(officer_a, two_provinces, endpoint):
    client = authenticated(officer_a)

    theirs = client.get(f"{API}{endpoint}/{two_provinces['33'][endpoint].pk}/")
    ours = client.get(f"{API}{endpoint}/{two_provinces['48'][endpoint].pk}/")

    assert (theirs.status_code, ours.status_code) == (404, 200)


@pytest.mark.parametrize("endpoint", LISTS)
def test_filtering_by_another_province_gives_nothing(officer_a, two_provinces, endpoint):
    response = authenticated(officer_a).get(f"{API}{endpoint}/", {"province": "33"})

    assert response.json()["results"] == []


@pytest.mark.parametrize("endpoint", LISTS)
def test_national_executive_reads_both_provinces(national_executive, two_provinces, endpoint):
    response = authenticated(national_executive).get(f"{API}{endpoint}/")

    assert {row["province"] for row in response.json()["results"]} == {"48", "33"}


@pytest.mark.parametrize("endpoint", [*LISTS, "objectives"])
def test_anonymous_gets_401(province_a, endpoint):
    response = APIClient().get(f"{API}{endpoint}/")

    assert response.status_code == 401


@pytest.mark.parametrize("endpoint", LISTS)
def test_evaluator_lists_nothing(evaluator, two_provinces, endpoint):
    response = authenticated(evaluator).get(f"{API}{endpoint}/")

    assert response.json()["count"] == 0


def test_shared_indicators_are_listed_for_every_province(officer_a, two_provinces):
    objective = two_provinces["48"]["indicators"].objective
    shared = IndicatorFactory(objective=objective, province=None, code="TBN-1.1")

    response = authenticated(officer_a).get(f"{API}indicators/", {"province": "48"})

    codes = [row["code"] for row in response.json()["results"]]
    assert sorted(codes) == sorted(["OWN-48", shared.code])


def test_objectives_are_reference_data_with_their_program(officer_b, two_provinces):
    response = authenticated(officer_b).get(
        f"{API}objectives/", {"program": "to-be-number-one", "fiscal_year": 2568}
    )

    assert [(o["program"], o["number"]) for o in response.json()["results"]] == [
        ("to-be-number-one", 1)
    ]


# --- Filters --------------------------------------------------------------------------


@pytest.fixture
def nkp_clubs(province_a):
    district_2 = DistrictFactory(province=province_a, code="4802", name_th="ปลาปาก")
    mueang = province_a.districts.get(code="4801")
    clubs = {
        "นาสมดี": ClubFactory(district=mueang, name="ชมรม TO BE NUMBER ONE ชุมชนบ้านนาสมดี"),
        "มหาวิทยาลัย": ClubFactory(
            district=mueang,
            name="ชมรม TO BE NUMBER ONE มหาวิทยาลัยนครพนม",
            club_type="school",
            school_level="university",
        ),  # fmt: skip
        "ปลาปาก": ClubFactory(district=district_2, name="ชมรม TO BE NUMBER ONE ปลาปาก"),
    }
    # The university went from gold to diamond: its latest tier counts.
    TierAwardFactory(club=clubs["มหาวิทยาลัย"], fiscal_year=2565, tier=4)
    TierAwardFactory(club=clubs["มหาวิทยาลัย"], fiscal_year=2566, tier=5)
    TierAwardFactory(club=clubs["นาสมดี"], fiscal_year=2566, tier=4)
    ClubMembershipFactory(club=clubs["นาสมดี"], fiscal_year=2566, members=598, target_population=610)
    return clubs


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"search": "นาสมดี"}, ["นาสมดี"]),
        ({"search": "ปลาปาก"}, ["ปลาปาก"]),
        ({"district": "4802"}, ["ปลาปาก"]),
        ({"club_type": "school"}, ["มหาวิทยาลัย"]),
        ({"tier": 5}, ["มหาวิทยาลัย"]),
        ({"tier": 4}, ["นาสมดี"]),
        ({"province": "48", "club_type": "community"}, ["นาสมดี", "ปลาปาก"]),
    ],
)
def test_club_filters(officer_a, nkp_clubs, params, expected):
    response = authenticated(officer_a).get(f"{API}clubs/", params)

    names = {club.name: key for key, club in nkp_clubs.items()}
    assert sorted(names[row["name"]] for row in response.json()["results"]) == sorted(expected)


def test_a_club_shows_its_latest_tier_and_membership(officer_a, nkp_clubs):
    response = authenticated(officer_a).get(f"{API}clubs/{nkp_clubs['นาสมดี'].pk}/")

    body = response.json()
    assert (body["latest_tier"], body["latest_tier_label"]) == (4, "ระดับทอง")
    assert (body["latest_members"], body["latest_target"]) == (598, 610)
    assert Decimal(body["latest_coverage"]) == Decimal("98.03")


def test_club_list_answers_what_the_club_serializer_answers(officer_a, nkp_clubs):
    """The list is written from plain rows (club_rows): every field as the serializer
    writes it, for clubs with and without a tier, membership, subdistrict, founding date."""
    nasomdee = nkp_clubs["นาสมดี"]
    nasomdee.subdistrict = Subdistrict.objects.get(code="480101")
    nasomdee.founded_on = datetime.date(2560, 6, 26)
    nasomdee.has_committee = nasomdee.has_fund = nasomdee.has_activities = True
    nasomdee.save()
    ClubMembershipFactory(club=nkp_clubs["ปลาปาก"], members=7, target_population=3)
    request = APIRequestFactory().get(f"{API}clubs/")
    request.user = officer_a
    queryset = with_latest_figures(Club.objects.for_user(officer_a, Action.VIEW))
    expected = {
        row["id"]: row
        for row in ClubSerializer(queryset, many=True, context={"request": request}).data
    }

    rows = authenticated(officer_a).get(f"{API}clubs/").json()["results"]

    assert len(rows) == 3
    for row in rows:
        assert list(row.items()) == list(json.loads(json.dumps(expected[row["id"]])).items())
    assert {row["latest_coverage"] for row in rows} == {"98.03", "233.33", None}


def test_club_list_does_not_query_per_club(officer_a, province_a):
    client = authenticated(officer_a)
    client.get(f"{API}me/")  # a token's first request also records its last use
    district = province_a.districts.first()
    ClubFactory(district=district)
    with CaptureQueriesContext(connection) as few:
        client.get(f"{API}clubs/")
    for _ in range(15):
        club = ClubFactory(district=district)
        TierAwardFactory(club=club)
        ClubMembershipFactory(club=club)
    with CaptureQueriesContext(connection) as many:
        response = client.get(f"{API}clubs/")

    assert response.json()["count"] == 16
    assert len(many.captured_queries) == len(few.captured_queries)


def test_program_villages_carry_their_plan_items_without_a_query_per_village(officer_a, province_a):
    client = authenticated(officer_a)
    client.get(f"{API}me/")  # a token's first request also records its last use
    subdistrict = Subdistrict.objects.get(code="480101")
    first = ProgramVillageFactory(village__subdistrict=subdistrict, village__number=1)
    VillagePlanItemFactory(program_village=first, measure="water", budget=250000)
    with CaptureQueriesContext(connection) as few:
        client.get(f"{API}program-villages/")
    for number in range(2, 12):
        village = ProgramVillageFactory(
            program=first.program, village__subdistrict=subdistrict, village__number=number
        )
        VillagePlanItemFactory(program_village=village)
    with CaptureQueriesContext(connection) as many:
        response = client.get(f"{API}program-villages/")

    rows = response.json()["results"]
    assert len(many.captured_queries) == len(few.captured_queries)
    assert rows[0]["village"]["label"] == str(first.village)
    assert rows[0]["village"]["district"] == "4801"
    assert rows[0]["plan_items"][0]["measure"] == "water"
    assert Decimal(rows[0]["plan_items"][0]["budget"]) == 250000


@pytest.mark.parametrize(
    ("params", "count"),
    [
        ({"plan_status": "done"}, 1),
        ({"plan_status": "drafting"}, 0),
        ({"district": "4801"}, 2),
        ({"district": "4802"}, 0),
        ({"program": "roi-jai-rak"}, 2),
        ({"program": "to-be-number-one"}, 0),
    ],
)
def test_program_village_filters(officer_a, province_a, params, count):
    subdistrict = Subdistrict.objects.get(code="480101")
    done = ProgramVillageFactory(
        village__subdistrict=subdistrict, vote_result="approved", plan_status="done"
    )
    ProgramVillageFactory(program=done.program, village__subdistrict=subdistrict)

    response = authenticated(officer_a).get(f"{API}program-villages/", params)

    assert response.json()["count"] == count


def test_indicator_results_filter_by_program_year_period_and_status(officer_a, two_provinces):
    result = two_provinces["48"]["indicator-results"]
    client = authenticated(officer_a)

    def count(**params):
        return client.get(f"{API}indicator-results/", params).json()["count"]

    assert count(program="to-be-number-one", fiscal_year=2568) == 1
    assert count(fiscal_year=2567) == 0
    assert count(period=result.period) == 1
    assert count(period=result.period + 1) == 0
    assert count(status=result.status) == 1
    assert count(indicator=result.indicator_id) == 1


def test_projects_and_agencies_filters(officer_a, two_provinces):
    client = authenticated(officer_a)
    project = two_provinces["48"]["projects"]

    assert client.get(f"{API}projects/", {"fiscal_year": 2568}).json()["count"] == 1
    assert client.get(f"{API}projects/", {"fiscal_year": 2564}).json()["count"] == 0
    assert client.get(f"{API}projects/", {"agency": project.agency_id}).json()["count"] == 1
    assert client.get(f"{API}agencies/", {"search": "สาธารณสุข"}).json()["count"] == 1
    assert client.get(f"{API}agencies/", {"search": "ไม่มีหน่วยงานนี้"}).json()["count"] == 0


# --- Writes: clubs --------------------------------------------------------------------


NEW_CLUB = {
    "district": "4801",
    "name": "ชมรม TO BE NUMBER ONE ชุมชนบ้านใหม่",
    "club_type": "community",
}


def test_officer_creates_a_club_of_their_own_province(officer_a, province_b):
    for sent in ({}, {"province": "48"}):
        response = authenticated(officer_a).post(
            f"{API}clubs/", {**NEW_CLUB, **sent, "name": f"{NEW_CLUB['name']} {len(sent)}"},
            format="json",
        )  # fmt: skip
        assert response.status_code == 201
    club = Club.objects.get(name=f"{NEW_CLUB['name']} 1")
    assert club.province_id == "48"
    assert response.json()["id"] == club.pk
    assert club.history.first().history_user == officer_a


def test_officer_naming_another_province_is_refused_not_given_their_own(officer_a, province_b):
    response = authenticated(officer_a).post(
        f"{API}clubs/", {**NEW_CLUB, "province": "33"}, format="json"
    )

    assert response.status_code == 400
    assert "33" in response.json()["province"][0]
    assert not Club.objects.exists()


def test_a_club_is_not_moved_to_another_province(officer_a, admin_user, province_b):
    club = authenticated(officer_a).post(f"{API}clubs/", NEW_CLUB, format="json").json()
    for user in (officer_a, admin_user):
        response = authenticated(user).patch(
            f"{API}clubs/{club['id']}/", {"province": "33"}, format="json"
        )
        assert response.status_code == 400 and "province" in response.json()
    assert Club.objects.get(pk=club["id"]).province_id == "48"


def test_officer_cannot_create_a_club_in_a_district_of_another_province(officer_a, province_b):
    response = authenticated(officer_a).post(
        f"{API}clubs/", {**NEW_CLUB, "district": "3301"}, format="json"
    )

    assert response.status_code == 400
    assert "district" in response.json()
    assert not Club.objects.exists()


def test_a_club_name_already_used_in_the_district_is_refused_in_thai(officer_a):
    client = authenticated(officer_a)
    client.post(f"{API}clubs/", NEW_CLUB, format="json")

    response = client.post(f"{API}clubs/", NEW_CLUB, format="json")

    assert response.status_code == 400
    assert "มีชมรมชื่อ" in response.json()["name"][0]
    assert Club.objects.count() == 1


def test_a_school_club_needs_its_level(officer_a):
    response = authenticated(officer_a).post(
        f"{API}clubs/", {**NEW_CLUB, "club_type": "school"}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["school_level"] == ["ชมรมในสถานศึกษาต้องระบุระดับสถานศึกษา"]


def test_administrator_names_the_province_of_a_new_club(admin_user, province_a):
    client = authenticated(admin_user)

    without = client.post(f"{API}clubs/", NEW_CLUB, format="json")
    with_province = client.post(f"{API}clubs/", {**NEW_CLUB, "province": "48"}, format="json")

    assert without.status_code == 400
    assert without.json()["province"] == ["กรุณาระบุจังหวัด"]
    assert with_province.status_code == 201


@pytest.mark.parametrize("role", ["executive_a", "national_executive", "evaluator"])
def test_read_only_roles_cannot_create_clubs(request, role):
    user = request.getfixturevalue(role)

    response = authenticated(user).post(f"{API}clubs/", NEW_CLUB, format="json")

    assert response.status_code == 403
    assert not Club.objects.exists()


def test_officer_changes_their_club_and_history_records_it(officer_a, province_a):
    club = ClubFactory(district=province_a.districts.first(), has_fund=False)

    response = authenticated(officer_a).patch(
        f"{API}clubs/{club.pk}/", {"has_fund": True, "province": "48"}, format="json"
    )

    assert response.status_code == 200
    club.refresh_from_db()
    assert club.has_fund
    assert club.province_id == "48"
    assert club.history.first().history_user == officer_a


def test_executive_cannot_change_a_club_and_the_outsider_gets_404(
    executive_a, officer_b, province_a
):
    club = ClubFactory(district=province_a.districts.first(), name="เดิม")

    as_executive = authenticated(executive_a).patch(
        f"{API}clubs/{club.pk}/", {"name": "ใหม่"}, format="json"
    )
    as_outsider = authenticated(officer_b).patch(
        f"{API}clubs/{club.pk}/", {"name": "ใหม่"}, format="json"
    )

    assert (as_executive.status_code, as_outsider.status_code) == (403, 404)
    club.refresh_from_db()
    assert club.name == "เดิม"


@pytest.mark.parametrize("method", ["put", "delete"])
def test_clubs_cannot_be_replaced_or_deleted_through_the_api(officer_a, province_a, method):
    club = ClubFactory(district=province_a.districts.first())

    response = getattr(authenticated(officer_a), method)(f"{API}clubs/{club.pk}/", NEW_CLUB)

    assert response.status_code == 405
    assert Club.objects.filter(pk=club.pk).exists()


# --- Writes: indicator results --------------------------------------------------------


@pytest.fixture
def shared_indicator(province_a, province_b):
    """A shared quarterly indicator, target 80 %, of a program run everywhere."""
    objective = ObjectiveFactory(program=ProgramFactory(slug="to-be-number-one"), number=1)
    return IndicatorFactory(
        objective=objective, province=None, code="TBN-1.1", kind="percentage", unit="ร้อยละ",
        target=80, frequency="quarterly",
    )  # fmt: skip


def test_officer_records_a_result_and_its_status_is_derived(officer_a, shared_indicator):
    response = authenticated(officer_a).post(
        f"{API}indicator-results/",
        {"indicator": shared_indicator.pk, "province": "48", "period": 2,
         "numerator": "175023", "denominator": "178540"},
        format="json",
    )  # fmt: skip

    assert response.status_code == 201
    result = IndicatorResult.objects.get()
    assert (result.province_id, result.period, result.value) == ("48", 2, Decimal("98.03"))
    assert result.status == "on_track"
    assert result.entered_by == officer_a
    assert response.json()["status"] == "on_track"
    assert response.json()["entered_by"] == "officer_a"


def test_a_result_for_another_province_is_refused_by_name(officer_a, shared_indicator):
    response = authenticated(officer_a).post(
        f"{API}indicator-results/",
        {"indicator": shared_indicator.pk, "province": "33", "period": 2, "value": "1"},
        format="json",
    )
    assert response.status_code == 400 and "33" in response.json()["province"][0]
    assert not IndicatorResult.objects.exists()


def test_sending_the_same_period_again_updates_it(officer_a, shared_indicator):
    client = authenticated(officer_a)
    data = {"indicator": shared_indicator.pk, "period": 1, "value": "60"}
    client.post(f"{API}indicator-results/", data, format="json")

    response = client.post(f"{API}indicator-results/", {**data, "value": "75"}, format="json")

    assert response.status_code == 200
    result = IndicatorResult.objects.get()
    assert (result.value, result.status) == (Decimal(75), "at_risk")


def test_a_period_outside_the_frequency_is_refused_in_thai(officer_a, shared_indicator):
    response = authenticated(officer_a).post(
        f"{API}indicator-results/",
        {"indicator": shared_indicator.pk, "period": 5, "value": "60"},
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["period"] == ["งวดต้องอยู่ระหว่าง 1 ถึง 4"]
    assert not IndicatorResult.objects.exists()


def test_officer_cannot_record_on_an_indicator_of_another_province(officer_a, two_provinces):
    theirs = two_provinces["33"]["indicators"]

    response = authenticated(officer_a).post(
        f"{API}indicator-results/", {"indicator": theirs.pk, "period": 3, "value": "1"},
        format="json",
    )  # fmt: skip

    assert response.status_code == 400
    assert "indicator" in response.json()
    assert not IndicatorResult.objects.filter(period=3).exists()


def test_a_shared_indicator_of_a_program_not_run_in_the_province_is_refused(
    officer_a, shared_indicator, province_b
):
    shared_indicator.objective.program.provinces.set([province_b])

    response = authenticated(officer_a).post(
        f"{API}indicator-results/", {"indicator": shared_indicator.pk, "period": 1, "value": "1"},
        format="json",
    )  # fmt: skip

    assert response.status_code == 400
    assert not IndicatorResult.objects.exists()


@pytest.mark.parametrize("role", ["executive_a", "national_executive", "evaluator"])
def test_read_only_roles_cannot_record_results(request, shared_indicator, role):
    user = request.getfixturevalue(role)

    response = authenticated(user).post(
        f"{API}indicator-results/",
        {"indicator": shared_indicator.pk, "province": "48", "period": 1, "value": "1"},
        format="json",
    )

    assert response.status_code == 403
    assert not IndicatorResult.objects.exists()


def test_officer_patches_a_result_and_the_status_follows(officer_a, shared_indicator, province_a):
    result = IndicatorResultFactory(
        indicator=shared_indicator, province=province_a, period=1, value=50, entered_by=officer_a
    )

    response = authenticated(officer_a).patch(
        f"{API}indicator-results/{result.pk}/", {"value": "85", "period": 4}, format="json"
    )

    assert response.status_code == 200
    result.refresh_from_db()
    assert (result.value, result.status, result.period) == (Decimal(85), "on_track", 1)


def test_executive_cannot_patch_a_result_and_the_outsider_gets_404(
    executive_a, officer_b, officer_a, shared_indicator, province_a
):
    result = IndicatorResultFactory(
        indicator=shared_indicator, province=province_a, value=50, entered_by=officer_a
    )
    url = f"{API}indicator-results/{result.pk}/"

    as_executive = authenticated(executive_a).patch(url, {"value": "99"}, format="json")
    as_outsider = authenticated(officer_b).patch(url, {"value": "99"}, format="json")

    assert (as_executive.status_code, as_outsider.status_code) == (403, 404)
    result.refresh_from_db()
    assert result.value == 50


def test_read_only_endpoints_refuse_writes(admin_user, two_provinces):
    client = authenticated(admin_user)

    for endpoint in ["agencies", "projects", "indicators", "program-villages", "objectives"]:
        assert client.post(f"{API}{endpoint}/", {}).status_code == 405, endpoint


# --- Schema ---------------------------------------------------------------------------


def test_schema_has_the_programs_paths(client):
    paths = client.get("/api/schema/", {"format": "json"}).json()["paths"]

    for endpoint in [*LISTS, "objectives"]:
        assert f"/api/v1/{endpoint}/" in paths, endpoint
        assert f"/api/v1/{endpoint}/{{id}}/" in paths, endpoint
    assert set(paths["/api/v1/clubs/"]) == {"get", "post"}
    assert set(paths["/api/v1/clubs/{id}/"]) == {"get", "patch"}
    parameters = {p["name"] for p in paths["/api/v1/clubs/"]["get"]["parameters"]}
    assert {"province", "district", "club_type", "tier", "search"} <= parameters
