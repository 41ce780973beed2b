"""The API takes what its schema says, and refuses the rest with a Thai 400 that names
the parameter (the property-based check of every operation is tests/test_api_schema.py)."""

import datetime

import pytest
from rest_framework.test import APIClient

from tests.meetings.factories import CommitteeFactory, make_meeting
from tests.programs.factories import ClubFactory, ProgramFactory

pytestmark = pytest.mark.django_db


def signed_in(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def schema(client):
    return client.get("/api/schema/", {"format": "json"}).json()


def query_parameter(schema, path, name) -> dict:
    (parameter,) = [p for p in schema["paths"][path]["get"]["parameters"] if p["name"] == name]
    return parameter


@pytest.mark.parametrize("path", ["/api/v1/programs/", "/api/v1/clubs/", "/api/v1/agencies/"])
@pytest.mark.parametrize("value", ["null", "yes", "1", "True"])
def test_a_boolean_filter_that_is_not_true_or_false_is_refused_by_name(
    officer_a, province_a, path, value
):
    ProgramFactory()
    ClubFactory(district=province_a.districts.first())

    response = signed_in(officer_a).get(path, {"is_active": value})

    assert response.status_code == 400
    (message,) = response.json()["is_active"]
    assert message == "ตัวกรอง is_active: ต้องเป็น true หรือ false"


def test_a_boolean_filter_filters(officer_a, province_a):
    district = province_a.districts.first()
    ClubFactory(district=district, name="ชมรมที่ยังดำเนินการ", is_active=True)
    ClubFactory(district=district, name="ชมรมที่ปิดแล้ว", is_active=False)
    api = signed_in(officer_a)

    active = api.get("/api/v1/clubs/", {"is_active": "true"}).json()["results"]
    closed = api.get("/api/v1/clubs/", {"is_active": "false"}).json()["results"]
    either = api.get("/api/v1/clubs/", {"is_active": ""}).json()["results"]

    assert [club["name"] for club in active] == ["ชมรมที่ยังดำเนินการ"]
    assert [club["name"] for club in closed] == ["ชมรมที่ปิดแล้ว"]
    assert len(either) == 2


@pytest.mark.parametrize(
    ("path", "query"),
    [
        ("/api/v1/meetings/", {"year": "2567.5"}),
        ("/api/v1/objectives/", {"fiscal_year": "0.5"}),
        ("/api/v1/indicators/", {"fiscal_year": "๒๕๖๘"}),
        ("/api/v1/indicator-results/", {"period": "1e3"}),
    ],
)
def test_an_integer_filter_takes_digits_only(officer_a, path, query):
    response = signed_in(officer_a).get(path, query)

    assert response.status_code == 400
    assert list(response.json()) == list(query)


def test_an_id_filter_takes_what_the_schema_says(officer_a, province_a, province_b, schema):
    mine = make_meeting(CommitteeFactory(provinces=[province_a]))
    theirs = make_meeting(CommitteeFactory(provinces=[province_b]), date=datetime.date(2025, 1, 9))
    api = signed_in(officer_a)

    def answer(value):
        return api.get("/api/v1/agenda-items/", {"meeting": value})

    meeting = query_parameter(schema, "/api/v1/agenda-items/", "meeting")["schema"]
    assert meeting["type"] == "integer" and meeting["minimum"] == 1
    # Below the schema's minimum: refused, by name.
    assert answer(0).status_code == 400 and "meeting" in answer(0).json()
    assert answer(-3).status_code == 400
    # Schema-valid ids: an empty list when they name no meeting the officer may see, the
    # same for one that never existed and one of another province (no existence leaks).
    assert answer(mine.pk).status_code == 200 and answer(mine.pk).json()["count"] == 5
    assert answer(theirs.pk).json() == answer(theirs.pk + 1000).json()
    assert answer(theirs.pk).status_code == 200 and answer(theirs.pk).json()["count"] == 0


def test_a_page_number_is_an_integer_from_one(officer_a, schema):
    api = signed_in(officer_a)

    page = query_parameter(schema, "/api/v1/programs/", "page")
    zero, word, first, past_the_end = (
        api.get("/api/v1/programs/", {"page": value}) for value in ("0", "last", "", "2")
    )

    assert page["schema"] == {"type": "integer", "minimum": 1, "maximum": 2**63 - 1}
    assert zero.status_code == 400 and "page" in zero.json()
    assert word.status_code == 400
    assert first.status_code == 200
    assert past_the_end.status_code == 404


def test_a_report_is_asked_for_in_json_only(officer_a, schema):
    ClubFactory(district=officer_a.province.districts.first())
    body = {"kind": "club_directory", "parameters": {"club_type": "school"}}
    api = signed_in(officer_a)

    as_form = api.post(
        "/api/v1/reports/",
        "kind=club_directory&parameters.club_type=school",
        content_type="application/x-www-form-urlencoded",
    )
    as_json = api.post("/api/v1/reports/", body, format="json")

    assert as_form.status_code == 415
    assert as_json.status_code == 201
    assert as_json.json()["parameters"]["club_type"] == "school"


def test_nested_bodies_are_json_only_in_the_schema(schema):
    def media_types(path):
        return set(schema["paths"][path]["post"]["requestBody"]["content"])

    assert media_types("/api/v1/reports/") == {"application/json"}
    assert media_types("/api/v1/evaluations/submissions/") == {"application/json"}
    assert media_types("/api/v1/evaluations/photos/") == {"multipart/form-data"}
