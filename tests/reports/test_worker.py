"""Reports through real Celery worker processes and Redis: the whole journey from the
page, and a worker killed mid-job (SIGKILL)."""

import os
import signal
import time

import pytest
from django.urls import reverse

from programs.models import Club
from reports import services
from reports.kinds import registry
from reports.models import ReportJob, ReportStatus
from reports.tasks import report_job_render_task
from tests.faults.servers import child_pids
from tests.reports.factories import minutes_meeting, province_report_data
from tests.reports.pdf_checks import pdf_text, squeeze
from tests.worker_processes import start_worker, stop_worker, wait_for, wait_until_ready

KILL_QUEUE = "reports-kill-test"

pytestmark = pytest.mark.worker


@pytest.mark.django_db(transaction=True)
def test_report_requested_on_the_page_is_rendered_by_the_worker_and_downloaded(
    client, province_a, officer_a, celery_worker_process
):
    # Given province A's data and its officer signed in
    province_report_data(province_a, entered_by=officer_a)
    client.force_login(officer_a)
    # when they ask for the provincial summary on the page
    response = client.post(
        reverse("reports:job_create"), {"kind": "provincial_summary", "fiscal_year": "2568"}
    )
    job = ReportJob.objects.get()
    assert response["Location"] == reverse("reports:job_detail", args=[job.pk])

    # then the progress partial reports the job until the worker has finished it
    def finished():
        body = client.get(reverse("reports:job_progress", args=[job.pk])).content.decode()
        return body if "hx-trigger" not in body else None

    body = wait_for(finished, timeout=90, interval=0.5)
    assert body is not None, "the job did not finish within 90 s; see var/test-worker.log"
    job.refresh_from_db()
    assert job.status == ReportStatus.DONE, job.error
    assert reverse("reports:job_download", args=[job.pk]) in body
    # and the download is the PDF, with its Thai text intact
    pdf = client.get(reverse("reports:job_download", args=[job.pk])).getvalue()
    assert pdf.startswith(b"%PDF") and len(pdf) == job.size
    assert "สรุปผลการดำเนินงานจังหวัดนครพนม" in squeeze(pdf_text(pdf))


@pytest.mark.django_db(transaction=True)
def test_minutes_requested_from_the_meeting_page_are_rendered_by_the_worker(
    client, province_a, officer_a, celery_worker_process
):
    # Given a meeting of province A; when its officer presses the button on the meeting page
    meeting = minutes_meeting(province_a, officer=officer_a)
    client.force_login(officer_a)
    response = client.post(
        reverse("reports:job_create"), {"kind": "minutes", "meeting": str(meeting.pk)}
    )
    job = ReportJob.objects.get()
    assert response["Location"] == reverse("reports:job_detail", args=[job.pk])
    # then the worker renders the minutes and the download is the Form 11 PDF
    finished = wait_for(
        lambda: ReportJob.objects.filter(pk=job.pk, status__in=["done", "failed"]).first(), 90, 0.5
    )
    assert finished is not None, "the job did not finish within 90 s; see var/test-worker.log"
    assert finished.status == ReportStatus.DONE, finished.error
    pdf = client.get(reverse("reports:job_download", args=[job.pk])).getvalue()
    flat = squeeze(pdf_text(pdf))
    assert "ครั้งที่1/2567" in flat and "ผู้ตรวจรายงานการประชุม" in flat


# --- a worker killed mid-job ----------------------------------------------------------------


@pytest.fixture
def kill_test_worker(transactional_db):
    """A worker of our own, on its own queue, that the test may kill."""
    workers = []

    def start(queues: str = KILL_QUEUE):
        name = f"kill-test-{len(workers)}"
        # Beat often, so that a killed worker's job is seen quiet in seconds.
        worker = start_worker(name, queues, {"REPORTS_HEARTBEAT_SECONDS": "1"})
        workers.append(worker)
        assert wait_until_ready(name), f"worker {name} did not start; see var/test-{name}.log"
        return worker

    yield start
    for worker in workers:
        for child in child_pids(worker.pid):
            os.kill(child, signal.SIGKILL)
        stop_worker(worker)


