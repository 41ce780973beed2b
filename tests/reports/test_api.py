"""The reports API: the same requests, scope and files as the pages."""

from unittest import mock

import pytest
from rest_framework.test import APIClient

from reports import tasks
from reports.models import ReportJob, ReportStatus
from tests.programs.test_api_programs import authenticated
from tests.reports.factories import ReportJobFactory, done_job, minutes_meeting

pytestmark = pytest.mark.django_db

API = "/api/v1/reports/"


@pytest.fixture
def queued():
    with mock.patch.object(tasks.report_job_render_task, "delay") as delay:
        yield delay


def test_officer_requests_a_report_and_follows_its_job(officer_a, queued):
    client = authenticated(officer_a)
    response = client.post(
        API,
        {"kind": "club_directory", "parameters": {"fiscal_year": "๒๕๖๘", "club_type": "school"}},
        format="json",
    )
    assert response.status_code == 201, response.json()
    job = ReportJob.objects.get()
    assert response.json()["id"] == job.pk and response.json()["status"] == "queued"
    assert job.parameters == {
        "province": "48",
        "fiscal_year": 2568,
        "thai_digits": False,
        "club_type": "school",
    }
    # the same request again answers the pending job, not a second one
    again = client.post(
        API, {"kind": "club_directory", "parameters": {"fiscal_year": 2568, "club_type": "school"}},
        format="json",
    )  # fmt: skip
    assert again.status_code == 200 and again.json()["id"] == job.pk
    # following it: status, progress, step, error, no download yet
    ReportJob.objects.filter(pk=job.pk).update(
        status=ReportStatus.RUNNING, progress=40, step="กำลังจัดหน้าเอกสาร"
    )
    body = client.get(f"{API}{job.pk}/").json()
    assert (body["status"], body["progress"], body["step"]) == ("running", 40, "กำลังจัดหน้าเอกสาร")
    assert body["error"] == "" and body["download_url"] is None
    assert client.get(f"{API}{job.pk}/download/").status_code == 404


def test_request_is_validated_by_the_kinds_parameters(officer_a, queued):
    client = authenticated(officer_a)
    response = client.post(
        API, {"kind": "provincial_summary", "parameters": {"fiscal_year": 2025}}, format="json"
    )
    assert response.status_code == 400 and "พ.ศ." in response.json()["fiscal_year"][0]
    response = client.post(API, {"kind": "no_such_kind"}, format="json")
    assert response.status_code == 400 and "kind" in response.json()
    response = client.post(API, {"kind": "minutes", "parameters": {}}, format="json")
    assert response.status_code == 400 and "meeting" in response.json()
    assert not ReportJob.objects.exists()
    queued.assert_not_called()


def test_officer_of_another_province_cannot_request_province_a_reports(
    province_a, officer_a, officer_b, queued
):
    meeting = minutes_meeting(province_a, officer=officer_a)
    client = authenticated(officer_b)
    response = client.post(
        API, {"kind": "minutes", "parameters": {"meeting": meeting.pk}}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["meeting"] == ["กรุณาเลือกการประชุมที่ท่านมีสิทธิ์ดูข้อมูล"]
    # another province is refused by name, not replaced by their own
    response = client.post(
        API,
        {"kind": "club_directory", "parameters": {"province": "48", "fiscal_year": 2568}},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["province"] == ["กรุณาเลือกจังหวัดที่ท่านมีสิทธิ์ดูข้อมูล"]
    assert not ReportJob.objects.exists()
    # their own, named or not, is theirs
    for parameters in ({"province": "33", "fiscal_year": 2568}, {"fiscal_year": 2567}):
        response = client.post(
            API, {"kind": "club_directory", "parameters": parameters}, format="json"
        )
        assert response.status_code == 201 and response.json()["province"] == "33"


def test_national_executive_names_the_province(national_executive, province_a, queued):
    client = authenticated(national_executive)
    response = client.post(
        API, {"kind": "provincial_summary", "parameters": {"fiscal_year": 2568}}, format="json"
    )
    assert response.status_code == 400 and "province" in response.json()
    response = client.post(
        API,
        {"kind": "provincial_summary", "parameters": {"province": "48", "fiscal_year": 2568}},
        format="json",
    )
    assert response.status_code == 201 and response.json()["province"] == "48"


def test_evaluator_is_refused(evaluator, queued):
    response = authenticated(evaluator).post(
        API, {"kind": "provincial_summary", "parameters": {"fiscal_year": 2568}}, format="json"
    )
    assert response.status_code == 403
    assert not ReportJob.objects.exists()


def test_list_holds_own_jobs_and_the_province_monthly_ones(
    province_a, province_b, officer_a, officer_b
):
    mine = done_job(province=province_a, requested_by=officer_a)
    monthly_a = done_job(province=province_a, kind="provincial_summary")
    done_job(province=province_b, kind="provincial_summary")
    done_job(province=province_b, requested_by=officer_b)
    ids = [row["id"] for row in authenticated(officer_a).get(API).json()["results"]]
    assert sorted(ids) == sorted([mine.pk, monthly_a.pk])


def test_owner_downloads_the_finished_pdf(province_a, officer_a):
    job = done_job(province=province_a, requested_by=officer_a)
    client = authenticated(officer_a)
    body = client.get(f"{API}{job.pk}/").json()
    assert body["download_url"] == f"http://testserver{API}{job.pk}/download/"
    for accept in ("*/*", "application/pdf"):
        response = client.get(body["download_url"], HTTP_ACCEPT=accept)
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        assert (
            response.getvalue().startswith(b"%PDF")
            and "attachment" in response["Content-Disposition"]
        )


@pytest.mark.parametrize("path", ["", "download/"])
def test_another_users_job_answers_404(province_a, officer_a, executive_a, officer_b, path):
    job = done_job(province=province_a, requested_by=officer_a)
    for user in (executive_a, officer_b):
        assert authenticated(user).get(f"{API}{job.pk}/{path}").status_code == 404


def test_a_failed_job_tells_why(province_a, officer_a):
    job = ReportJobFactory(
        province=province_a, requested_by=officer_a, status=ReportStatus.FAILED,
        error="ใช้เวลาจัดทำรายงานนานเกินกำหนด",
    )  # fmt: skip
    body = authenticated(officer_a).get(f"{API}{job.pk}/").json()
    assert body["status"] == "failed" and body["error"] == "ใช้เวลาจัดทำรายงานนานเกินกำหนด"


def test_reports_are_in_the_openapi_schema(officer_a):
    schema = APIClient().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    paths = schema.json()["paths"]
    assert {"get", "post"} <= set(paths["/api/v1/reports/"])
    assert "application/pdf" in str(paths["/api/v1/reports/{id}/download/"]["get"]["responses"])
