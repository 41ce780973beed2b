"""Requesting (reuse, scope, enqueue after commit), the task's retry policy, the sweeper
and the monthly schedule."""

import datetime
import os
import socket
import subprocess
import sys
import time
from unittest import mock

import pytest
from django.db import OperationalError
from django.utils import timezone

from reports import services, tasks
from reports.models import ReportStatus
from tests.programs.factories import ClubFactory
from tests.reports.factories import ReportJobFactory, done_job


@pytest.mark.django_db
def test_request_enqueues_the_task_only_after_commit(
    province_a, officer_a, django_capture_on_commit_callbacks
):
    with mock.patch.object(tasks.report_job_render_task, "delay") as delay:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            job = services.report_request(
                kind="club_directory", parameters={"fiscal_year": 2568}, user=officer_a
            )
        delay.assert_not_called()
        for callback in callbacks:
            callback()
    delay.assert_called_once_with(job.pk)
    assert job.status == ReportStatus.QUEUED and job.province_id == "48"
    assert job.parameters == {"province": "48", "fiscal_year": 2568, "thai_digits": False}


@pytest.mark.django_db
def test_same_request_twice_returns_the_pending_job(province_a, officer_a):
    with mock.patch.object(tasks.report_job_render_task, "delay"):
        first = services.report_request(
            kind="club_directory", parameters={"fiscal_year": 2568}, user=officer_a
        )
        second = services.report_request(
            kind="club_directory", parameters={"fiscal_year": "2568"}, user=officer_a
        )
    assert first.pk == second.pk


@pytest.mark.django_db
def test_a_done_report_with_unchanged_data_is_reused_not_rendered(
    province_a, officer_a, executive_a
):
    # Given officer A's finished club directory with the current data version
    parameters = {"province": "48", "fiscal_year": 2568, "thai_digits": False}
    from reports.kinds import registry

    version = registry["club_directory"].data_version(parameters)
    original = done_job(
        province=province_a, requested_by=officer_a, parameters=parameters, data_version=version
    )
    with mock.patch.object(tasks.report_job_render_task, "delay") as delay:
        # when the governor asks for the same report, then they get the same file at once
        copy = services.report_request(
            kind="club_directory", parameters={"fiscal_year": 2568}, user=executive_a
        )
        same = services.report_request(
            kind="club_directory", parameters={"fiscal_year": 2568}, user=officer_a
        )
    delay.assert_not_called()
    assert copy.status == ReportStatus.DONE and copy.requested_by == executive_a
    assert copy.file.name == original.file.name and copy.checksum == original.checksum
    assert same.pk == original.pk


@pytest.mark.django_db
def test_changed_data_makes_a_new_job(province_a, officer_a):
    parameters = {"province": "48", "fiscal_year": 2568, "thai_digits": False}
    from reports.kinds import registry

    done_job(
        province=province_a,
        requested_by=officer_a,
        parameters=parameters,
        data_version=registry["club_directory"].data_version(parameters),
    )
    ClubFactory(district=province_a.districts.first())  # the data changed
    with mock.patch.object(tasks.report_job_render_task, "delay"):
        job = services.report_request(
            kind="club_directory", parameters={"fiscal_year": 2568}, user=officer_a
        )
    assert job.status == ReportStatus.QUEUED


@pytest.mark.django_db
def test_evaluator_cannot_request_province_reports(province_a, evaluator):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.report_request(
            kind="club_directory", parameters={"province": "48"}, user=evaluator
        )


@pytest.mark.django_db
def test_transient_error_is_retried_then_the_job_finishes(province_a):
    job = ReportJobFactory(province=province_a)
    real = services.report_job_render
    calls = []

    def flaky(*, job_id):
        calls.append(job_id)
        if len(calls) == 1:
            raise OperationalError("the database went away")
        return real(job_id=job_id)

    with mock.patch.object(services, "report_job_render", side_effect=flaky):
        tasks.report_job_render_task.apply(args=[job.pk])
    job.refresh_from_db()
    assert len(calls) == 2
    assert job.status == ReportStatus.DONE and job.file


