"""The backups page: administrators only; back up now, download, check an archive."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from portal import backup
from portal.models import BackupJob, BackupOrigin, BackupStatus
from portal.services import backup_daily, backup_prune, backup_storage
from tests.portal.factories import done_backup_job

PASSPHRASE = "รหัสผ่านสำรองของเว็บ"
pytestmark = pytest.mark.django_db


@pytest.fixture
def storages_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "backups": {**settings.STORAGES["backups"], "OPTIONS": {"location": str(tmp_path / "b")}},
    }
    settings.BACKUP_PASSPHRASE = PASSPHRASE
    return tmp_path


@pytest.fixture
def run_tasks_inline(monkeypatch):
    from portal import tasks

    monkeypatch.setattr(
        tasks.backup_make_task, "delay", lambda job_id: tasks.backup_make_task(job_id)
    )


def test_backup_now_queues_one_backup_that_the_page_then_lists(
    client, admin_user, storages_in_tmp, run_tasks_inline, django_capture_on_commit_callbacks
):
    client.force_login(admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("portal:backup_create"))
    assert response.status_code == 302
    job = BackupJob.objects.get()
    assert (job.status, job.origin, job.requested_by) == (
        BackupStatus.DONE,
        BackupOrigin.WEB,
        admin_user,
    )
    assert backup_storage().exists(job.name) and job.row_count >= 1

    page = client.get(reverse("portal:backup_list"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "เสร็จแล้ว" in text and str(job.requested_at.year + 543) in text
    assert reverse("portal:backup_download", args=[job.pk]) in text


def test_backup_now_is_refused_while_one_is_in_progress(client, admin_user, storages_in_tmp):
    BackupJob.objects.create(origin=BackupOrigin.WEB, status=BackupStatus.RUNNING)
    client.force_login(admin_user)
    response = client.post(reverse("portal:backup_create"), follow=True)
    assert "มีการสำรองข้อมูลที่กำลังทำอยู่แล้ว" in response.content.decode()
    assert BackupJob.objects.count() == 1


def test_backup_now_without_a_passphrase_on_the_server_says_so(
    client, admin_user, storages_in_tmp, settings
):
    settings.BACKUP_PASSPHRASE = ""
    client.force_login(admin_user)
    response = client.post(reverse("portal:backup_create"), follow=True)
    assert "BACKUP_PASSPHRASE" in response.content.decode()
    assert not BackupJob.objects.exists()


def test_download_is_a_sandboxed_attachment_for_administrators_only(
    client, admin_user, officer_a, storages_in_tmp
):
    job = done_backup_job()
    url = reverse("portal:backup_download", args=[job.pk])
    client.force_login(officer_a)
    assert client.get(url).status_code == 403
    client.force_login(admin_user)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content) == b"PMBACKUP test"


@pytest.mark.parametrize("role", ["officer_a", "executive_a", "evaluator", "national_executive"])
def test_other_roles_are_refused_every_backup_page(client, role, request, storages_in_tmp):
    client.force_login(request.getfixturevalue(role))
    for name in ["portal:backup_list", "portal:backup_check"]:
        assert client.get(reverse(name)).status_code == 403
    assert client.post(reverse("portal:backup_create")).status_code == 403
    assert not BackupJob.objects.exists()


def _sealed(passphrase=PASSPHRASE) -> bytes:
    raw = io.BytesIO()
    backup.backup_write(raw, passphrase=passphrase)
    return raw.getvalue()


@pytest.mark.parametrize(
    "spoil, passphrase, verdict",
    [
        (lambda data: data, PASSPHRASE, "ไฟล์สำรองสมบูรณ์"),
        (lambda data: data, "ผิด", "รหัสผ่านของไฟล์สำรองไม่ถูกต้อง"),
        (lambda data: data[:-40], PASSPHRASE, "ไฟล์สำรองเสียหายหรือไม่ครบ"),
        (lambda data: data[:200] + bytes([data[200] ^ 1]) + data[201:], PASSPHRASE,
         "ไฟล์สำรองเสียหายหรือไม่ครบ"),
    ],
)  # fmt: skip
def test_check_an_archive_says_intact_wrong_passphrase_or_damaged(
    client, admin_user, storages_in_tmp, spoil, passphrase, verdict
):
    archive = spoil(_sealed())
    client.force_login(admin_user)
    response = client.post(
        reverse("portal:backup_check"),
        {"archive": SimpleUploadedFile("x.pmbackup", archive), "passphrase": passphrase},
    )
    assert response.status_code == 200
    assert verdict in response.content.decode()


def test_the_daily_backup_is_made_once_a_day(storages_in_tmp):
    import datetime

    day = datetime.date(2026, 12, 6)
    first = backup_daily(today=day)
    assert first.status == BackupStatus.DONE
    assert backup_daily(today=day) is None  # beat fired twice, or a second beat
    assert BackupJob.objects.filter(origin=BackupOrigin.SCHEDULED).count() == 1


def test_only_the_newest_archives_are_kept(storages_in_tmp, settings):
    jobs = [done_backup_job() for _ in range(4)]
    deleted = backup_prune(keep=2)
    assert set(BackupJob.objects.values_list("pk", flat=True)) == {jobs[2].pk, jobs[3].pk}
    assert sorted(deleted) == sorted(job.name for job in jobs[:2])
    assert not any(backup_storage().exists(name) for name in deleted)
    assert all(backup_storage().exists(job.name) for job in jobs[2:])


def test_beat_runs_the_daily_backup(settings):
    from config.celery_app import app

    entry = settings.CELERY_BEAT_SCHEDULE["portal-daily-backup"]
    assert entry["task"] in app.tasks
