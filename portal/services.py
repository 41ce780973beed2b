"""Backups as jobs: asked for (web, beat, command), made, listed, pruned."""

import datetime
import logging
import tempfile

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.files.storage import storages
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal import backup
from portal.models import BackupJob, BackupOrigin, BackupStatus

logger = logging.getLogger(__name__)


def backup_storage():
    return storages["backups"]


def _passphrase_missing() -> ValidationError:
    return ValidationError(
        _("ยังไม่ได้ตั้งรหัสผ่านของไฟล์สำรอง (BACKUP_PASSPHRASE) บนเครื่องแม่ข่าย จึงสำรองข้อมูลไม่ได้"),
        code="no_passphrase",
    )


def _archive_name(now: datetime.datetime) -> str:
    local = timezone.localtime(now)
    return f"portal-backup-{local:%Y%m%d-%H%M%S}{backup.SUFFIX}"


def backup_to_storage(*, passphrase: str, storage=None) -> tuple[str, int, dict]:
    """Make one archive and put it in the backup storage: (name, size, manifest)."""
    storage = storage or backup_storage()
    with tempfile.TemporaryFile() as sealed:
        manifest = backup.backup_write(sealed, passphrase=passphrase)
        size = sealed.tell()
        sealed.seek(0)
        name = storage.save(_archive_name(timezone.now()), File(sealed))
    return name, size, manifest


def backup_jobs_expire_stale() -> int:
    """Jobs still "running" long after the time limit: their worker died; say so."""
    limit = timezone.now() - datetime.timedelta(seconds=settings.BACKUP_TIME_LIMIT + 300)
    return BackupJob.objects.filter(
        status__in=[BackupStatus.QUEUED, BackupStatus.RUNNING], requested_at__lt=limit
    ).update(
        status=BackupStatus.FAILED,
        error=_("การสำรองหยุดไปโดยไม่เสร็จ (เครื่องประมวลผลหยุดทำงาน) กรุณาสั่งใหม่"),
        finished_at=timezone.now(),
    )


@transaction.atomic
def backup_job_request(*, user) -> BackupJob:
    """An administrator's "back up now": one job at a time, queued to the worker."""
    if not user.is_administrator:
        raise PermissionDenied
    if not settings.BACKUP_PASSPHRASE:
        raise _passphrase_missing()
    backup_jobs_expire_stale()
    running = BackupJob.objects.select_for_update().filter(
        status__in=[BackupStatus.QUEUED, BackupStatus.RUNNING]
    )
    if running.exists():
        raise ValidationError(_("มีการสำรองข้อมูลที่กำลังทำอยู่แล้ว รอให้เสร็จก่อน"), code="busy")
    job = BackupJob(origin=BackupOrigin.WEB, requested_by=user)
    job.full_clean()
    job.save()
    transaction.on_commit(lambda: _enqueue(job.pk))
    return job


def _enqueue(job_id: int) -> None:
    from portal.tasks import backup_make_task

    try:
        backup_make_task.delay(job_id)
    except Exception as error:  # the broker is down: say so on the job, never a 500
        logger.warning("backup job %s not sent: %s", job_id, error)
        BackupJob.objects.filter(pk=job_id, status=BackupStatus.QUEUED).update(
            status=BackupStatus.FAILED,
            error=_("ส่งงานเข้าคิวไม่ได้ (ระบบคิวไม่พร้อม) กรุณาลองใหม่ภายหลัง"),
            finished_at=timezone.now(),
        )


def backup_job_run(*, job_id: int, passphrase: str | None = None) -> BackupJob:
    """Make the job's archive; the job ends done (with its figures) or failed."""
    job = BackupJob.objects.get(pk=job_id)
    if job.status not in (BackupStatus.QUEUED, BackupStatus.RUNNING):
        return job  # delivered twice: already settled
    passphrase = passphrase or settings.BACKUP_PASSPHRASE
    job.status, job.started_at = BackupStatus.RUNNING, timezone.now()
    job.save(update_fields=["status", "started_at"])
    try:
        if not passphrase:
            raise _passphrase_missing()
        name, size, manifest = backup_to_storage(passphrase=passphrase)
    except Exception as error:
        logger.exception("backup job %s failed", job_id)
        message = error.messages[0] if isinstance(error, ValidationError) else str(error)
        job.status, job.error = BackupStatus.FAILED, message or error.__class__.__name__
        job.finished_at = timezone.now()
        job.save(update_fields=["status", "error", "finished_at"])
        return job
    job.status, job.name, job.size = BackupStatus.DONE, name, size
    job.row_count = sum(manifest["rows"].values())
    job.file_count = len(manifest["files"])
    job.missing_files = len(manifest["missing_files"])
    job.finished_at = timezone.now()
    job.full_clean()
    job.save()
    backup_prune(keep=settings.BACKUP_KEEP)
    return job


def backup_daily(*, today: datetime.date | None = None) -> BackupJob | None:
    """Beat's daily backup: at most one a day, however often it fires."""
    today = today or timezone.localdate()
    try:
        with transaction.atomic():
            job, created = BackupJob.objects.get_or_create(
                scheduled_for=today, defaults={"origin": BackupOrigin.SCHEDULED}
            )
    except IntegrityError:  # another beat made it between our read and our write
        return None
    if not created:
        return None
    return backup_job_run(job_id=job.pk)


@transaction.atomic
def backup_prune(*, keep: int) -> list[str]:
    """Delete every archive but the ``keep`` newest, and the jobs older than them."""
    done = BackupJob.objects.filter(status=BackupStatus.DONE).order_by("-finished_at", "-pk")
    kept = list(done[:keep])
    if len(kept) < keep:
        return []
    oldest_kept = kept[-1]
    older = done.exclude(pk__in=[job.pk for job in kept]) | BackupJob.objects.filter(
        status=BackupStatus.FAILED, requested_at__lt=oldest_kept.requested_at
    )
    storage, deleted = backup_storage(), []
    for job in older:
        if job.name:
            storage.delete(job.name)
            deleted.append(job.name)
        job.delete()
    return deleted