@pytest.mark.django_db
def test_transient_error_every_time_ends_failed_with_a_message(province_a):
    job = ReportJobFactory(province=province_a)
    with mock.patch.object(services, "report_job_render", side_effect=OperationalError("down")):
        tasks.report_job_render_task.apply(args=[job.pk])
    job.refresh_from_db()
    assert job.status == ReportStatus.FAILED
    assert "ลองใหม่ครบ" in job.error


@pytest.mark.django_db
def test_a_bug_ends_failed_without_retry(province_a):
    job = ReportJobFactory(province=province_a)
    with mock.patch.object(services, "report_job_render", side_effect=KeyError("x")) as render:
        tasks.report_job_render_task.apply(args=[job.pk])
    job.refresh_from_db()
    assert render.call_count == 1
    assert job.status == ReportStatus.FAILED and "KeyError" in job.error


@pytest.mark.django_db
def test_soft_time_limit_ends_failed(province_a):
    from celery.exceptions import SoftTimeLimitExceeded

    job = ReportJobFactory(province=province_a)
    with mock.patch.object(services, "report_job_render", side_effect=SoftTimeLimitExceeded()):
        tasks.report_job_render_task.apply(args=[job.pk])
    job.refresh_from_db()
    assert job.status == ReportStatus.FAILED and "นานเกินกำหนด" in job.error


@pytest.mark.django_db
def test_a_finished_job_delivered_again_is_left_alone(province_a):
    job = done_job(province=province_a)
    assert services.report_job_render(job_id=job.pk) is None
    job.refresh_from_db()
    assert job.status == ReportStatus.DONE and job.attempts == 0


@pytest.mark.django_db
def test_a_job_redelivered_too_often_after_worker_deaths_fails(province_a, settings):
    job = ReportJobFactory(
        province=province_a, status=ReportStatus.RUNNING, attempts=settings.REPORTS_MAX_ATTEMPTS
    )
    assert services.report_job_render(job_id=job.pk) is None
    job.refresh_from_db()
    assert job.status == ReportStatus.FAILED and "หยุดทำงาน" in job.error


@pytest.mark.django_db
def test_sweeper_fails_jobs_running_past_the_hard_limit(province_a, settings):
    now = timezone.now()
    stuck = ReportJobFactory(
        province=province_a,
        status=ReportStatus.RUNNING,
        started_at=now
        - datetime.timedelta(
            seconds=settings.REPORTS_TIME_LIMIT + settings.REPORTS_SWEEP_GRACE + 1
        ),
        heartbeat_at=now,  # its worker still beats, but the job has run too long
    )
    fresh = ReportJobFactory(
        province=province_a,
        status=ReportStatus.RUNNING,
        started_at=now,
        heartbeat_at=now,
        parameters={"province": "48", "fiscal_year": 2567},
    )
    assert services.report_jobs_sweep(now=now) == 1
    stuck.refresh_from_db()
    fresh.refresh_from_db()
    assert stuck.status == ReportStatus.FAILED and stuck.error
    assert fresh.status == ReportStatus.RUNNING


# --- a job whose worker is gone, a job no worker took: settled within a minute ----------