def _slow_job(province, officer) -> ReportJob:
    """A club directory long enough (several seconds) to be killed while it renders."""
    province_report_data(province, entered_by=officer, clubs_per_district=1, districts=1)
    district = province.districts.first()
    Club.objects.bulk_create(
        Club(
            province=province,
            district=district,
            club_type="community",
            name=f"ชมรม TO BE NUMBER ONE ชุมชนบ้านหนองญาติ หมู่ที่ {n}",
            host_organisation="องค์การบริหารส่วนตำบล",
        )
        for n in range(400)
    )
    parameters = registry["club_directory"].clean_parameters(
        {"province": province.code, "fiscal_year": 2568}, user=officer
    )
    return services.report_job_create(kind="club_directory", parameters=parameters, user=officer)


def _kill_while_running(worker, job) -> None:
    running = wait_for(
        lambda: ReportJob.objects.filter(pk=job.pk, status=ReportStatus.RUNNING).exists(), 60
    )
    assert running, "the worker never started the job"
    children = child_pids(worker.pid)
    assert children, "no pool process to kill"
    for child in children:
        os.kill(child, signal.SIGKILL)


@pytest.mark.faults
@pytest.mark.django_db(transaction=True)
def test_pool_process_killed_mid_job_the_job_is_delivered_again_and_finishes(
    province_a, officer_a, kill_test_worker
):
    worker = kill_test_worker()
    job = _slow_job(province_a, officer_a)
    report_job_render_task.apply_async(args=[job.pk], queue=KILL_QUEUE)
    # when the process rendering the job is killed with SIGKILL
    _kill_while_running(worker, job)
    # then the message is rejected back to the queue (acks_late, reject_on_worker_lost),
    # a new pool process takes it, and the job ends done on its second attempt
    finished = wait_for(
        lambda: ReportJob.objects.filter(pk=job.pk, status__in=["done", "failed"]).first(), 120, 0.5
    )
    assert finished is not None, "the job never finished; see var/test-kill-test-0.log"
    assert finished.status == ReportStatus.DONE, finished.error
    assert finished.attempts == 2


@pytest.mark.faults
@pytest.mark.django_db(transaction=True)
def test_whole_worker_killed_mid_job_another_worker_makes_it_within_a_minute(
    province_a, officer_a, kill_test_worker, settings
):
    settings.REPORTS_HEARTBEAT_STALE = 5  # as the sweeper of beat reads it (30 s by default)
    worker = kill_test_worker()
    job = _slow_job(province_a, officer_a)
    report_job_render_task.apply_async(args=[job.pk], queue=KILL_QUEUE)
    _kill_while_running(worker, job)
    os.kill(worker.pid, signal.SIGKILL)  # the main process too: nothing acks or rejects
    worker.wait()
    killed_at = time.monotonic()
    # The unacknowledged message would come back only after the broker's visibility
    # timeout (an hour in production); the job's heartbeat has stopped instead.
    assert ReportJob.objects.get(pk=job.pk).status == ReportStatus.RUNNING
    # when another worker is up and beat's sweeper runs (here every half second)
    kill_test_worker(queues=f"{KILL_QUEUE},celery")

    def swept_and_finished():
        services.report_jobs_sweep()
        return ReportJob.objects.filter(pk=job.pk, status__in=["done", "failed"]).first()

    finished = wait_for(swept_and_finished, 120, 0.5)
    # then the job is handed to the new worker and made, not failed
    assert finished is not None, "the job never finished; see var/test-kill-test-1.log"
    assert finished.status == ReportStatus.DONE, finished.error
    assert finished.attempts == 2
    print(f"made again {time.monotonic() - killed_at:.1f} s after the worker was killed")
    # and if the old message does come back later, the finished job is left alone
    assert services.report_job_render(job_id=job.pk) is None
