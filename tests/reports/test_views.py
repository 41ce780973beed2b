"""The report pages: request, progress partial, my reports, download — and their scope."""

from unittest import mock

import pytest
from django.urls import reverse

from reports import tasks
from reports.models import ReportJob, ReportStatus
from tests.reports.factories import ReportJobFactory, done_job


@pytest.fixture
def job_a(province_a, officer_a):
    return done_job(province=province_a, requested_by=officer_a)


@pytest.mark.django_db
def test_officer_requests_a_report_and_lands_on_its_page(client, officer_a):
    client.force_login(officer_a)
    with mock.patch.object(tasks.report_job_render_task, "delay"):
        response = client.post(
            reverse("reports:job_create"),
            {"kind": "club_directory", "fiscal_year": "๒๕๖๘", "club_type": "school"},
        )
    job = ReportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "reports:job_detail", args=[job.pk]
    )
    assert job.parameters == {
        "province": "48",
        "fiscal_year": 2568,
        "thai_digits": False,
        "club_type": "school",
    }


@pytest.mark.django_db
def test_national_executive_chooses_the_province(client, national_executive, province_b):
    client.force_login(national_executive)
    with mock.patch.object(tasks.report_job_render_task, "delay"):
        response = client.post(
            reverse("reports:job_create"),
            {"kind": "provincial_summary", "province": "33", "fiscal_year": "2568"},
        )
    assert response.status_code == 302
    assert ReportJob.objects.get().province_id == "33"


@pytest.mark.django_db
def test_form_refuses_a_christian_era_year(client, officer_a):
    client.force_login(officer_a)
    response = client.post(
        reverse("reports:job_create"), {"kind": "club_directory", "fiscal_year": "2025"}
    )
    assert response.status_code == 200 and "พ.ศ." in response.content.decode()
    assert not ReportJob.objects.exists()


@pytest.mark.django_db
def test_evaluator_gets_403_on_the_request_form(client, evaluator):
    client.force_login(evaluator)
    assert client.get(reverse("reports:job_create")).status_code == 403


@pytest.mark.django_db
def test_progress_partial_polls_until_done(client, province_a, officer_a):
    running = ReportJobFactory(
        province=province_a,
        requested_by=officer_a,
        status=ReportStatus.RUNNING,
        progress=40,
        step="กำลังจัดหน้าเอกสาร",
    )
    client.force_login(officer_a)
    body = client.get(reverse("reports:job_progress", args=[running.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in body and "กำลังจัดหน้าเอกสาร" in body and "40%" in body
    running.status, running.progress = ReportStatus.FAILED, 40
    running.error = "ใช้เวลานานเกินกำหนด"
    running.save()
    body = client.get(reverse("reports:job_progress", args=[running.pk])).content.decode()
    assert "hx-trigger" not in body and "ใช้เวลานานเกินกำหนด" in body


@pytest.mark.django_db
def test_owner_downloads_the_pdf(client, officer_a, job_a):
    client.force_login(officer_a)
    response = client.get(reverse("reports:job_download", args=[job_a.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.streaming  # from the storage in blocks, never read whole
    assert response.getvalue().startswith(b"%PDF")
    assert "attachment" in response["Content-Disposition"]


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["job_detail", "job_progress", "job_download"])
def test_another_users_job_answers_404(client, job_a, executive_a, officer_b, name):
    # Same province (the governor) or another province: not theirs, not found.
    for user in (executive_a, officer_b):
        client.force_login(user)
        assert client.get(reverse(f"reports:{name}", args=[job_a.pk])).status_code == 404


@pytest.mark.django_db
def test_my_reports_lists_own_jobs_and_the_province_monthly_ones(
    client, province_a, province_b, officer_a, officer_b, job_a
):
    monthly_a = done_job(province=province_a, kind="provincial_summary")
    monthly_b = done_job(province=province_b, kind="provincial_summary")
    other = done_job(province=province_b, requested_by=officer_b)
    client.force_login(officer_a)
    jobs = list(client.get(reverse("reports:job_list")).context["object_list"])
    assert job_a in jobs and monthly_a in jobs
    assert monthly_b not in jobs and other not in jobs


@pytest.mark.django_db
def test_download_of_an_unfinished_job_is_404(client, province_a, officer_a):
    job = ReportJobFactory(province=province_a, requested_by=officer_a)
    client.force_login(officer_a)
    assert client.get(reverse("reports:job_download", args=[job.pk])).status_code == 404
