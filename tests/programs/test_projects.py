"""Projects and activities of agencies: scoped list with filters and export, a page with
the budget in words and the progress, forms with Thai dates and a forced province."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.urls import reverse
from openpyxl import load_workbook

from programs.models import Project
from tests.programs.factories import AgencyFactory, ObjectiveFactory, ProgramFactory, ProjectFactory

pytestmark = pytest.mark.django_db

LIST_URL = reverse("programs:project_list")
EXPORT_URL = reverse("programs:project_export")
CREATE_URL = reverse("programs:project_create")


@pytest.fixture
def projects(province_a, province_b):
    tbn = ProgramFactory(slug="to-be-number-one", name_th="TO BE NUMBER ONE")
    sufficiency = ProgramFactory(slug="phetchabun", name_th="เพชรบูรณ์พอเพียง")
    health = AgencyFactory(province=province_a, name="สำนักงานสาธารณสุขจังหวัดนครพนม")
    school = AgencyFactory(province=province_a, name="สำนักงานศึกษาธิการจังหวัดนครพนม")
    theirs = AgencyFactory(province=province_b, name="สำนักงานสาธารณสุขจังหวัดศรีสะเกษ")
    return {
        "program": tbn,
        "health": health,
        "school": school,
        "theirs": theirs,
        "campaign": ProjectFactory(
            program=tbn,
            province=province_a,
            agency=health,
            name="รณรงค์วันต่อต้านยาเสพติดโลก",
            fiscal_year=2568,
            budget=Decimal("125000.50"),
            status="in_progress",
            progress=40,
        ),  # fmt: skip
        "camp": ProjectFactory(
            program=tbn,
            province=province_a,
            agency=school,
            name="ค่ายเยาวชน TO BE NUMBER ONE",
            fiscal_year=2567,
            status="done",
            progress=100,
        ),  # fmt: skip
        "food": ProjectFactory(
            program=sufficiency,
            province=province_a,
            agency=health,
            name="ธนาคารอาหารชุมชน",
            fiscal_year=2568,
        ),  # fmt: skip
        "other": ProjectFactory(
            program=tbn,
            province=province_b,
            agency=theirs,
            name="โครงการของศรีสะเกษ",
            fiscal_year=2568,
        ),  # fmt: skip
    }


def names(response) -> set[str]:
    return {project.name for project in response.context["object_list"]}


def test_officer_lists_only_their_provinces_projects(client, officer_a, projects):
    client.force_login(officer_a)

    response = client.get(LIST_URL)

    assert names(response) == {
        "รณรงค์วันต่อต้านยาเสพติดโลก",
        "ค่ายเยาวชน TO BE NUMBER ONE",
        "ธนาคารอาหารชุมชน",
    }
    assert "ศรีสะเกษ" not in response.text


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"fiscal_year": "2567"}, {"ค่ายเยาวชน TO BE NUMBER ONE"}),
        ({"status": "in_progress"}, {"รณรงค์วันต่อต้านยาเสพติดโลก"}),
        ({"q": "ธนาคารอาหาร"}, {"ธนาคารอาหารชุมชน"}),
    ],
)
def test_filters_narrow_the_list(client, officer_a, projects, query, expected):
    client.force_login(officer_a)

    assert names(client.get(LIST_URL, query)) == expected


def test_filter_by_program_and_agency(client, officer_a, projects):
    client.force_login(officer_a)

    by_program = client.get(LIST_URL, {"program": projects["program"].pk})
    by_agency = client.get(LIST_URL, {"agency": projects["school"].pk})

    assert names(by_program) == {"รณรงค์วันต่อต้านยาเสพติดโลก", "ค่ายเยาวชน TO BE NUMBER ONE"}
    assert names(by_agency) == {"ค่ายเยาวชน TO BE NUMBER ONE"}


def test_agency_filter_offers_only_agencies_in_scope(client, officer_a, projects):
    client.force_login(officer_a)

    response = client.get(LIST_URL, {"agency": projects["theirs"].pk})

    choices = list(response.context["filterset"].form.fields["agency"].queryset)
    assert projects["theirs"] not in choices
    assert len(names(response)) == 3  # a choice outside the scope is ignored


def test_project_page_shows_budget_in_figures_and_words_and_progress(client, officer_a, projects):
    client.force_login(officer_a)

    response = client.get(reverse("programs:project_detail", args=[projects["campaign"].pk]))

    body = response.text
    assert "125,000.50 บาท" in body
    assert "(หนึ่งแสนสองหมื่นห้าพันบาทห้าสิบสตางค์)" in body
    assert 'aria-valuenow="40"' in body and "pct-40" in body  # width from a class (CSP)
    assert "กำลังดำเนินการ" in body


def test_outsider_gets_404_for_a_project(client, officer_b, projects):
    client.force_login(officer_b)

    assert (
        client.get(reverse("programs:project_detail", args=[projects["campaign"].pk])).status_code
        == 404
    )


# --- Export -------------------------------------------------------------------------------


def test_export_xlsx_has_thai_headers_and_only_the_scope_as_filtered(client, officer_a, projects):
    client.force_login(officer_a)

    response = client.get(EXPORT_URL, {"format": "xlsx", "fiscal_year": "2568"})

    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    rows = list(sheet.values)
    assert rows[0][:4] == ("จังหวัด", "โครงการหลัก", "ปีงบประมาณ", "ชื่อโครงการ/กิจกรรม")
    assert {row[3] for row in rows[1:]} == {"รณรงค์วันต่อต้านยาเสพติดโลก", "ธนาคารอาหารชุมชน"}


def test_export_csv_never_holds_another_province(client, officer_a, projects):
    client.force_login(officer_a)

    response = client.get(EXPORT_URL, {"format": "csv"})

    text = response.getvalue().decode("utf-8-sig")
    assert response["Content-Type"].startswith("text/csv")
    assert "รณรงค์วันต่อต้านยาเสพติดโลก" in text
    assert "ศรีสะเกษ" not in text


def test_export_of_an_unknown_format_is_refused(client, officer_a, projects):
    client.force_login(officer_a)

    assert client.get(EXPORT_URL, {"format": "pdf"}).status_code == 400


# --- Create and edit ------------------------------------------------------------------------


def project_data(projects, **overrides) -> dict:
    data = {
        "program": projects["program"].pk,
        "agency": projects["health"].pk,
        "name": "อบรมแกนนำชมรม",
        "fiscal_year": "๒๕๖๘",
        "budget": "๓๔,๕๐๐",
        "start_date": "8 มิ.ย. 2566",
        "end_date": "30/9/2568",
        "status": "planned",
        "progress": "0",
    }
    return {**data, **overrides}


def test_officer_adds_a_project_with_thai_dates_in_their_own_province(
    client, officer_a, projects, province_a
):
    client.force_login(officer_a)

    response = client.post(CREATE_URL, project_data(projects, province="33"))

    project = Project.objects.get(name="อบรมแกนนำชมรม")
    assert response.status_code == 302
    assert project.province == province_a
    assert project.budget == Decimal("34500")
    assert project.fiscal_year == 2568
    assert project.start_date == datetime.date(2023, 6, 8)


def test_a_christian_era_date_is_refused(client, officer_a, projects):
    client.force_login(officer_a)

    response = client.post(CREATE_URL, project_data(projects, start_date="8/6/2023"))

    assert response.status_code == 200
    assert "start_date" in response.context["form"].errors
    assert not Project.objects.filter(name="อบรมแกนนำชมรม").exists()


def test_officer_cannot_give_a_project_to_another_provinces_agency(client, officer_a, projects):
    client.force_login(officer_a)

    response = client.post(CREATE_URL, project_data(projects, agency=projects["theirs"].pk))

    assert response.status_code == 200
    assert "agency" in response.context["form"].errors
    assert not Project.objects.filter(name="อบรมแกนนำชมรม").exists()


def test_progress_over_100_is_refused_in_thai(client, officer_a, projects):
    client.force_login(officer_a)

    response = client.post(CREATE_URL, project_data(projects, progress="120"))

    assert "ความก้าวหน้าต้องไม่เกินร้อยละ 100" in response.text


def test_objective_must_belong_to_the_chosen_program(client, officer_a, projects):
    objective = ObjectiveFactory(program=ProgramFactory(slug="phetchabun"), fiscal_year=2568)
    client.force_login(officer_a)

    response = client.post(CREATE_URL, project_data(projects, objective=objective.pk))

    assert response.context["form"].errors["objective"] == ["ยุทธศาสตร์นี้ไม่ได้อยู่ในโครงการหลักที่เลือก"]


@pytest.mark.parametrize("role", ["executive_a", "national_executive", "evaluator"])
def test_read_only_roles_get_403_when_adding_a_project(client, request, role, projects):
    client.force_login(request.getfixturevalue(role))

    assert client.get(CREATE_URL).status_code == 403
    assert client.post(CREATE_URL, project_data(projects)).status_code == 403
    assert not Project.objects.filter(name="อบรมแกนนำชมรม").exists()


def test_officer_updates_progress_and_history_shows_it(client, officer_a, projects):
    campaign = projects["campaign"]
    client.force_login(officer_a)

    response = client.post(
        reverse("programs:project_update", args=[campaign.pk]),
        project_data(projects, name=campaign.name, progress="75", status="in_progress"),
    )

    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.progress == 75
    page = client.get(response.url)
    assert "<del>40</del> → <ins>75</ins>" in page.text


def test_edit_form_outsider_404_and_executive_403(client, officer_b, executive_a, projects):
    url = reverse("programs:project_update", args=[projects["campaign"].pk])

    client.force_login(officer_b)
    assert client.get(url).status_code == 404
    assert client.post(url, project_data(projects)).status_code == 404
    client.force_login(executive_a)
    assert client.get(url).status_code == 403
    assert client.post(url, project_data(projects)).status_code == 403
    assert Project.objects.get(pk=projects["campaign"].pk).progress == 40


def test_list_queries_do_not_grow_with_the_number_of_projects(
    client, officer_a, projects, province_a
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries() -> int:
        cache.clear()  # the menu's counts counted each time, not read from the cache
        with CaptureQueriesContext(connection) as captured:
            assert client.get(LIST_URL).status_code == 200
        return len(captured)

    client.force_login(officer_a)
    few = queries()
    for n in range(10):
        agency = AgencyFactory(province=province_a, name=f"หน่วยงานเพิ่ม {n}")
        ProjectFactory(program=projects["program"], province=province_a, agency=agency)

    assert queries() == few