def _dead_pid() -> int:
    """The id of a process of this machine that has exited."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def _running(province, *, worker: str, beat_seconds_ago: float, attempts: int = 1):
    beat = timezone.now() - datetime.timedelta(seconds=beat_seconds_ago)
    return ReportJobFactory(
        province=province, status=ReportStatus.RUNNING, attempts=attempts,
        started_at=beat, heartbeat_at=beat, worker=worker,
    )  # fmt: skip


HERE = socket.gethostname()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "worker, beat_seconds_ago, taken_over",
    [
        (f"{HERE}:1", 1, False),  # a live process of this machine is making it
        ("elsewhere:4242", 1, False),  # another machine's worker, still beating
        ("elsewhere:4242", 31, True),  # another machine's worker, quiet past the stale period
        (None, 1, True),  # a process of this machine that has died (its pool process killed)
    ],
)
def test_a_message_for_a_running_job_starts_it_only_when_its_worker_is_gone(
    province_a, worker, beat_seconds_ago, taken_over
):
    job = _running(province_a, worker=worker or f"{HERE}:{_dead_pid()}",
                   beat_seconds_ago=beat_seconds_ago)  # fmt: skip
    claimed = services._claim(job.pk)
    job.refresh_from_db()
    if taken_over:
        assert claimed is not None and job.attempts == 2 and job.worker.endswith(f":{os.getpid()}")
    else:
        assert claimed is None and job.attempts == 1 and job.status == ReportStatus.RUNNING


@pytest.mark.django_db
def test_sweeper_hands_a_quiet_running_job_to_another_worker(province_a, settings):
    quiet = _running(province_a, worker="gone:1", beat_seconds_ago=31)
    beating = ReportJobFactory(
        province=province_a, status=ReportStatus.RUNNING, worker="busy:1",
        started_at=timezone.now() - datetime.timedelta(seconds=200),
        heartbeat_at=timezone.now(), parameters={"province": "48", "fiscal_year": 2567},
    )  # fmt: skip
    with mock.patch.object(tasks.report_job_render_task, "delay") as delay:
        assert services.report_jobs_sweep() == 0
    quiet.refresh_from_db()
    beating.refresh_from_db()
    assert quiet.status == ReportStatus.QUEUED and quiet.enqueued_at is not None
    assert "เครื่องอื่น" in quiet.step
    delay.assert_called_once_with(quiet.pk)
    assert beating.status == ReportStatus.RUNNING


@pytest.mark.django_db
def test_sweeper_fails_a_quiet_job_tried_too_often(province_a, settings):
    quiet = _running(
        province_a, worker="gone:1", beat_seconds_ago=31, attempts=settings.REPORTS_MAX_ATTEMPTS
    )
    with mock.patch.object(tasks.report_job_render_task, "delay") as delay:
        assert services.report_jobs_sweep() == 1
    quiet.refresh_from_db()
    assert quiet.status == ReportStatus.FAILED and "หยุดทำงาน" in quiet.error
    delay.assert_not_called()


@pytest.mark.django_db
def test_a_queued_job_no_worker_took_within_a_minute_is_sent_again(province_a, settings):
    now = timezone.now()
    lost = ReportJobFactory(province=province_a, enqueued_at=now - datetime.timedelta(seconds=61))
    recent = ReportJobFactory(
        province=province_a,
        enqueued_at=now - datetime.timedelta(seconds=30),
        parameters={"province": "48", "fiscal_year": 2567},
    )
    assert settings.REPORTS_RESEND_AFTER <= 60
    with mock.patch.object(tasks.report_job_render_task, "delay") as delay:
        services.report_jobs_sweep(now=now)
    delay.assert_called_once_with(lost.pk)
    lost.refresh_from_db()
    assert lost.enqueued_at > now - datetime.timedelta(seconds=1)  # a minute more before the next
    recent.refresh_from_db()
    assert recent.enqueued_at < now - datetime.timedelta(seconds=29)


def test_beat_sweeps_often_enough_to_settle_a_job_within_a_minute(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["reports-sweep-stuck-jobs"]
    assert entry["schedule"] + settings.REPORTS_HEARTBEAT_STALE <= 60
    assert settings.REPORTS_HEARTBEAT_SECONDS * 2 < settings.REPORTS_HEARTBEAT_STALE


@pytest.mark.django_db(transaction=True)
def test_a_job_being_made_is_touched_while_it_renders(province_a, settings):
    settings.REPORTS_HEARTBEAT_SECONDS = 0.05
    job = _running(province_a, worker=f"{HERE}:{os.getpid()}", beat_seconds_ago=20)
    before = job.heartbeat_at
    with services._heartbeat(job.pk):
        touched = _wait_for(
            lambda: ReportJobFactory._meta.model.objects.get(pk=job.pk).heartbeat_at > before
        )
    assert touched


def _wait_for(predicate, timeout: float = 30) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.02)
    return False


@pytest.mark.django_db
def test_monthly_schedule_queues_one_system_job_per_province_with_data(province_a, province_b):
    ClubFactory(district=province_a.districts.first())
    with mock.patch.object(tasks.report_job_render_task, "delay"):
        jobs = services.report_schedule_monthly(fiscal_year=2568)
    assert [(job.province_id, job.kind, job.requested_by) for job in jobs] == [
        ("48", "provincial_summary", None)
    ]


def test_beat_schedule_sends_monthly_summaries_on_the_first(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["reports-monthly-provincial-summaries"]
    assert entry["task"] == "reports.tasks.report_monthly_summaries_task"
    assert entry["schedule"].day_of_month == {1}
