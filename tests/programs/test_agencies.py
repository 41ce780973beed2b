"""Agencies of a province: listed, searched, added and changed in the user's scope."""

import pytest
from django.urls import reverse

from programs.models import Agency
from tests.programs.factories import AgencyFactory, IndicatorFactory, ProjectFactory

pytestmark = pytest.mark.django_db

LIST_URL = reverse("programs:agency_list")
CREATE_URL = reverse("programs:agency_create")


@pytest.fixture
def agencies(province_a, province_b):
    return {
        "health": AgencyFactory(
            province=province_a, name="สำนักงานสาธารณสุขจังหวัดนครพนม", short_name="สสจ.นพ."
        ),
        "education": AgencyFactory(province=province_a, name="สำนักงานศึกษาธิการจังหวัดนครพนม"),
        "theirs": AgencyFactory(province=province_b, name="สำนักงานสาธารณสุขจังหวัดศรีสะเกษ"),
    }


def names(response) -> list[str]:
    return [agency.name for agency in response.context["object_list"]]


def test_officer_lists_the_agencies_of_their_province_only(client, officer_a, agencies):
    client.force_login(officer_a)

    response = client.get(LIST_URL)

    assert sorted(names(response)) == [
        "สำนักงานศึกษาธิการจังหวัดนครพนม",
        "สำนักงานสาธารณสุขจังหวัดนครพนม",
    ]
    assert "ศรีสะเกษ" not in response.text


def test_search_finds_thai_text_as_typed_in_name_or_short_name(client, officer_a, agencies):
    client.force_login(officer_a)

    by_name = client.get(LIST_URL, {"q": "ศึกษาธิการ"})
    by_short_name = client.get(LIST_URL, {"q": "สสจ"})

    assert names(by_name) == ["สำนักงานศึกษาธิการจังหวัดนครพนม"]
    assert names(by_short_name) == ["สำนักงานสาธารณสุขจังหวัดนครพนม"]


def test_national_executive_filters_agencies_by_province(client, national_executive, agencies):
    client.force_login(national_executive)

    everyone = client.get(LIST_URL)
    sisaket = client.get(LIST_URL, {"province": "33"})

    assert len(names(everyone)) == 3
    assert names(sisaket) == ["สำนักงานสาธารณสุขจังหวัดศรีสะเกษ"]


def test_agency_page_shows_its_projects_indicators_and_history(
    client, officer_a, agencies, province_a
):
    health = agencies["health"]
    ProjectFactory(province=province_a, agency=health, name="รณรงค์วันต่อต้านยาเสพติด", budget=50000)
    IndicatorFactory(province=province_a, lead_agency=health, code="NP-1", name="ชมรมใหม่")
    client.force_login(officer_a)

    response = client.get(reverse("programs:agency_detail", args=[health.pk]))

    assert response.status_code == 200
    assert "รณรงค์วันต่อต้านยาเสพติด" in response.text
    assert "50,000 บาท" in response.text
    assert "NP-1" in response.text
    assert "ประวัติการแก้ไข" in response.text


def test_officer_of_another_province_gets_404_for_an_agency(client, officer_b, agencies):
    client.force_login(officer_b)

    assert (
        client.get(reverse("programs:agency_detail", args=[agencies["health"].pk])).status_code
        == 404
    )


def test_officer_adds_an_agency_to_their_own_province_whatever_the_form_says(
    client, officer_a, province_a, province_b
):
    client.force_login(officer_a)

    response = client.post(
        CREATE_URL,
        {"name": "สำนักงานพัฒนาชุมชนจังหวัดนครพนม", "short_name": "พช.", "is_active": "on",
         "province": "33"},
    )  # fmt: skip

    agency = Agency.objects.get(name="สำนักงานพัฒนาชุมชนจังหวัดนครพนม")
    assert response.status_code == 302
    assert agency.province == province_a


def test_administrator_chooses_the_agencys_province(client, admin_user, province_b):
    client.force_login(admin_user)

    client.post(CREATE_URL, {"name": "สำนักงานจังหวัดศรีสะเกษ", "province": "33", "is_active": "on"})

    assert Agency.objects.get(name="สำนักงานจังหวัดศรีสะเกษ").province == province_b


def test_same_agency_name_twice_in_a_province_is_refused_in_the_form(client, officer_a, agencies):
    client.force_login(officer_a)

    response = client.post(CREATE_URL, {"name": "สำนักงานสาธารณสุขจังหวัดนครพนม"})

    assert response.status_code == 200
    assert response.context["form"].errors["name"] == ["จังหวัดนี้มีหน่วยงานชื่อนี้อยู่แล้ว"]
    assert Agency.objects.filter(name="สำนักงานสาธารณสุขจังหวัดนครพนม").count() == 1


@pytest.mark.parametrize("role", ["executive_a", "national_executive", "evaluator"])
def test_read_only_roles_get_403_when_adding_an_agency(client, request, role, province_a):
    client.force_login(request.getfixturevalue(role))

    assert client.get(CREATE_URL).status_code == 403
    assert client.post(CREATE_URL, {"name": "หน่วยงานใหม่"}).status_code == 403
    assert not Agency.objects.filter(name="หน่วยงานใหม่").exists()


def test_officer_renames_their_agency_and_the_history_keeps_the_old_name(
    client, officer_a, agencies
):
    health = agencies["health"]
    client.force_login(officer_a)

    client.post(
        reverse("programs:agency_update", args=[health.pk]),
        {"name": "สำนักงานสาธารณสุขจังหวัดนครพนม (ใหม่)", "is_active": "on"},
    )

    page = client.get(reverse("programs:agency_detail", args=[health.pk]))
    assert "<del>สำนักงานสาธารณสุขจังหวัดนครพนม</del>" in page.text


def test_edit_form_outsider_404_and_executive_403(client, officer_b, executive_a, agencies):
    url = reverse("programs:agency_update", args=[agencies["health"].pk])

    client.force_login(officer_b)
    assert client.get(url).status_code == 404
    assert client.post(url, {"name": "x"}).status_code == 404
    client.force_login(executive_a)
    assert client.get(url).status_code == 403
    assert client.post(url, {"name": "x"}).status_code == 403
    assert Agency.objects.get(pk=agencies["health"].pk).name == "สำนักงานสาธารณสุขจังหวัดนครพนม"


def test_list_queries_do_not_grow_with_the_number_of_agencies(
    client, officer_a, agencies, province_a
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(LIST_URL).status_code == 200
        return len(captured)

    client.force_login(officer_a)
    few = queries()
    for _ in range(10):
        ProjectFactory(province=province_a, agency=AgencyFactory(province=province_a))

    assert queries() == few
